import type { SaferpayOperationId } from '@platform/saferpay-contract';
import { silentLogger, type SaferpayLogger } from './logger';
import { DEFAULT_RETRY, type SaferpayRetryOptions } from './retry';

/** Server URLs of the contract (management-api.openapi.yaml `servers`); paths follow `/rest/...`. */
export const SAFERPAY_BASE_URLS = {
  test: 'https://test.saferpay.com/api',
  live: 'https://www.saferpay.com/api',
} as const;
export const DEFAULT_API_VERSION = '1.53';
/** The spec's recommended client timeout. */
export const DEFAULT_TIMEOUT_MS = 100_000;
export const DEFAULT_MAX_CONCURRENCY_PER_HOST = 8;

/** Per-call credentials of a JSON API technical user (HTTP Basic). */
export interface SaferpayCredentials {
  customerId: string;
  username: string;
  password: string;
}

export interface SaferpayCallOptions {
  signal?: AbortSignal;
  /** Per-attempt timeout; defaults to the client's `timeoutMs`. */
  timeoutMs?: number;
  /**
   * Saferpay-RequestId to send instead of a fresh UUID, e.g. to repeat a POST whose outcome is
   * unknown after a crash (Saferpay recognises the repeated id). Id[1..50].
   */
  requestId?: string;
}

/**
 * Where the client sends requests. `environment` picks Saferpay's test or live host. `baseUrl`
 * (e.g. the sandbox, `http://saferpay-sandbox:3000/api`) must come from operator configuration
 * only, never from tenant input: the client sends credentials to it. Plain http is accepted
 * for loopback hosts, otherwise only with `allowInsecureHttp`.
 */
export type SaferpayEndpoint =
  | { environment: 'test' | 'live'; baseUrl?: undefined }
  | { baseUrl: string; allowInsecureHttp?: boolean; environment?: undefined };

export type SaferpayClientOptions = SaferpayEndpoint & {
  /** Saferpay-ApiVersion header; default '1.53'. getTransactions needs >= 1.48. */
  apiVersion?: string;
  /** Per-attempt timeout in ms; default 100 000 (spec recommendation). */
  timeoutMs?: number;
  retry?: Partial<SaferpayRetryOptions>;
  /** Concurrent HTTP exchanges per host for this client instance; default 8. */
  maxConcurrencyPerHost?: number;
  logger?: SaferpayLogger;
  /** Called once per HTTP attempt (metrics); must not throw. Default: none. */
  observer?: SaferpayObserver;
  /** Source of jitter in [0, 1); tests inject a deterministic one. */
  random?: () => number;
};

/**
 * What one HTTP attempt produced, for metrics: the same safe fields the logger gets (never
 * credentials, URLs or bodies). `status` is the HTTP status, or the failure kind when there was
 * no HTTP answer (`timeout`, `network`, `aborted`).
 */
export interface SaferpayAttemptObservation {
  operation: SaferpayOperationId;
  status: string;
  /** Saferpay's ErrorName of a failed answer, if it carried one. */
  errorName?: string;
  attempt: number;
  durationMs: number;
}

export type SaferpayObserver = (observation: SaferpayAttemptObservation) => void;

/** {@link SaferpayClientOptions} validated and with every default applied. */
export interface ResolvedClientOptions {
  /** Without a trailing slash; request paths are appended as `/rest/...`. */
  baseUrl: string;
  apiVersion: string;
  timeoutMs: number;
  retry: SaferpayRetryOptions;
  maxConcurrencyPerHost: number;
  logger: SaferpayLogger;
  observer: SaferpayObserver | undefined;
  random: () => number;
}

const API_VERSION = /^[0-9]+\.[0-9]+$/;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Validates the options (throwing RangeError on the first bad one) and applies the defaults. */
export function resolveClientOptions(options: SaferpayClientOptions): ResolvedClientOptions {
  const baseUrl = resolveBaseUrl(options);
  const apiVersion = options.apiVersion ?? DEFAULT_API_VERSION;
  if (!API_VERSION.test(apiVersion)) {
    throw new RangeError(`apiVersion must look like 1.53, got ${apiVersion}`);
  }
  const timeoutMs = positive(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 'timeoutMs');
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  positive(retry.maxAttempts, 'retry.maxAttempts');
  const maxConcurrencyPerHost = positive(
    options.maxConcurrencyPerHost ?? DEFAULT_MAX_CONCURRENCY_PER_HOST,
    'maxConcurrencyPerHost',
  );
  return {
    baseUrl,
    apiVersion,
    timeoutMs,
    retry,
    maxConcurrencyPerHost,
    logger: options.logger ?? silentLogger,
    observer: options.observer,
    random: options.random ?? Math.random,
  };
}

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value < 1) throw new RangeError(`${name} must be >= 1`);
  return value;
}

function resolveBaseUrl(options: SaferpayEndpoint): string {
  if (options.environment !== undefined) return SAFERPAY_BASE_URLS[options.environment];
  const url = new URL(options.baseUrl);
  if (url.username || url.password || url.search || url.hash) {
    throw new RangeError('baseUrl must not contain credentials, a query or a fragment');
  }
  const insecure = url.protocol === 'http:';
  if (url.protocol !== 'https:' && !insecure) throw new RangeError('baseUrl must be http(s)');
  if (insecure && !LOOPBACK_HOSTS.has(url.hostname) && options.allowInsecureHttp !== true) {
    // Basic credentials would travel in clear text.
    throw new RangeError('plain http baseUrl needs allowInsecureHttp (or a loopback host)');
  }
  return url.toString().replace(/\/+$/, '');
}
