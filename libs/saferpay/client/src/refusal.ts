import { randomUUID } from 'node:crypto';
import type { SaferpayOperationId } from '@platform/saferpay-contract';
import type { SaferpayCallOptions } from './client-options';
import { SaferpayApiError, type SaferpayErrorKind } from './errors';

/** Saferpay's `Id[1..50]` format of the Saferpay-RequestId header. */
const REQUEST_ID = /^[A-Za-z0-9.:\-_]{1,50}$/;

/**
 * The Saferpay-RequestId of a logical request: the caller's `requestId` or a fresh UUID. A
 * malformed caller id is refused (with requestId 'invalid', since it cannot be echoed safely).
 */
export function requestIdFor(operation: SaferpayOperationId, options: SaferpayCallOptions): string {
  if (options.requestId === undefined) return randomUUID();
  if (!REQUEST_ID.test(options.requestId)) {
    throw refusedBeforeSending(
      operation,
      'invalid-request',
      'requestId must be Id[1..50] (A-Za-z0-9.:-_)',
      'invalid',
    );
  }
  return options.requestId;
}

/**
 * Error for a call refused without any HTTP attempt. Carries the caller's requestId when it is
 * well-formed, so the refusal still correlates with the caller's logs; otherwise a fresh UUID.
 */
export function refusal(
  operation: SaferpayOperationId,
  kind: SaferpayErrorKind,
  reason: string,
  options: SaferpayCallOptions,
): SaferpayApiError {
  const requestId =
    options.requestId && REQUEST_ID.test(options.requestId) ? options.requestId : randomUUID();
  return refusedBeforeSending(operation, kind, reason, requestId);
}

function refusedBeforeSending(
  operation: SaferpayOperationId,
  kind: SaferpayErrorKind,
  reason: string,
  requestId: string,
): SaferpayApiError {
  return new SaferpayApiError({
    kind,
    operation,
    requestId,
    attempts: 0,
    retryable: false,
    reason,
  });
}
