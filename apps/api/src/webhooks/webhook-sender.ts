import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import { StringDecoder } from 'node:string_decoder';
import { RESPONSE_EXCERPT_BYTES } from './webhook-delivery-attempt.entity';

export interface WebhookRequest {
  url: URL;
  /** The address the target policy checked: the connection goes there and nowhere else. */
  address: string;
  family: 4 | 6;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

export interface WebhookResponse {
  /** Null when no HTTP answer came. */
  statusCode: number | null;
  error: string | null;
  responseExcerpt: string | null;
  durationMs: number;
}

const MAX_ERROR_LENGTH = 500;

/**
 * One POST, with no redirects followed and no connection reuse. The host name
 * stays in the URL (Host header, TLS server name and certificate check) while
 * `lookup` pins the socket to the checked address, so DNS is not asked again.
 * Never rejects: every failure is part of the answer.
 */
export function sendWebhook(request: WebhookRequest): Promise<WebhookResponse> {
  const { url, address, family, body, timeoutMs } = request;
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    let statusCode: number | null = null;
    const chunks: Buffer[] = [];
    let received = 0;
    const finish = (error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client.destroy();
      // The decoder holds back a character cut in half at the 1 KiB mark; Postgres text refuses NUL.
      const excerpt = new StringDecoder('utf8')
        .write(Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES))
        .replace(/\0/g, '');
      resolve({
        statusCode,
        error: error === null ? null : error.slice(0, MAX_ERROR_LENGTH),
        responseExcerpt: statusCode === null ? null : excerpt,
        durationMs: Math.round(performance.now() - started),
      });
    };
    const pinned: LookupFunction = (_hostname, options, callback) => {
      if (options.all) callback(null, [{ address, family }]);
      else callback(null, address, family);
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const client = send({
      protocol: url.protocol,
      hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      headers: { ...request.headers, 'content-length': String(Buffer.byteLength(body)) },
      lookup: pinned,
      agent: false,
    });
    const timer = setTimeout(
      () => finish(statusCode === null ? `timed out after ${timeoutMs} ms` : null),
      timeoutMs,
    );
    client.on('response', (response: IncomingMessage) => {
      statusCode = response.statusCode ?? null;
      response.on('data', (chunk: Buffer) => {
        if (received < RESPONSE_EXCERPT_BYTES) chunks.push(chunk);
        received += chunk.length;
        // Only the excerpt is kept: a receiver streaming forever does not hold the attempt.
        if (received >= RESPONSE_EXCERPT_BYTES) finish(null);
      });
      response.on('end', () => finish(null));
      response.on('error', () => finish(null));
    });
    client.on('error', (error: Error & { code?: string }) =>
      finish(
        error.code && !error.message.includes(error.code)
          ? `${error.code}: ${error.message}`
          : error.message,
      ),
    );
    client.end(body);
  });
}
