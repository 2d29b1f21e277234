import type { SandboxClock } from './clock/clock';
import type { FaultRegistry } from './faults/fault-registry';
import type { RequestLog } from './request-log/request-log';
import type { SandboxState } from './state/sandbox-state';

export interface RuntimeConfig {
  /** Highest Saferpay-ApiVersion accepted; echoed as SpecVersion when the request's is unusable. */
  latestSpecVersion: string;
  /** Simulated time a transaction report takes (a parallel report is refused meanwhile). */
  reportProcessingMs: number;
  bodyLimitBytes: number;
}

/** Everything the routes, admin API and middleware share. */
export interface SandboxRuntime {
  readonly state: SandboxState;
  readonly clock: SandboxClock;
  readonly faults: FaultRegistry;
  readonly requestLog: RequestLog;
  readonly config: RuntimeConfig;
  /** Aborted when the sandbox closes: ends sleeps (latency faults, report processing). */
  readonly shutdown: AbortSignal;
  /** Base of SPG PaymentLinks, e.g. "http://127.0.0.1:8090" or "https://test.saferpay.com". */
  paymentLinkBase(): string;
  /** Re-seeds (admin reset); returns the number of accounts. */
  reseed(request: ReseedRequest): number;
}

export interface ReseedRequest {
  seed?: number;
  accounts?: number;
  /** A fixture document (already parsed JSON) or a path to one. */
  fixture?: unknown;
}
