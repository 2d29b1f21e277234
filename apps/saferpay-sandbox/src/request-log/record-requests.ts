import type { NextFunction, Request, Response } from 'express';
import { contextOf, header } from '../http/request-context';
import type { RequestLog } from './request-log';

const CUSTOMER = /^\/api\/rest\/customers\/([^/]+)/i;
const TERMINAL = /^\/api\/rest\/customers\/[^/]+\/terminals\/([^/]+)/i;

function decode(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function basicUser(authorization: string | undefined): string | undefined {
  const m = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
  if (!m?.[1]) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 ? decoded.slice(0, colon) : undefined;
}

/** Logs every call under /api to the request log (and optionally one line to stdout). */
export function recordRequests(log: RequestLog, echo: boolean) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = Date.now();
    const queryIndex = req.originalUrl.indexOf('?');
    const path = req.originalUrl.slice(0, queryIndex < 0 ? undefined : queryIndex);
    const entry = log.start({
      method: req.method,
      path,
      query: queryIndex < 0 ? '' : req.originalUrl.slice(queryIndex + 1),
      customerId: decode(CUSTOMER.exec(path)?.[1]),
      terminalId: decode(TERMINAL.exec(path)?.[1]),
      requestId: header(req, 'Saferpay-RequestId'),
      apiVersion: header(req, 'Saferpay-ApiVersion'),
      username: basicUser(header(req, 'Authorization')),
      startedAt: new Date(started).toISOString(),
    });
    let done = false;
    const finish = (aborted: boolean) => {
      if (done) return;
      done = true;
      const context = contextOf(req);
      entry.operation = context.operation;
      entry.fault = context.fault;
      entry.aborted = aborted;
      entry.status = aborted ? null : res.statusCode;
      entry.errorName = context.errorName;
      const finished = Date.now();
      entry.finishedAt = new Date(finished).toISOString();
      entry.durationMs = finished - started;
      if (echo) {
        process.stdout.write(
          `${entry.method} ${entry.path} -> ${entry.status ?? 'no answer'} ${entry.durationMs}ms` +
            `${entry.operation ? ` ${entry.operation}` : ''}${entry.fault ? ` [fault: ${entry.fault}]` : ''}\n`,
        );
      }
    };
    res.on('finish', () => finish(false));
    res.on('close', () => finish(!res.writableFinished));
    next();
  };
}
