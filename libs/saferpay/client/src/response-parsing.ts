import type {
  SaferpayBehavior,
  SaferpayErrorBody,
  SaferpayOperationId,
} from '@platform/saferpay-contract';
import {
  SaferpayApiError,
  SaferpayNetworkError,
  SaferpayTimeoutError,
  type SaferpayApiErrorFields,
} from './errors';
import type { AttemptResult } from './http-attempt';
import { redact } from './redact';
import type { AttemptFailure } from './retry';

/** A failed attempt: what the retry policy needs plus the (redacted) details for the error. */
export interface ParsedFailure extends Pick<
  SaferpayApiErrorFields,
  'status' | 'errorName' | 'behavior' | 'errorMessage' | 'errorDetail'
> {
  failure: AttemptFailure;
  networkCode?: string;
}

export interface ParsedSuccess {
  status: number;
  body: unknown;
}

const BEHAVIORS: readonly SaferpayBehavior[] = [
  'DO_NOT_RETRY',
  'OTHER_MEANS',
  'RETRY',
  'RETRY_LATER',
];

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads one attempt's outcome: a 2xx with a JSON object body (or no body when none is expected)
 * is a success; everything else a failure, with Saferpay's error texts redacted of `secrets`.
 */
export function parseAttempt(
  outcome: AttemptResult,
  expectBody: boolean,
  secrets: string[],
): ParsedSuccess | ParsedFailure {
  switch (outcome.type) {
    case 'timeout':
      return { failure: { kind: 'timeout' } };
    case 'network':
      return { failure: { kind: 'network' }, networkCode: outcome.code };
    case 'aborted':
      return { failure: { kind: 'aborted' } };
    case 'response':
      break;
  }
  const { status, contentType, text } = outcome;
  if (status >= 200 && status < 300) {
    if (!expectBody) return { status, body: undefined };
    try {
      const body: unknown = JSON.parse(text);
      if (isRecord(body)) return { status, body };
    } catch {
      // Falls through to the invalid-response failure below.
    }
    return { failure: { kind: 'invalid-response' }, status };
  }
  // Only application/json answers carry a Saferpay error body; firewall/proxy pages do not.
  let errorBody: Partial<SaferpayErrorBody> | undefined;
  if (/json/i.test(contentType)) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (isRecord(parsed)) errorBody = parsed;
    } catch {
      errorBody = undefined;
    }
  }
  const errorName = typeof errorBody?.ErrorName === 'string' ? errorBody.ErrorName : undefined;
  const behavior = BEHAVIORS.find((candidate) => candidate === errorBody?.Behavior);
  const errorMessage =
    typeof errorBody?.ErrorMessage === 'string'
      ? redact(errorBody.ErrorMessage, secrets)
      : undefined;
  const errorDetail = Array.isArray(errorBody?.ErrorDetail)
    ? errorBody.ErrorDetail.filter((line): line is string => typeof line === 'string').map((line) =>
        redact(line, secrets),
      )
    : undefined;
  return {
    failure: { kind: 'http', status, behavior, errorName },
    status,
    errorName,
    behavior,
    errorMessage,
    errorDetail,
  };
}

/** The error a logical request fails with after its last attempt. */
export function failureError(
  operation: SaferpayOperationId,
  requestId: string,
  attempts: number,
  parsed: ParsedFailure,
  timeoutMs: number,
  retryable: boolean,
): SaferpayApiError {
  const common = { operation, requestId, attempts, retryable };
  switch (parsed.failure.kind) {
    case 'timeout':
      return new SaferpayTimeoutError({ ...common, timeoutMs });
    case 'network':
      return new SaferpayNetworkError({ ...common, code: parsed.networkCode });
    case 'aborted':
      return new SaferpayApiError({ ...common, kind: 'aborted', reason: 'aborted by caller' });
    case 'invalid-response':
      return new SaferpayApiError({
        ...common,
        kind: 'invalid-response',
        status: parsed.status,
        reason: 'success body is not a JSON object',
      });
    case 'http':
      return new SaferpayApiError({
        ...common,
        kind: 'http',
        status: parsed.status,
        errorName: parsed.errorName,
        behavior: parsed.behavior,
        errorMessage: parsed.errorMessage,
        errorDetail: parsed.errorDetail,
      });
  }
}
