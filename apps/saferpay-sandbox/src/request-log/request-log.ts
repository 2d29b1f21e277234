/** One Management API call as the sandbox saw it (`GET /__admin/requests`). */
export interface RequestLogEntry {
  seq: number;
  method: string;
  /** Path without query (access tokens in paths appear as sent: it is a sandbox). */
  path: string;
  query: string;
  customerId?: string;
  terminalId?: string;
  operation?: string;
  /** Saferpay-RequestId header as sent (retries must reuse it). */
  requestId?: string;
  apiVersion?: string;
  /** JSON API user from the Basic credentials, if any. */
  username?: string;
  /** HTTP status; null while in flight or when the connection ended without an answer. */
  status: number | null;
  /** Saferpay ErrorName of a JSON error answer. */
  errorName?: string;
  /** Fault that answered instead of the Saferpay simulation. */
  fault?: string;
  /** True when the connection closed before a response was sent (hang, client timeout). */
  aborted: boolean;
  startedAt: string;
  finishedAt?: string;
  durationMs?: number;
}

export interface RequestLogFilter {
  customerId?: string;
  operation?: string;
  requestId?: string;
  method?: string;
  status?: number;
}

/** Bounded in-memory log of Management API calls, oldest dropped first. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private nextSeq = 1;

  constructor(private readonly limit = 10_000) {}

  start(entry: Omit<RequestLogEntry, 'seq' | 'status' | 'aborted'>): RequestLogEntry {
    const full: RequestLogEntry = { seq: this.nextSeq++, status: null, aborted: false, ...entry };
    this.entries.push(full);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
    return full;
  }

  list(filter: RequestLogFilter = {}): RequestLogEntry[] {
    return this.entries.filter(
      (e) =>
        (filter.customerId === undefined || e.customerId === filter.customerId) &&
        (filter.operation === undefined || e.operation === filter.operation) &&
        (filter.requestId === undefined || e.requestId === filter.requestId) &&
        (filter.method === undefined || e.method === filter.method.toUpperCase()) &&
        (filter.status === undefined || e.status === filter.status),
    );
  }

  clear(): number {
    const count = this.entries.length;
    this.entries = [];
    return count;
  }
}
