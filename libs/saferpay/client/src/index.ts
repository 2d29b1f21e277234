/**
 * Client of the Saferpay Management API (REST). See README.md beside src/ for usage, the retry
 * policy and what is never logged. Types come from @platform/saferpay-contract.
 */
export {
  DEFAULT_API_VERSION,
  DEFAULT_MAX_CONCURRENCY_PER_HOST,
  DEFAULT_TIMEOUT_MS,
  SAFERPAY_BASE_URLS,
  type SaferpayAttemptObservation,
  type SaferpayCallOptions,
  type SaferpayClientOptions,
  type SaferpayCredentials,
  type SaferpayEndpoint,
  type SaferpayObserver,
} from './client-options';
export { SaferpayClient } from './saferpay-client';
export { TRANSACTIONS_MIN_API_VERSION, compareApiVersions } from './transactions';
export { licenseFallbackApplies, type LicenseWithSource } from './license-fallback';
export {
  SaferpayApiError,
  SaferpayNetworkError,
  SaferpayTimeoutError,
  type SaferpayApiErrorJson,
  type SaferpayErrorKind,
} from './errors';
export { silentLogger, type SaferpayLogger } from './logger';
export {
  DEFAULT_RETRY,
  backoffDelay,
  retryDecision,
  type AttemptFailure,
  type RetryDecision,
  type SaferpayRetryOptions,
} from './retry';
export {
  inferPageNumberBase,
  normalizeAmount,
  normalizePaymentPageConfigs,
  normalizeTerminals,
  normalizeTransaction,
  normalizeTransactionsPage,
  type NormalizedPaymentPageConfig,
  type NormalizedTerminal,
  type NormalizedTransaction,
  type NormalizedTransactionsPage,
  type SaferpayMoney,
} from './normalize';
export { currencyExponent, decimalToMinorUnits } from './currency';
