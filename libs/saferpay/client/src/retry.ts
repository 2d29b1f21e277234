import type { SaferpayBehavior } from '@platform/saferpay-contract';

export interface SaferpayRetryOptions {
  /** Attempts per logical request, including the first. Default 3. */
  maxAttempts: number;
  /** Backoff cap before jitter for the first retry; doubles per retry. Default 500 ms. */
  baseDelayMs: number;
  /** Upper bound of a single backoff before jitter. Default 8 s. */
  maxDelayMs: number;
  /** Budget for the sum of all backoff sleeps of one logical request. Default 20 s. */
  maxTotalDelayMs: number;
}

export const DEFAULT_RETRY: SaferpayRetryOptions = {
  maxAttempts: 3,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxTotalDelayMs: 20_000,
};

/** A failed attempt as the retry policy sees it. */
export type AttemptFailure =
  | { kind: 'http'; status: number; behavior?: SaferpayBehavior; errorName?: string }
  | { kind: 'timeout' }
  | { kind: 'network' }
  | { kind: 'aborted' }
  | { kind: 'invalid-response' };

export interface RetryDecision {
  retry: boolean;
  reason: string;
}

/**
 * Whether a failed attempt may be repeated (with the same Saferpay-RequestId). Order matters:
 * 1. 401/403: credentials or firewall; repeating cannot help and may lock the technical user.
 * 2. Behavior DO_NOT_RETRY / OTHER_MEANS: Saferpay's explicit instruction wins, even on 5xx.
 * 3. 400: validation error, the same request fails again.
 * 4. 5xx (with RETRY/RETRY_LATER or without a JSON body, e.g. a proxy's 502): transient.
 * 5. Behavior RETRY / RETRY_LATER on other statuses (e.g. 402): Saferpay says it may succeed.
 * 6. Timeouts and connection failures: transient. For the POSTs (createFieldsAccessToken,
 *    createSpgOffer) this is safe only because every attempt reuses the Saferpay-RequestId,
 *    which Saferpay uses to recognise a repeated request.
 * Everything else (other 4xx, caller aborts, unreadable 2xx bodies) is final.
 */
export function retryDecision(failure: AttemptFailure): RetryDecision {
  switch (failure.kind) {
    case 'timeout':
      return { retry: true, reason: 'timeout' };
    case 'network':
      return { retry: true, reason: 'connection failure' };
    case 'aborted':
      return { retry: false, reason: 'aborted by caller' };
    case 'invalid-response':
      return { retry: false, reason: 'unreadable success body' };
    case 'http':
      break;
  }
  const { status, behavior } = failure;
  if (status === 401 || status === 403) return { retry: false, reason: `HTTP ${status}` };
  if (behavior === 'DO_NOT_RETRY' || behavior === 'OTHER_MEANS') {
    return { retry: false, reason: `Behavior ${behavior}` };
  }
  if (status === 400) return { retry: false, reason: 'validation error' };
  if (status >= 500) return { retry: true, reason: `HTTP ${status}` };
  if (behavior === 'RETRY' || behavior === 'RETRY_LATER') {
    return { retry: true, reason: `Behavior ${behavior}` };
  }
  return { retry: false, reason: `HTTP ${status}` };
}

/**
 * Full-jitter exponential backoff (AWS architecture blog): a uniformly random delay between 0
 * and min(maxDelayMs, baseDelayMs * 2^(retry-1)), so concurrent clients do not retry in step.
 * `retry` counts from 1 (the delay before the second attempt).
 */
export function backoffDelay(
  retry: number,
  options: Pick<SaferpayRetryOptions, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number,
): number {
  const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(Math.min(Math.max(random(), 0), 1) * cap);
}
