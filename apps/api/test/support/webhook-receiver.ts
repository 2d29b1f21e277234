import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

/** The body a receiver answers with (default: `answer <n>` as text/plain). */
export interface ReceiverAnswer {
  contentType: string;
  body: (n: number) => string;
}

/** A local receiver that answers each path by a plan (the nth request to it, from 1). */
export class Receiver {
  readonly requests: Received[] = [];
  /** Holds every answer this long (the request is recorded on arrival), e.g. to kill mid-send. */
  answerDelayMs = 0;
  private readonly plans = new Map<string, (n: number) => number>();
  private server?: Server;
  private port = 0;

  constructor(
    private readonly answer: ReceiverAnswer = {
      contentType: 'text/plain',
      body: (n) => `answer ${n}`,
    },
  ) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        const path = req.url ?? '/';
        const n = this.at(path).length + 1;
        const status = (this.plans.get(path) ?? (() => 200))(n);
        this.requests.push({ path, headers: req.headers, body, status });
        const answer = () =>
          res
            .writeHead(status, { 'content-type': this.answer.contentType })
            .end(this.answer.body(n));
        if (this.answerDelayMs > 0) setTimeout(answer, this.answerDelayMs);
        else answer();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** A fresh path with the given plan. */
  path(plan: (n: number) => number = () => 200): string {
    const path = `/hook-${randomBytes(4).toString('hex')}`;
    this.plans.set(path, plan);
    return path;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  at(path: string): Received[] {
    return this.requests.filter((r) => r.path === path);
  }
}
