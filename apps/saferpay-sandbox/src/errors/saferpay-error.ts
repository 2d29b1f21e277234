/**
 * Saferpay error bodies (reference "Errors"): ResponseHeader, Behavior, ErrorName,
 * ErrorMessage and optional ErrorDetail, sent as application/json.
 */
export const BEHAVIORS = ['DO_NOT_RETRY', 'OTHER_MEANS', 'RETRY', 'RETRY_LATER'] as const;
export type Behavior = (typeof BEHAVIORS)[number];

export const ERROR_NAMES = [
  'ACTION_NOT_SUPPORTED',
  'ALIAS_INVALID',
  'AMOUNT_INVALID',
  'AUTHENTICATION_FAILED',
  'BLOCKED_BY_RISK_MANAGEMENT',
  'CARD_CHECK_FAILED',
  'CARD_CVC_INVALID',
  'CARD_CVC_REQUIRED',
  'COMMUNICATION_FAILED',
  'COMMUNICATION_TIMEOUT',
  'CONDITION_NOT_SATISFIED',
  'CURRENCY_INVALID',
  'GENERAL_DECLINED',
  'INTERNAL_ERROR',
  'NO_CONTRACT',
  'NO_CREDITS_AVAILABLE',
  'PAYER_AUTHENTICATION_REQUIRED',
  'PAYMENTMEANS_INVALID',
  'PAYMENTMEANS_NOT_SUPPORTED',
  'PERMISSION_DENIED',
  '3DS_AUTHENTICATION_FAILED',
  'TOKEN_EXPIRED',
  'TOKEN_INVALID',
  'TRANSACTION_ABORTED',
  'TRANSACTION_ALREADY_CAPTURED',
  'TRANSACTION_DECLINED',
  'TRANSACTION_IN_WRONG_STATE',
  'TRANSACTION_NOT_FOUND',
  'TRANSACTION_NOT_STARTED',
  'UNEXPECTED_ERROR_BY_ACQUIRER',
  'UPDATE_CARD_INFORMATION',
  'VALIDATION_FAILED',
] as const;
export type ErrorName = (typeof ERROR_NAMES)[number];

/** HTTP statuses Saferpay documents for JSON error bodies. */
export const ERROR_STATUSES = [400, 401, 402, 403, 406, 415, 500] as const;

export function isBehavior(value: unknown): value is Behavior {
  return typeof value === 'string' && (BEHAVIORS as readonly string[]).includes(value);
}

export function isErrorName(value: unknown): value is ErrorName {
  return typeof value === 'string' && (ERROR_NAMES as readonly string[]).includes(value);
}

/** Thrown by handlers and middleware; rendered as a Saferpay JSON error body. */
export class SaferpayError extends Error {
  constructor(
    readonly status: number,
    readonly behavior: Behavior,
    readonly errorName: ErrorName,
    readonly errorMessage: string,
    readonly errorDetail?: readonly string[],
  ) {
    super(`${status} ${errorName}: ${errorMessage}`);
    this.name = 'SaferpayError';
  }
}

export function validationFailed(details: readonly string[]): SaferpayError {
  return new SaferpayError(
    400,
    'DO_NOT_RETRY',
    'VALIDATION_FAILED',
    'Request validation failed',
    details,
  );
}

export function authenticationFailed(): SaferpayError {
  return new SaferpayError(
    401,
    'DO_NOT_RETRY',
    'AUTHENTICATION_FAILED',
    'Unable to authenticate request',
  );
}

export function permissionDenied(detail: string): SaferpayError {
  return new SaferpayError(403, 'DO_NOT_RETRY', 'PERMISSION_DENIED', 'Permission denied', [detail]);
}

export function actionNotSupported(
  detail: string,
  behavior: Behavior = 'DO_NOT_RETRY',
): SaferpayError {
  return new SaferpayError(402, behavior, 'ACTION_NOT_SUPPORTED', 'Action not supported', [detail]);
}

export function tokenInvalid(detail: string): SaferpayError {
  return new SaferpayError(402, 'DO_NOT_RETRY', 'TOKEN_INVALID', 'Access token invalid', [detail]);
}

export function unsupportedMediaType(contentType: string | undefined): SaferpayError {
  return new SaferpayError(415, 'DO_NOT_RETRY', 'VALIDATION_FAILED', 'Unsupported media type', [
    `Content-Type: '${contentType ?? ''}' is not supported. Use application/json; charset=utf-8.`,
  ]);
}

export function internalError(): SaferpayError {
  return new SaferpayError(500, 'RETRY', 'INTERNAL_ERROR', 'Internal error');
}

export interface SaferpayErrorBody {
  /** Both fields are mandatory (reference "Errors": ResponseHeader is mandatory; the contract requires both). */
  ResponseHeader: { SpecVersion: string; RequestId: string };
  Behavior: Behavior;
  ErrorName: ErrorName;
  ErrorMessage: string;
  ErrorDetail?: string[];
}

/**
 * `requestId` is the Saferpay-RequestId header as sent. RequestId echoes it verbatim; without the
 * header there is nothing to echo, so it is the empty string (mandatory field, never invented).
 */
export function errorBody(
  error: SaferpayError,
  specVersion: string,
  requestId: string | undefined,
): SaferpayErrorBody {
  const body: SaferpayErrorBody = {
    ResponseHeader: { SpecVersion: specVersion, RequestId: requestId ?? '' },
    Behavior: error.behavior,
    ErrorName: error.errorName,
    ErrorMessage: error.errorMessage,
  };
  if (error.errorDetail && error.errorDetail.length > 0) body.ErrorDetail = [...error.errorDetail];
  return body;
}
