import express, { type Express, type Request, type Response } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { adminRouter } from './admin/admin-router';
import { SandboxClock, systemClock, type Clock } from './clock/clock';
import { FaultRegistry } from './faults/fault-registry';
import { sendNotFound } from './http/bare-responses';
import { managementErrorHandler } from './http/error-handler';
import { securePayGatePage } from './payment-page/secure-pay-gate-page';
import { recordRequests } from './request-log/record-requests';
import { RequestLog } from './request-log/request-log';
import { managementRouter } from './routes/management-router';
import type { ReseedRequest, SandboxRuntime } from './runtime';
import { buildSeed, type SeedSource } from './seed/build-seed';
import { SandboxState } from './state/sandbox-state';

export { ManualClock, systemClock, type Clock } from './clock/clock';

export interface SandboxOptions {
  /** Generated accounts (default 5); ignored with `fixture`. */
  accounts?: number;
  /** PRNG seed of the generated data (default 42). */
  seed?: number;
  /** Fixture: parsed document or path to a JSON file (schema in README). */
  fixture?: unknown;
  /** Days of generated transaction history (default 60). */
  historyDays?: number;
  /** Time source (default system clock); the admin API can shift it further. */
  clock?: Clock;
  /** Highest accepted Saferpay-ApiVersion (default "1.53"). */
  latestSpecVersion?: string;
  /** Simulated duration of a transaction report, during which a parallel one is refused (default 50). */
  reportProcessingMs?: number;
  /** Seed of the fault PRNGs (default: `seed`). */
  faultSeed?: number;
  /** Base of SPG PaymentLinks (default: the sandbox's own URL once started, else https://test.saferpay.com). */
  paymentLinkBaseUrl?: string;
  /** Writes one line per Management API call to stdout (default false). */
  logRequests?: boolean;
  /** Request log capacity (default 10000). */
  requestLogLimit?: number;
  /** Largest request body (default 1 MiB); larger is a bare 413. */
  bodyLimitBytes?: number;
}

export interface Sandbox {
  readonly app: Express;
  readonly runtime: SandboxRuntime;
  readonly state: SandboxState;
  readonly clock: SandboxClock;
  readonly faults: FaultRegistry;
  readonly requestLog: RequestLog;
  /** The listening server, once started. */
  readonly server: Server | undefined;
  /** "http://127.0.0.1:PORT"; throws before start(). */
  readonly url: string;
  /** `${url}/api`: the baseUrl a Saferpay client uses (like https://test.saferpay.com/api). */
  readonly apiBaseUrl: string;
  /** Listens (default port 0 = any free port, host 127.0.0.1); resolves to `url`. */
  start(port?: number, host?: string): Promise<string>;
  /** Re-seeds and clears tokens, offers, faults, the request log and the clock offset. */
  reseed(request?: ReseedRequest): number;
  /** Stops listening and ends every open connection, including hanging ones. Idempotent. */
  close(): Promise<void>;
}

function urlOf(address: AddressInfo): string {
  const host =
    address.address === '0.0.0.0' || address.address === '::'
      ? '127.0.0.1'
      : address.family === 'IPv6'
        ? `[${address.address}]`
        : address.address;
  return `http://${host}:${address.port}`;
}

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const initial: SeedSource = {
    seed: options.seed ?? 42,
    accounts: options.accounts ?? 5,
    fixture: options.fixture,
    historyDays: options.historyDays,
  };
  const clock = new SandboxClock(options.clock ?? systemClock);
  const state = new SandboxState(buildSeed(initial, clock.now()));
  const faultSeed = options.faultSeed ?? initial.seed;
  const requestLog = new RequestLog(options.requestLogLimit);
  const shutdown = new AbortController();
  let server: Server | undefined;
  let url: string | undefined;
  let faults = new FaultRegistry(faultSeed);

  const runtime: SandboxRuntime = {
    state,
    clock,
    get faults() {
      return faults;
    },
    requestLog,
    config: {
      latestSpecVersion: options.latestSpecVersion ?? '1.53',
      reportProcessingMs: options.reportProcessingMs ?? 50,
      bodyLimitBytes: options.bodyLimitBytes ?? 1024 * 1024,
    },
    shutdown: shutdown.signal,
    paymentLinkBase: () => options.paymentLinkBaseUrl ?? url ?? 'https://test.saferpay.com',
    reseed: (request = {}) => {
      const source: SeedSource =
        request.fixture !== undefined
          ? { ...initial, fixture: request.fixture }
          : request.seed !== undefined || request.accounts !== undefined
            ? {
                ...initial,
                fixture: undefined,
                seed: request.seed ?? initial.seed,
                accounts: request.accounts ?? initial.accounts,
              }
            : initial;
      clock.reset();
      state.load(buildSeed(source, clock.now()));
      faults = new FaultRegistry(source.seed === initial.seed ? faultSeed : source.seed);
      requestLog.clear();
      return state.accounts().length;
    },
  };

  const startedAt = new Date();
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use('/__admin', adminRouter(runtime, startedAt));
  app.use(securePayGatePage(runtime));
  app.use('/api', recordRequests(requestLog, options.logRequests === true));
  app.use(managementRouter(runtime));
  app.use((_req: Request, res: Response) => sendNotFound(res));
  app.use(managementErrorHandler(runtime.config.latestSpecVersion));

  return {
    app,
    runtime,
    state,
    clock,
    get faults() {
      return faults;
    },
    requestLog,
    get server() {
      return server;
    },
    get url() {
      if (url === undefined) throw new Error('sandbox not started');
      return url;
    },
    get apiBaseUrl() {
      if (url === undefined) throw new Error('sandbox not started');
      return `${url}/api`;
    },
    reseed: (request) => runtime.reseed(request ?? {}),
    start(port = 0, host = '127.0.0.1') {
      if (shutdown.signal.aborted) return Promise.reject(new Error('sandbox closed'));
      if (server) return Promise.reject(new Error('sandbox already started'));
      return new Promise((resolve, reject) => {
        const listening = app.listen(port, host);
        // Idle sockets outlive the clients' own idle timeout (undici: 4 s), so a client never
        // reuses a socket the server is closing at that moment ("other side closed").
        listening.keepAliveTimeout = 65_000;
        listening.headersTimeout = 66_000;
        listening.once('error', reject);
        listening.once('listening', () => {
          server = listening;
          url = urlOf(listening.address() as AddressInfo);
          resolve(url);
        });
      });
    },
    close() {
      shutdown.abort();
      const current = server;
      server = undefined;
      if (!current) return Promise.resolve();
      return new Promise((resolve, reject) => {
        current.close((error) => (error ? reject(error) : resolve()));
        current.closeAllConnections();
      });
    },
  };
}
