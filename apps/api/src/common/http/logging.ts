import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { Options } from 'pino-http';
import type { AppConfig } from '@api/config/app-config';
import { traceLogMixin } from '@api/tracing/tracing';

/** Never logged, wherever they appear in a logged object. */
const SECRET_KEYS = ['password', 'token', 'secret', 'apiKey', 'accessToken', 'credentials'];

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  // At the top level, one level down and two levels down of any logged object.
  ...SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
];

/** Query parameters whose values are never logged (e.g. RFC 6750's `access_token`). */
const SECRET_QUERY_PARAM =
  /pass(word|wd)|pwd|token|secret|api[-_]?key|credential|signature|^sig$|^key$|^auth|session/i;

/** The URL as logged: values of secret-looking query parameters replaced by `[redacted]`. */
export function redactUrl(url: string): string {
  const start = url.indexOf('?');
  if (start < 0) return url;
  const query = url
    .slice(start + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const rawName = equals < 0 ? pair : pair.slice(0, equals);
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        // A malformed escape: judge the raw name.
      }
      return equals >= 0 && SECRET_QUERY_PARAM.test(name) ? `${rawName}=[redacted]` : pair;
    })
    .join('&');
  return `${url.slice(0, start)}?${query}`;
}

const INCOMING_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** `destination` lets tests read what would be written to stdout. */
export function createRootLogger(
  config: Pick<AppConfig, 'LOG_LEVEL' | 'LOG_PRETTY'>,
  destination?: DestinationStream,
): Logger {
  // With tracing on, each line carries the active trace (`traceId`, `spanId`) next to `req.id`.
  const mixin = traceLogMixin();
  const options: LoggerOptions = {
    level: config.LOG_LEVEL,
    ...(mixin ? { mixin } : {}),
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: { service: 'api' },
    timestamp: pino.stdTimeFunctions.isoTime,
    transport:
      config.LOG_PRETTY && !destination
        ? { target: 'pino-pretty', options: { singleLine: true } }
        : undefined,
  };
  return destination ? pino(options, destination) : pino(options);
}

/** The request's id: a caller's sane X-Request-Id, else a new UUID. */
export function requestIdFor(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && INCOMING_REQUEST_ID.test(incoming)
    ? incoming
    : randomUUID();
}

/** pino-http's genReqId: the request's id, also sent as X-Request-Id. */
function assignRequestId(req: IncomingMessage, res: ServerResponse): string {
  const id = requestIdFor(req);
  res.setHeader('X-Request-Id', id);
  return id;
}

/** pino-http options: a request id per request (a caller's sane X-Request-Id is kept). */
export function httpLoggerOptions(logger: Logger): Options {
  return {
    logger,
    genReqId: assignRequestId,
    customLogLevel: (_req, res, error) =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        url: redactUrl(req.url),
      }),
    },
    autoLogging: {
      ignore: (req) => (req.url?.startsWith('/health') || req.url?.startsWith('/metrics')) ?? false,
    },
  };
}
