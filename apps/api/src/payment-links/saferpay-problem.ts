import { SaferpayApiError } from '@platform/saferpay-client';
import { ProblemException } from '@api/common/problem/problem.exception';
import { errorReason, isDefinitiveRefusal } from '@api/fields-tokens/fields-token-gateway';

/**
 * A failed Saferpay call as the API answers it: Saferpay's final refusal is a 422 naming its
 * ErrorName; an uncertain outcome (timeout, network, RETRY exhausted) a 503 with Retry-After.
 */
export function saferpayProblem(error: unknown, what: string): unknown {
  if (!(error instanceof SaferpayApiError)) return error;
  if (isDefinitiveRefusal(error)) {
    const detail = error.errorDetail?.length ? ` (${error.errorDetail.join('; ')})` : '';
    return new ProblemException(
      'unprocessable',
      `Saferpay refused to ${what}: ${error.errorName ?? error.kind}${detail}.`,
    );
  }
  return new ProblemException(
    'notReady',
    `Saferpay did not answer whether it could ${what} (${errorReason(error)}). Retry (with the same Idempotency-Key for a create).`,
    [],
    { 'Retry-After': '5' },
  );
}
