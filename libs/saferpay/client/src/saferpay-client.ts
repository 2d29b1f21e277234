import { randomUUID } from 'node:crypto';
import type {
  SaferpayBehavior,
  SaferpayErrorBody,
  SaferpayFieldsAccessTokenRequest,
  SaferpayFieldsAccessTokenResponse,
  SaferpayLicense,
  SaferpayOperationId,
  SaferpayPaymentMethods,
  SaferpayPaymentPageConfigurations,
  SaferpaySpgOffer,
  SaferpaySpgOfferCreated,
  SaferpaySpgOfferRequest,
  SaferpayTerminalDetails,
  SaferpayTerminals,
  SaferpayTransactionsPage,
  SaferpayTransactionsQuery,
} from '@platform/saferpay-contract';
import {
  SaferpayApiError,
  SaferpayNetworkError,
  SaferpayTimeoutError,
  type SaferpayErrorKind,
} from './errors';
import { silentLogger, type SaferpayLogger } from './logger';
import {
  NormalizationError,
  normalizePaymentPageConfigs,
  normalizeTerminals,
  normalizeTransactionsPage,
  type NormalizedPaymentPageConfig,
  type NormalizedTerminal,
  type NormalizedTransactionsPage,
} from './normalize';
import { redact } from './redact';
import {
  DEFAULT_RETRY,
  backoffDelay,
  retryDecision,
  type AttemptFailure,
  type SaferpayRetryOptions,
} from './retry';
import { KeyedSemaphore, Semaphore } from './semaphore';

/** Server URLs of the contract (management-api.openapi.yaml `servers`); paths follow `/rest/...`. */
export const SAFERPAY_BASE_URLS = {
  test: 'https://test.saferpay.com/api',
  live: 'https://www.saferpay.com/api',
} as const;
export const DEFAULT_API_VERSION = '1.53';
/** The spec's recommended client timeout. */
export const DEFAULT_TIMEOUT_MS = 100_000;
export const DEFAULT_MAX_CONCURRENCY_PER_HOST = 8;
/** Transaction reporting exists from this spec version on. */
export const TRANSACTIONS_MIN_API_VERSION = '1.48';

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
  /** Source of jitter in [0, 1); tests inject a deterministic one. */
  random?: () => number;
};

export interface LicenseWithSource {
  source: 'license' | 'license-configuration';
  license: SaferpayLicense;
}

interface RequestSpec {
  operation: SaferpayOperationId;
  method: 'GET' | 'POST' | 'DELETE';
  /** Encoded path below `/rest/customers/{customerId}`. */
  path: string;
  query?: URLSearchParams;
  body?: unknown;
  /** Whether a 2xx answer carries a JSON body (false for the DELETEs). */
  expectBody: boolean;
  /** Values besides the credentials that must never appear in errors (tokens, offer ids). */
  secrets: string[];
}

interface ExecuteResult {
  status: number;
  body: unknown;
  requestId: string;
  attempts: number;
}

type AttemptResult =
  | { type: 'response'; status: number; contentType: string; text: string }
  | { type: 'timeout' }
  | { type: 'network'; code?: string }
  | { type: 'aborted' };

interface ParsedFailure {
  failure: AttemptFailure;
  status?: number;
  errorName?: string;
  behavior?: SaferpayBehavior;
  errorMessage?: string;
  errorDetail?: string[];
  networkCode?: string;
}

const PATH_ID = /^[0-9]{1,20}$/;
const ACCESS_TOKEN = /^[A-Za-z0-9.:\-_]{1,100}$/;
const OFFER_ID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;
const REQUEST_ID = /^[A-Za-z0-9.:\-_]{1,50}$/;
const API_VERSION = /^[0-9]+\.[0-9]+$/;
const REPORTING_DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2})?$/;
const BEHAVIORS: readonly SaferpayBehavior[] = [
  'DO_NOT_RETRY',
  'OTHER_MEANS',
  'RETRY',
  'RETRY_LATER',
];
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Compares dotted spec versions numerically ('1.5' < '1.48'). */
export function compareApiVersions(a: string, b: string): number {
  const [aMajor, aMinor] = a.split('.').map(Number);
  const [bMajor, bMinor] = b.split('.').map(Number);
  return aMajor !== bMajor ? aMajor - bMajor : aMinor - bMinor;
}

/**
 * When getLicenseWithFallback retries on the deprecated /license-configuration. Only when
 * /license itself is not offered:
 * - 404/405: the route does not exist on that server (older deployment, sandbox);
 * - ErrorName ACTION_NOT_SUPPORTED (any status): Saferpay's stable id for "not supported in
 *   this context", the documented way to say the account/spec version lacks the action.
 * Bare 400/406 are NOT enough: they also mean a broken request (bad header, bad Accept), which
 * the deprecated endpoint would hide. 401/403/5xx/timeouts are never a reason: they hit both
 * endpoints alike, and a second request would only double the load during an outage.
 */
export function licenseFallbackApplies(error: unknown): boolean {
  if (!(error instanceof SaferpayApiError) || error.kind !== 'http') return false;
  if (error.status === 404 || error.status === 405) return true;
  return error.errorName === 'ACTION_NOT_SUPPORTED';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

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

function networkCode(error: unknown): string | undefined {
  // undici wraps the system error: TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }).
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth += 1) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string') return code;
    current = cause;
  }
  return undefined;
}

/**
 * Typed client of the Saferpay Management API: thin fetch wrapper with per-request
 * Saferpay-RequestId (reused on retries), timeouts, bounded retries, per-host concurrency and
 * a serial lane per customer for transaction reporting. No Nest dependency; one instance per
 * process is intended (the concurrency limits are per instance).
 */
export class SaferpayClient {
  readonly baseUrl: string;
  readonly apiVersion: string;
  private readonly timeoutMs: number;
  private readonly retry: SaferpayRetryOptions;
  private readonly logger: SaferpayLogger;
  private readonly random: () => number;
  private readonly maxConcurrencyPerHost: number;
  private readonly hostLimits = new Map<string, Semaphore>();
  // Saferpay forbids parallel report requests per customer: one at a time per customerId.
  private readonly reportLanes = new KeyedSemaphore(1);

  constructor(options: SaferpayClientOptions) {
    this.baseUrl = SaferpayClient.resolveBaseUrl(options);
    this.apiVersion = options.apiVersion ?? DEFAULT_API_VERSION;
    if (!API_VERSION.test(this.apiVersion)) {
      throw new RangeError(`apiVersion must look like 1.53, got ${this.apiVersion}`);
    }
    this.timeoutMs = SaferpayClient.positive(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 'timeoutMs');
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    SaferpayClient.positive(this.retry.maxAttempts, 'retry.maxAttempts');
    this.maxConcurrencyPerHost = SaferpayClient.positive(
      options.maxConcurrencyPerHost ?? DEFAULT_MAX_CONCURRENCY_PER_HOST,
      'maxConcurrencyPerHost',
    );
    this.logger = options.logger ?? silentLogger;
    this.random = options.random ?? Math.random;
  }

  private static positive(value: number, name: string): number {
    if (!Number.isFinite(value) || value < 1) throw new RangeError(`${name} must be >= 1`);
    return value;
  }

  private static resolveBaseUrl(options: SaferpayEndpoint): string {
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

  // ---------------------------------------------------------------------------------------
  // Operations

  /** GET /license: package and features of the customer. */
  async getLicense(
    credentials: SaferpayCredentials,
    options?: SaferpayCallOptions,
  ): Promise<SaferpayLicense> {
    const result = await this.execute(
      { operation: 'getLicense', method: 'GET', path: '/license', expectBody: true, secrets: [] },
      credentials,
      options,
    );
    return result.body as SaferpayLicense;
  }

  /** GET /license-configuration. @deprecated Since spec 1.35; use getLicense / getLicenseWithFallback. */
  async getLicenseConfiguration(
    credentials: SaferpayCredentials,
    options?: SaferpayCallOptions,
  ): Promise<SaferpayLicense> {
    const result = await this.execute(
      {
        operation: 'getLicenseConfiguration',
        method: 'GET',
        path: '/license-configuration',
        expectBody: true,
        secrets: [],
      },
      credentials,
      options,
    );
    return result.body as SaferpayLicense;
  }

  /** /license, or /license-configuration when /license is not offered ({@link licenseFallbackApplies}). */
  async getLicenseWithFallback(
    credentials: SaferpayCredentials,
    options?: Omit<SaferpayCallOptions, 'requestId'>,
  ): Promise<LicenseWithSource> {
    try {
      return { source: 'license', license: await this.getLicense(credentials, options) };
    } catch (error) {
      if (!licenseFallbackApplies(error)) throw error;
      const apiError = error as SaferpayApiError;
      this.logger.info(
        {
          operation: 'getLicense',
          customerId: credentials.customerId,
          requestId: apiError.requestId,
          status: apiError.status,
          errorName: apiError.errorName,
        },
        'saferpay /license not offered, falling back to /license-configuration',
      );
      const license = await this.getLicenseConfiguration(credentials, options);
      return { source: 'license-configuration', license };
    }
  }

  /** Payment page configurations, normalized from either casing. */
  async getPaymentPageConfigurations(
    credentials: SaferpayCredentials,
    options?: SaferpayCallOptions,
  ): Promise<NormalizedPaymentPageConfig[]> {
    const result = await this.execute(
      {
        operation: 'getPaymentPageConfigurations',
        method: 'GET',
        path: '/payment-page/configurations',
        expectBody: true,
        secrets: [],
      },
      credentials,
      options,
    );
    return this.normalized('getPaymentPageConfigurations', result, () =>
      normalizePaymentPageConfigs(result.body as SaferpayPaymentPageConfigurations),
    );
  }

  /** All terminals; one TerminalId may appear once per Type (entries keyed by id + type). */
  async getTerminals(
    credentials: SaferpayCredentials,
    options?: SaferpayCallOptions,
  ): Promise<NormalizedTerminal[]> {
    const result = await this.execute(
      {
        operation: 'getTerminals',
        method: 'GET',
        path: '/terminals',
        expectBody: true,
        secrets: [],
      },
      credentials,
      options,
    );
    return this.normalized('getTerminals', result, () =>
      normalizeTerminals(result.body as SaferpayTerminals),
    );
  }

  async getTerminal(
    credentials: SaferpayCredentials,
    terminalId: string,
    options?: SaferpayCallOptions,
  ): Promise<SaferpayTerminalDetails> {
    const terminal = this.pathId('getTerminal', 'terminalId', terminalId, PATH_ID, options);
    const result = await this.execute(
      {
        operation: 'getTerminal',
        method: 'GET',
        path: `/terminals/${terminal}`,
        expectBody: true,
        secrets: [],
      },
      credentials,
      options,
    );
    return result.body as SaferpayTerminalDetails;
  }

  /** @deprecated Since spec 1.31; use getTerminal. */
  async getPaymentMethods(
    credentials: SaferpayCredentials,
    terminalId: string,
    options?: SaferpayCallOptions,
  ): Promise<SaferpayPaymentMethods> {
    const terminal = this.pathId('getPaymentMethods', 'terminalId', terminalId, PATH_ID, options);
    const result = await this.execute(
      {
        operation: 'getPaymentMethods',
        method: 'GET',
        path: `/terminals/${terminal}/payment-methods`,
        expectBody: true,
        secrets: [],
      },
      credentials,
      options,
    );
    return result.body as SaferpayPaymentMethods;
  }

  /** POST: not idempotent; retried only with the same Saferpay-RequestId. The token is a secret. */
  async createFieldsAccessToken(
    credentials: SaferpayCredentials,
    terminalId: string,
    request: SaferpayFieldsAccessTokenRequest,
    options?: SaferpayCallOptions,
  ): Promise<SaferpayFieldsAccessTokenResponse> {
    const terminal = this.pathId(
      'createFieldsAccessToken',
      'terminalId',
      terminalId,
      PATH_ID,
      options,
    );
    const result = await this.execute(
      {
        operation: 'createFieldsAccessToken',
        method: 'POST',
        path: `/terminals/${terminal}/fields-access-tokens`,
        body: request,
        expectBody: true,
        secrets: [],
      },
      credentials,
      options,
    );
    const body = result.body;
    if (!isRecord(body) || typeof body.AccessToken !== 'string' || body.AccessToken === '') {
      throw this.invalidResponse('createFieldsAccessToken', result, 'AccessToken missing');
    }
    return body as SaferpayFieldsAccessTokenResponse;
  }

  /** Deletes all Fields access tokens of the terminal. */
  async deleteFieldsAccessTokens(
    credentials: SaferpayCredentials,
    terminalId: string,
    options?: SaferpayCallOptions,
  ): Promise<void> {
    const terminal = this.pathId(
      'deleteFieldsAccessTokens',
      'terminalId',
      terminalId,
      PATH_ID,
      options,
    );
    await this.execute(
      {
        operation: 'deleteFieldsAccessTokens',
        method: 'DELETE',
        path: `/terminals/${terminal}/fields-access-tokens`,
        expectBody: false,
        secrets: [],
      },
      credentials,
      options,
    );
  }

  /** Deletes one Fields access token. The token travels in the URL path and is redacted everywhere. */
  async deleteFieldsAccessToken(
    credentials: SaferpayCredentials,
    terminalId: string,
    accessToken: string,
    options?: SaferpayCallOptions,
  ): Promise<void> {
    const terminal = this.pathId(
      'deleteFieldsAccessToken',
      'terminalId',
      terminalId,
      PATH_ID,
      options,
    );
    const token = this.pathId(
      'deleteFieldsAccessToken',
      'accessToken',
      accessToken,
      ACCESS_TOKEN,
      options,
    );
    await this.execute(
      {
        operation: 'deleteFieldsAccessToken',
        method: 'DELETE',
        path: `/terminals/${terminal}/fields-access-tokens/${token}`,
        expectBody: false,
        secrets: [accessToken],
      },
      credentials,
      options,
    );
  }

  /** POST: not idempotent; retried only with the same Saferpay-RequestId. The link is a secret. */
  async createSpgOffer(
    credentials: SaferpayCredentials,
    terminalId: string,
    request: SaferpaySpgOfferRequest,
    options?: SaferpayCallOptions,
  ): Promise<SaferpaySpgOfferCreated> {
    const terminal = this.pathId('createSpgOffer', 'terminalId', terminalId, PATH_ID, options);
    const result = await this.execute(
      {
        operation: 'createSpgOffer',
        method: 'POST',
        path: `/terminals/${terminal}/spg-offers`,
        body: request,
        expectBody: true,
        secrets: [],
      },
      credentials,
      options,
    );
    const body = result.body;
    if (
      !isRecord(body) ||
      typeof body.OfferId !== 'string' ||
      typeof body.PaymentLink !== 'string'
    ) {
      throw this.invalidResponse('createSpgOffer', result, 'OfferId/PaymentLink missing');
    }
    return body as SaferpaySpgOfferCreated;
  }

  async getSpgOffer(
    credentials: SaferpayCredentials,
    terminalId: string,
    offerId: string,
    options?: SaferpayCallOptions,
  ): Promise<SaferpaySpgOffer> {
    const terminal = this.pathId('getSpgOffer', 'terminalId', terminalId, PATH_ID, options);
    const offer = this.pathId('getSpgOffer', 'offerId', offerId, OFFER_ID, options);
    const result = await this.execute(
      {
        operation: 'getSpgOffer',
        method: 'GET',
        path: `/terminals/${terminal}/spg-offers/${offer}`,
        expectBody: true,
        // Whoever holds the offer id can build the payment link.
        secrets: [offerId],
      },
      credentials,
      options,
    );
    return result.body as SaferpaySpgOffer;
  }

  /** Deletes the link only; a payment session the payer already started continues. */
  async deleteSpgOffer(
    credentials: SaferpayCredentials,
    terminalId: string,
    offerId: string,
    options?: SaferpayCallOptions,
  ): Promise<void> {
    const terminal = this.pathId('deleteSpgOffer', 'terminalId', terminalId, PATH_ID, options);
    const offer = this.pathId('deleteSpgOffer', 'offerId', offerId, OFFER_ID, options);
    await this.execute(
      {
        operation: 'deleteSpgOffer',
        method: 'DELETE',
        path: `/terminals/${terminal}/spg-offers/${offer}`,
        expectBody: false,
        secrets: [offerId],
      },
      credentials,
      options,
    );
  }

  /**
   * One page of transactions, normalized (amounts in minor units, 1-based page number).
   * Refuses without a request when Saferpay-ApiVersion < 1.48. Calls for the same customer run
   * one after another (Saferpay forbids parallel report requests); other customers in parallel.
   */
  async getTransactions(
    credentials: SaferpayCredentials,
    query: SaferpayTransactionsQuery,
    options: SaferpayCallOptions = {},
  ): Promise<NormalizedTransactionsPage> {
    const operation = 'getTransactions';
    if (compareApiVersions(this.apiVersion, TRANSACTIONS_MIN_API_VERSION) < 0) {
      const error = this.refusal(
        operation,
        'unsupported',
        `transaction reporting needs Saferpay-ApiVersion >= ${TRANSACTIONS_MIN_API_VERSION}, configured ${this.apiVersion}`,
        options,
      );
      this.logger.warn(
        {
          operation,
          customerId: credentials.customerId,
          requestId: error.requestId,
          kind: error.kind,
        },
        'saferpay request refused before sending',
      );
      throw error;
    }
    const params = this.transactionsQuery(query, options);
    const requestedPage = query.PageNumber ?? 1;
    const run = async (): Promise<NormalizedTransactionsPage> => {
      const result = await this.execute(
        {
          operation,
          method: 'GET',
          path: '/transactions',
          query: params,
          expectBody: true,
          secrets: [],
        },
        credentials,
        options,
      );
      return this.normalized(operation, result, () =>
        normalizeTransactionsPage(result.body as SaferpayTransactionsPage, requestedPage),
      );
    };
    try {
      return await this.reportLanes.run(credentials.customerId, run, options.signal);
    } catch (error) {
      if (error instanceof SaferpayApiError) throw error;
      // Only the lane's wait can fail otherwise, and only by the caller's abort.
      throw this.refusal(
        operation,
        'aborted',
        'aborted while waiting for the customer lane',
        options,
      );
    }
  }

  // ---------------------------------------------------------------------------------------
  // Request execution

  private async execute(
    spec: RequestSpec,
    credentials: SaferpayCredentials,
    options: SaferpayCallOptions = {},
  ): Promise<ExecuteResult> {
    const requestId = this.requestIdFor(spec.operation, options);
    this.checkCredentials(spec.operation, credentials, requestId);
    const customer = this.pathId(spec.operation, 'customerId', credentials.customerId, PATH_ID, {
      requestId,
    });
    const basic = Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString(
      'base64',
    );
    const secrets = [credentials.password, credentials.username, basic, ...spec.secrets];
    const url = `${this.baseUrl}/rest/customers/${customer}${spec.path}${
      spec.query && [...spec.query.keys()].length > 0 ? `?${spec.query.toString()}` : ''
    }`;
    const headers: Record<string, string> = {
      Accept: 'application/json',
      Authorization: `Basic ${basic}`,
      'Saferpay-ApiVersion': this.apiVersion,
      'Saferpay-RequestId': requestId,
    };
    let body: string | undefined;
    if (spec.body !== undefined) {
      body = JSON.stringify(spec.body);
      headers['Content-Type'] = 'application/json; charset=utf-8';
    }
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const limiter = this.hostLimiter(url);
    const logContext = { operation: spec.operation, customerId: credentials.customerId, requestId };

    let totalDelayMs = 0;
    for (let attempt = 1; ; attempt += 1) {
      const startedAt = Date.now();
      let outcome: AttemptResult;
      try {
        const release = await limiter.acquire(options.signal);
        try {
          outcome = await this.attempt(url, spec.method, headers, body, timeoutMs, options.signal);
        } finally {
          release();
        }
      } catch {
        // Only the limiter's wait rejects, and only on the caller's abort.
        outcome = { type: 'aborted' };
      }
      const durationMs = Date.now() - startedAt;
      const parsed = this.parse(outcome, spec.expectBody, secrets);
      if (!('failure' in parsed)) {
        this.logger.debug(
          { ...logContext, attempt, status: parsed.status, durationMs },
          'saferpay request succeeded',
        );
        return { status: parsed.status, body: parsed.body, requestId, attempts: attempt };
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
      let delayMs = 0;
      if (decision.retry && attempt < this.retry.maxAttempts) {
        const budgetLeft = this.retry.maxTotalDelayMs - totalDelayMs;
        delayMs = Math.min(backoffDelay(attempt, this.retry, this.random), budgetLeft);
        if (budgetLeft > 0) {
          this.logger.warn(
            { ...logFields, retryInMs: delayMs },
            'saferpay request failed, retrying',
          );
          totalDelayMs += delayMs;
          if (await abortableSleep(delayMs, options.signal)) continue;
          // Aborted during the backoff: report the abort, not the previous failure.
          const aborted: ParsedFailure = { failure: { kind: 'aborted' } };
          throw this.toError(spec.operation, requestId, attempt, aborted, timeoutMs, false);
        }
      }
      this.logger.warn(logFields, 'saferpay request failed');
      throw this.toError(spec.operation, requestId, attempt, parsed, timeoutMs, decision.retry);
    }
  }

  private async attempt(
    url: string,
    method: RequestSpec['method'],
    headers: Record<string, string>,
    body: string | undefined,
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ): Promise<AttemptResult> {
    if (signal?.aborted) return { type: 'aborted' };
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onAbort = (): void => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const response = await fetch(url, {
        method,
        headers,
        body,
        signal: controller.signal,
        // Never follow a redirect with credentials attached; a redirect is an error here.
        redirect: 'manual',
      });
      // The timeout also covers reading the body: a server may send headers and then stall.
      const text = await response.text();
      return {
        type: 'response',
        status: response.status,
        contentType: response.headers.get('content-type') ?? '',
        text,
      };
    } catch (error) {
      if (timedOut) return { type: 'timeout' };
      if (signal?.aborted) return { type: 'aborted' };
      return { type: 'network', code: networkCode(error) };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private parse(
    outcome: AttemptResult,
    expectBody: boolean,
    secrets: string[],
  ): { status: number; body: unknown } | ParsedFailure {
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
      ? errorBody.ErrorDetail.filter((line): line is string => typeof line === 'string').map(
          (line) => redact(line, secrets),
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

  private toError(
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

  // ---------------------------------------------------------------------------------------
  // Helpers

  private hostLimiter(url: string): Semaphore {
    const host = new URL(url).host;
    let limiter = this.hostLimits.get(host);
    if (!limiter) {
      limiter = new Semaphore(this.maxConcurrencyPerHost);
      this.hostLimits.set(host, limiter);
    }
    return limiter;
  }

  private requestIdFor(operation: SaferpayOperationId, options: SaferpayCallOptions): string {
    if (options.requestId === undefined) return randomUUID();
    if (!REQUEST_ID.test(options.requestId)) {
      throw new SaferpayApiError({
        kind: 'invalid-request',
        operation,
        requestId: 'invalid',
        attempts: 0,
        retryable: false,
        reason: 'requestId must be Id[1..50] (A-Za-z0-9.:-_)',
      });
    }
    return options.requestId;
  }

  private refusal(
    operation: SaferpayOperationId,
    kind: SaferpayErrorKind,
    reason: string,
    options: SaferpayCallOptions,
  ): SaferpayApiError {
    const requestId =
      options.requestId && REQUEST_ID.test(options.requestId) ? options.requestId : randomUUID();
    return new SaferpayApiError({
      kind,
      operation,
      requestId,
      attempts: 0,
      retryable: false,
      reason,
    });
  }

  /** Validates and encodes a path segment; the value itself never enters the message. */
  private pathId(
    operation: SaferpayOperationId,
    name: string,
    value: string,
    pattern: RegExp,
    options: SaferpayCallOptions = {},
  ): string {
    // The patterns also exclude '.' and '..' segments that URL normalisation would resolve.
    if (typeof value !== 'string' || !pattern.test(value) || value === '.' || value === '..') {
      throw this.refusal(operation, 'invalid-request', `${name} has an invalid format`, options);
    }
    return encodeURIComponent(value);
  }

  private checkCredentials(
    operation: SaferpayOperationId,
    credentials: SaferpayCredentials,
    requestId: string,
  ): void {
    const { username, password } = credentials;
    // RFC 7617: the user-id of Basic auth cannot contain a colon.
    if (!username || !password || username.includes(':')) {
      throw this.refusal(operation, 'invalid-request', 'username/password missing or malformed', {
        requestId,
      });
    }
  }

  private transactionsQuery(
    query: SaferpayTransactionsQuery,
    options: SaferpayCallOptions,
  ): URLSearchParams {
    const operation = 'getTransactions';
    const invalid = (reason: string): SaferpayApiError =>
      this.refusal(operation, 'invalid-request', reason, options);
    if (!REPORTING_DATE.test(query.StartDate) || !REPORTING_DATE.test(query.EndDate)) {
      throw invalid('StartDate/EndDate must be yyyy-MM-dd or yyyy-MM-ddTHH:mm');
    }
    const { PageSize, PageNumber, TerminalId, TransactionState } = query;
    if (
      PageSize !== undefined &&
      (!Number.isInteger(PageSize) || PageSize < 1 || PageSize > 2000)
    ) {
      throw invalid('PageSize must be an integer between 1 and 2000');
    }
    if (PageNumber !== undefined && (!Number.isInteger(PageNumber) || PageNumber < 1)) {
      throw invalid('PageNumber must be an integer >= 1 (pages count from 1)');
    }
    if (TerminalId !== undefined && (!Number.isInteger(TerminalId) || TerminalId < 0)) {
      throw invalid('TerminalId must be a non-negative integer');
    }
    if (
      TransactionState !== undefined &&
      !['SUCCESSFUL', 'FAILED', 'PENDING'].includes(TransactionState)
    ) {
      throw invalid('TransactionState must be SUCCESSFUL, FAILED or PENDING');
    }
    const params = new URLSearchParams({ StartDate: query.StartDate, EndDate: query.EndDate });
    if (PageSize !== undefined) params.set('PageSize', String(PageSize));
    if (PageNumber !== undefined) params.set('PageNumber', String(PageNumber));
    if (TransactionState !== undefined) params.set('TransactionState', TransactionState);
    if (TerminalId !== undefined) params.set('TerminalId', String(TerminalId));
    return params;
  }

  private normalized<T>(
    operation: SaferpayOperationId,
    result: ExecuteResult,
    normalize: () => T,
  ): T {
    try {
      return normalize();
    } catch (error) {
      if (!(error instanceof NormalizationError)) throw error;
      throw this.invalidResponse(operation, result, error.message);
    }
  }

  private invalidResponse(
    operation: SaferpayOperationId,
    result: ExecuteResult,
    reason: string,
  ): SaferpayApiError {
    return new SaferpayApiError({
      kind: 'invalid-response',
      operation,
      requestId: result.requestId,
      attempts: result.attempts,
      retryable: false,
      status: result.status,
      reason,
    });
  }
}
