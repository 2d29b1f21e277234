import type { SaferpayBehavior, SaferpayOperationId } from '@platform/saferpay-contract';

/**
 * What went wrong:
 * - `http`: Saferpay (or a firewall/proxy in front of it) answered with a non-2xx status.
 * - `timeout`: no complete answer within the configured timeout.
 * - `network`: connection refused/reset, DNS failure, TLS failure.
 * - `aborted`: the caller's AbortSignal fired.
 * - `unsupported`: refused before sending, e.g. getTransactions with Saferpay-ApiVersion < 1.48.
 * - `invalid-request`: refused before sending, e.g. a path id with a forbidden character.
 * - `invalid-response`: a 2xx answer whose body is not what the contract promises.
 */
export type SaferpayErrorKind =
  | 'http'
  | 'timeout'
  | 'network'
  | 'aborted'
  | 'unsupported'
  | 'invalid-request'
  | 'invalid-response';

/** The fields of a {@link SaferpayApiError} that its constructor takes and `toJSON()` returns. */
export interface SaferpayApiErrorFields {
  kind: SaferpayErrorKind;
  operation: SaferpayOperationId;
  requestId: string;
  attempts: number;
  /** Whether the failure class is retryable per the retry policy (attempts may be exhausted). */
  retryable: boolean;
  status?: number;
  errorName?: string;
  behavior?: SaferpayBehavior;
  errorMessage?: string;
  errorDetail?: string[];
}

export interface SaferpayApiErrorInit extends SaferpayApiErrorFields {
  /** Short reason for kinds without an HTTP answer; must not contain secrets. */
  reason?: string;
}

/** JSON form of a {@link SaferpayApiError}; safe to log (no credentials, tokens or bodies). */
export interface SaferpayApiErrorJson extends SaferpayApiErrorFields {
  name: string;
  message: string;
}

function describe(init: SaferpayApiErrorInit): string {
  const what =
    init.status !== undefined
      ? `HTTP ${init.status}${init.errorName ? ` ${init.errorName}` : ' (no Saferpay error body)'}` +
        (init.errorMessage ? `: ${init.errorMessage}` : '')
      : init.kind;
  const reason = init.reason ? ` (${init.reason})` : '';
  const attempts = `${init.attempts} attempt${init.attempts === 1 ? '' : 's'}`;
  return `Saferpay ${init.operation} failed: ${what}${reason} [requestId ${init.requestId}, ${attempts}]`;
}

/**
 * The one error type of the Saferpay client. Every field is already redacted: messages never
 * contain credentials, Authorization headers, Fields access tokens or SPG offer ids, and raw
 * response bodies (e.g. a firewall's HTML page) are not kept.
 */
export class SaferpayApiError extends Error {
  override readonly name: string = 'SaferpayApiError';
  readonly kind: SaferpayErrorKind;
  /** HTTP status; undefined when no answer arrived (timeout, network, refused before sending). */
  readonly status?: number;
  /** Saferpay's stable error id (safe to branch on); undefined for bodies without JSON. */
  readonly errorName?: string;
  readonly behavior?: SaferpayBehavior;
  /** Saferpay's description (redacted); may change without notice, do not parse. */
  readonly errorMessage?: string;
  readonly errorDetail?: string[];
  /** The Saferpay-RequestId sent on every attempt of this logical request. */
  readonly requestId: string;
  readonly operation: SaferpayOperationId;
  /** HTTP attempts made (0 when refused before sending). */
  readonly attempts: number;
  readonly retryable: boolean;

  constructor(init: SaferpayApiErrorInit) {
    super(describe(init));
    this.kind = init.kind;
    this.status = init.status;
    this.errorName = init.errorName;
    this.behavior = init.behavior;
    this.errorMessage = init.errorMessage;
    this.errorDetail = init.errorDetail;
    this.requestId = init.requestId;
    this.operation = init.operation;
    this.attempts = init.attempts;
    this.retryable = init.retryable;
  }

  toJSON(): SaferpayApiErrorJson {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      operation: this.operation,
      requestId: this.requestId,
      attempts: this.attempts,
      retryable: this.retryable,
      status: this.status,
      errorName: this.errorName,
      behavior: this.behavior,
      errorMessage: this.errorMessage,
      errorDetail: this.errorDetail,
    };
  }
}

/** No complete answer within `timeoutMs` (per attempt) on the last attempt. */
export class SaferpayTimeoutError extends SaferpayApiError {
  override readonly name: string = 'SaferpayTimeoutError';
  readonly timeoutMs: number;

  constructor(init: Omit<SaferpayApiErrorInit, 'kind' | 'reason'> & { timeoutMs: number }) {
    super({ ...init, kind: 'timeout', reason: `no answer within ${init.timeoutMs} ms` });
    this.timeoutMs = init.timeoutMs;
  }
}

/** The connection failed (refused, reset, DNS, TLS) on the last attempt. */
export class SaferpayNetworkError extends SaferpayApiError {
  override readonly name: string = 'SaferpayNetworkError';
  /** System/undici error code such as ECONNREFUSED or UND_ERR_SOCKET, when known. */
  readonly code?: string;

  constructor(init: Omit<SaferpayApiErrorInit, 'kind' | 'reason'> & { code?: string }) {
    super({ ...init, kind: 'network', reason: init.code ?? 'connection failed' });
    this.code = init.code;
  }
}
