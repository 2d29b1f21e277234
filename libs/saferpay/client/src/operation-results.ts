import { SaferpayApiError } from './errors';
import { NormalizationError } from './normalize';
import { isRecord } from './response-parsing';
import type { ExecuteResult } from './transport';

/** A 2xx answer whose body breaks the contract: `invalid-response`, never retried. */
function invalidResponse(result: ExecuteResult, reason: string): SaferpayApiError {
  return new SaferpayApiError({
    kind: 'invalid-response',
    operation: result.operation,
    requestId: result.requestId,
    attempts: result.attempts,
    retryable: false,
    status: result.status,
    reason,
  });
}

/** Runs a normalizer on the body; a body it cannot normalize fails as {@link invalidResponse}. */
export function normalizedBody<T>(result: ExecuteResult, normalize: (body: unknown) => T): T {
  try {
    return normalize(result.body);
  } catch (error) {
    if (!(error instanceof NormalizationError)) throw error;
    throw invalidResponse(result, error.message);
  }
}

/** What a 2xx body must carry for the caller to use it as the contract type `T`. */
export interface BodyRequirement<T> {
  holds: (body: Record<string, unknown>) => body is Record<string, unknown> & T;
  /** Reason of the invalid-response error when the body lacks it. */
  missing: string;
}

/** The body as `T` when it meets `requirement`; otherwise {@link invalidResponse}. */
export function checkedBody<T>(result: ExecuteResult, requirement: BodyRequirement<T>): T {
  const body = result.body;
  if (!isRecord(body) || !requirement.holds(body)) {
    throw invalidResponse(result, requirement.missing);
  }
  return body;
}
