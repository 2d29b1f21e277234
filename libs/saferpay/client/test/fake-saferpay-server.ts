import {
  createServer,
  type IncomingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the fake server saw it, with timestamps to measure overlap. */
export interface RecordedRequest {
  method: string;
  /** Full path as received, e.g. `/api/rest/customers/123456/terminals`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  receivedAt: number;
  respondedAt?: number;
}

/** What to answer. `hang` never answers; `destroy` resets the connection. */
export interface FakeReply {
  status?: number;
  json?: unknown;
  text?: string;
  contentType?: string;
  delayMs?: number;
  hang?: boolean;
  destroy?: boolean;
}

export type FakeHandler = (request: RecordedRequest) => FakeReply;

/** Local stand-in for Saferpay on 127.0.0.1:0, mounted at `/api` like the real hosts. */
export class FakeSaferpayServer {
  readonly requests: RecordedRequest[] = [];
  handler: FakeHandler = () => ({ status: 200, json: {} });
  /** Highest number of requests in flight at once. */
  maxInFlight = 0;
  private inFlight = 0;

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
  ) {}

  static async start(): Promise<FakeSaferpayServer> {
    // The request listener needs the instance, which needs the listening server's port.
    const holder: { instance?: FakeSaferpayServer } = {};
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () =>
        holder.instance?.handle(req.method ?? '', req.url ?? '', req.headers, chunks, res),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    holder.instance = new FakeSaferpayServer(server, `http://127.0.0.1:${port}/api`);
    return holder.instance;
  }

  /** Answers the next calls in order, then falls back to `handler`. */
  replyInOrder(...replies: FakeReply[]): void {
    const queue = [...replies];
    const fallback = this.handler;
    this.handler = (request) => queue.shift() ?? fallback(request);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(
    method: string,
    rawUrl: string,
    headers: IncomingHttpHeaders,
    chunks: Buffer[],
    res: ServerResponse,
  ): void {
    const url = new URL(rawUrl, 'http://fake');
    const request: RecordedRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers,
      body: Buffer.concat(chunks).toString('utf8'),
      receivedAt: Date.now(),
    };
    this.requests.push(request);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const reply = this.handler(request);
    const finish = (): void => {
      this.inFlight -= 1;
      request.respondedAt = Date.now();
    };
    if (reply.hang) {
      res.on('close', finish);
      return;
    }
    setTimeout(() => {
      if (reply.destroy) {
        finish();
        res.socket?.destroy();
        return;
      }
      const status = reply.status ?? 200;
      const body = reply.json !== undefined ? JSON.stringify(reply.json) : (reply.text ?? '');
      const contentType =
        reply.contentType ??
        (reply.json !== undefined ? 'application/json; charset=utf-8' : 'text/plain');
      finish();
      res.writeHead(status, body ? { 'Content-Type': contentType } : {});
      res.end(body);
    }, reply.delayMs ?? 0);
  }
}

/** A Saferpay error body as the spec describes it. */
export function saferpayError(
  behavior: 'DO_NOT_RETRY' | 'OTHER_MEANS' | 'RETRY' | 'RETRY_LATER',
  errorName: string,
  errorMessage = 'Something failed',
  errorDetail?: string[],
): Record<string, unknown> {
  return {
    ResponseHeader: { SpecVersion: '1.53', RequestId: 'echo' },
    Behavior: behavior,
    ErrorName: errorName,
    ErrorMessage: errorMessage,
    ...(errorDetail ? { ErrorDetail: errorDetail } : {}),
  };
}
