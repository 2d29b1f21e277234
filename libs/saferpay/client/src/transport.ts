import type { SaferpayOperationId } from '@platform/saferpay-contract';
import type {
  ResolvedClientOptions,
  SaferpayCallOptions,
  SaferpayCredentials,
} from './client-options';
import { attemptHttp, type AttemptResult, type HttpRequest } from './http-attempt';
import { pathParam } from './path-params';
import { refusal, requestIdFor } from './refusal';
import { failureError, parseAttempt, type ParsedFailure } from './response-parsing';
import { backoffDelay, retryDecision } from './retry';
import { Semaphore } from './semaphore';

/** One logical Management API request, as an operation describes it. */
export interface RequestSpec {
  operation: SaferpayOperationId;
  method: HttpRequest['method'];
  /** Encoded path below `/rest/customers/{customerId}`. */
  path: string;
  query?: URLSearchParams;
  body?: unknown;
  /** Values besides the credentials that must never appear in errors (tokens, offer ids). */
  secrets?: string[];
}

/** A successful logical request (after however many attempts it took). */
export interface ExecuteResult {
  operation: SaferpayOperationId;
  status: number;
  body: unknown;
  requestId: string;
  attempts: number;
}

interface PreparedRequest {
  requestId: string;
  http: HttpRequest;
  /** Everything to redact from Saferpay's error texts. */
  secrets: string[];
  /** Whether a 2xx answer carries a JSON body: the Management API's DELETEs answer without. */
  expectBody: boolean;
}

/**
 * Sends Management API requests: builds URL and headers (Basic auth, Saferpay-ApiVersion, one
 * Saferpay-RequestId reused on every attempt), limits concurrent exchanges per host, retries
 * with backoff within the retry budget, and logs each attempt without secrets or URLs.
 */
export class SaferpayTransport {
  private readonly hostLimits = new Map<string, Semaphore>();

  constructor(private readonly config: ResolvedClientOptions) {}

  async execute(
    spec: RequestSpec,
    credentials: SaferpayCredentials,
    options: SaferpayCallOptions = {},
  ): Promise<ExecuteResult> {
    const { requestId, http, secrets, expectBody } = this.prepare(spec, credentials, options);
    const { retry, random, logger } = this.config;
    const timeoutMs = options.timeoutMs ?? this.config.timeoutMs;
    const limiter = this.hostLimiter(http.url);
    const logContext = { operation: spec.operation, customerId: credentials.customerId, requestId };

    let totalDelayMs = 0;
    for (let attempt = 1; ; attempt += 1) {
      const startedAt = Date.now();
      const outcome = await sendWithinHostLimit(limiter, http, timeoutMs, options.signal);
      const durationMs = Date.now() - startedAt;
      const parsed = parseAttempt(outcome, expectBody, secrets);
      this.observe(spec.operation, attempt, durationMs, parsed);
      if (!('failure' in parsed)) {
        logger.debug(
          { ...logContext, attempt, status: parsed.status, durationMs },
          'saferpay request succeeded',
        );
        return {
          operation: spec.operation,
          status: parsed.status,
          body: parsed.body,
          requestId,
          attempts: attempt,
        };
      }

      const decision = retryDecision(parsed.failure);
      const logFields = {
        ...logContext,
        attempt,
        status: parsed.status,
        errorName: parsed.errorName,
        behavior: parsed.behavior,
        kind: parsed.failure.kind,
        durationMs,
      };
      if (decision.retry && attempt < retry.maxAttempts) {
        const budgetLeft = retry.maxTotalDelayMs - totalDelayMs;
        const delayMs = Math.min(backoffDelay(attempt, retry, random), budgetLeft);
        if (budgetLeft > 0) {
          logger.warn({ ...logFields, retryInMs: delayMs }, 'saferpay request failed, retrying');
          totalDelayMs += delayMs;
          if (await abortableSleep(delayMs, options.signal)) continue;
          // Aborted during the backoff: report the abort, not the previous failure.
          const aborted: ParsedFailure = { failure: { kind: 'aborted' } };
          throw failureError(spec.operation, requestId, attempt, aborted, timeoutMs, false);
        }
      }
      logger.warn(logFields, 'saferpay request failed');
      throw failureError(spec.operation, requestId, attempt, parsed, timeoutMs, decision.retry);
    }
  }

  /** Tells the observer (if any) about one attempt; an observer's exception is swallowed. */
  private observe(
    operation: SaferpayOperationId,
    attempt: number,
    durationMs: number,
    parsed: ReturnType<typeof parseAttempt>,
  ): void {
    const { observer } = this.config;
    if (!observer) return;
    const failure = 'failure' in parsed ? parsed : undefined;
    // A 2xx whose body was not the expected JSON counts as `invalid-response`, not as a success.
    const kind = failure?.failure.kind;
    const status =
      kind !== undefined && kind !== 'http'
        ? kind
        : parsed.status !== undefined
          ? String(parsed.status)
          : 'unknown';
    try {
      observer({
        operation,
        status,
        ...(failure?.errorName ? { errorName: failure.errorName } : {}),
        attempt,
        durationMs,
      });
    } catch {
      // Metrics must never break a Saferpay call.
    }
  }

  /** Validates ids and credentials (refusing before sending) and builds the HTTP request. */
  private prepare(
    spec: RequestSpec,
    credentials: SaferpayCredentials,
    options: SaferpayCallOptions,
  ): PreparedRequest {
    const requestId = requestIdFor(spec.operation, options);
    const basic = basicCredentials(spec.operation, credentials, requestId);
    const customer = pathParam(spec.operation, 'customerId', credentials.customerId, {
      requestId,
    });
    const query =
      spec.query && [...spec.query.keys()].length > 0 ? `?${spec.query.toString()}` : '';
    const headers: Record<string, string> = {
      Accept: 'application/json',
      Authorization: `Basic ${basic}`,
      'Saferpay-ApiVersion': this.config.apiVersion,
      'Saferpay-RequestId': requestId,
    };
    let body: string | undefined;
    if (spec.body !== undefined) {
      body = JSON.stringify(spec.body);
      headers['Content-Type'] = 'application/json; charset=utf-8';
    }
    return {
      requestId,
      http: {
        url: `${this.config.baseUrl}/rest/customers/${customer}${spec.path}${query}`,
        method: spec.method,
        headers,
        body,
      },
      secrets: [credentials.password, credentials.username, basic, ...(spec.secrets ?? [])],
      expectBody: spec.method !== 'DELETE',
    };
  }

  private hostLimiter(url: string): Semaphore {
    const host = new URL(url).host;
    let limiter = this.hostLimits.get(host);
    if (!limiter) {
      limiter = new Semaphore(this.config.maxConcurrencyPerHost);
      this.hostLimits.set(host, limiter);
    }
    return limiter;
  }
}

/** base64(username:password) of HTTP Basic, refusing credentials that cannot be encoded. */
function basicCredentials(
  operation: SaferpayOperationId,
  credentials: SaferpayCredentials,
  requestId: string,
): string {
  const { username, password } = credentials;
  // RFC 7617: the user-id of Basic auth cannot contain a colon.
  if (!username || !password || username.includes(':')) {
    throw refusal(operation, 'invalid-request', 'username/password missing or malformed', {
      requestId,
    });
  }
  return Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
}

async function sendWithinHostLimit(
  limiter: Semaphore,
  http: HttpRequest,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<AttemptResult> {
  try {
    const release = await limiter.acquire(signal);
    try {
      return await attemptHttp(http, timeoutMs, signal);
    } finally {
      release();
    }
  } catch {
    // Only the limiter's wait rejects, and only on the caller's abort.
    return { type: 'aborted' };
  }
}

/** Resolves true after `ms`, or false as soon as the signal aborts. */
function abortableSleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
