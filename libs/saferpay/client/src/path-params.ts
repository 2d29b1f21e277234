import type { SaferpayOperationId } from '@platform/saferpay-contract';
import type { SaferpayCallOptions } from './client-options';
import { refusal } from './refusal';

const NUMERIC_ID = /^[0-9]{1,20}$/;
/** Saferpay's `Id` format (A-Za-z0-9.:-_). */
const ACCESS_TOKEN = /^[A-Za-z0-9.:\-_]{1,100}$/;
const UUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

/** Format of every id the client puts into a URL path, by its name in the contract. */
const PATH_PARAM_FORMATS = {
  customerId: NUMERIC_ID,
  terminalId: NUMERIC_ID,
  accessToken: ACCESS_TOKEN,
  offerId: UUID,
} as const;

export type PathParamName = keyof typeof PATH_PARAM_FORMATS;

/**
 * Validates and encodes a path segment, so tenant data cannot alter the URL. Refuses with
 * `invalid-request` before sending; the value itself never enters the message (it may be a
 * token or an offer id).
 */
export function pathParam(
  operation: SaferpayOperationId,
  name: PathParamName,
  value: string,
  options: SaferpayCallOptions = {},
): string {
  // The formats also exclude '.' and '..' segments that URL normalisation would resolve.
  if (
    typeof value !== 'string' ||
    !PATH_PARAM_FORMATS[name].test(value) ||
    value === '.' ||
    value === '..'
  ) {
    throw refusal(operation, 'invalid-request', `${name} has an invalid format`, options);
  }
  return encodeURIComponent(value);
}
