import type {
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
  SaferpayTransactionsQuery,
} from '@platform/saferpay-contract';
import {
  resolveClientOptions,
  type SaferpayCallOptions,
  type SaferpayClientOptions,
  type SaferpayCredentials,
} from './client-options';
import { licenseWithFallback, type LicenseWithSource } from './license-fallback';
import type { SaferpayLogger } from './logger';
import {
  normalizePaymentPageConfigs,
  normalizeTerminals,
  type NormalizedPaymentPageConfig,
  type NormalizedTerminal,
  type NormalizedTransactionsPage,
} from './normalize';
import { checkedBody, normalizedBody, type BodyRequirement } from './operation-results';
import { pathParam } from './path-params';
import { TransactionReports } from './transactions';
import { SaferpayTransport, type RequestSpec } from './transport';

/** Callers of createFieldsAccessToken need the token; an empty one is as useless as none. */
const CREATED_FIELDS_ACCESS_TOKEN: BodyRequirement<SaferpayFieldsAccessTokenResponse> = {
  holds: (body): body is Record<string, unknown> & SaferpayFieldsAccessTokenResponse =>
    typeof body.AccessToken === 'string' && body.AccessToken !== '',
  missing: 'AccessToken missing',
};

/** Callers of createSpgOffer hand the offer id and payment link on. */
const CREATED_SPG_OFFER: BodyRequirement<SaferpaySpgOfferCreated> = {
  holds: (body): body is Record<string, unknown> & SaferpaySpgOfferCreated =>
    typeof body.OfferId === 'string' && typeof body.PaymentLink === 'string',
  missing: 'OfferId/PaymentLink missing',
};

/**
 * Typed client of the Saferpay Management API: thin fetch wrapper with per-request
 * Saferpay-RequestId (reused on retries), timeouts, bounded retries, per-host concurrency and
 * a serial lane per customer for transaction reporting. No Nest dependency; one instance per
 * process is intended (the concurrency limits are per instance).
 */
export class SaferpayClient {
  readonly baseUrl: string;
  readonly apiVersion: string;
  private readonly logger: SaferpayLogger;
  private readonly transport: SaferpayTransport;
  private readonly transactionReports: TransactionReports;

  constructor(options: SaferpayClientOptions) {
    const resolved = resolveClientOptions(options);
    this.baseUrl = resolved.baseUrl;
    this.apiVersion = resolved.apiVersion;
    this.logger = resolved.logger;
    this.transport = new SaferpayTransport(resolved);
    this.transactionReports = new TransactionReports(
      this.transport,
      resolved.apiVersion,
      resolved.logger,
    );
  }

  /** GET /license: package and features of the customer. */
  async getLicense(
    credentials: SaferpayCredentials,
    options?: SaferpayCallOptions,
  ): Promise<SaferpayLicense> {
    const spec: RequestSpec = { operation: 'getLicense', method: 'GET', path: '/license' };
    return await this.jsonBody<SaferpayLicense>(spec, credentials, options);
  }

  /** GET /license-configuration. @deprecated Since spec 1.35; use getLicense / getLicenseWithFallback. */
  async getLicenseConfiguration(
    credentials: SaferpayCredentials,
    options?: SaferpayCallOptions,
  ): Promise<SaferpayLicense> {
    const operation = 'getLicenseConfiguration';
    const spec: RequestSpec = { operation, method: 'GET', path: '/license-configuration' };
    return await this.jsonBody<SaferpayLicense>(spec, credentials, options);
  }

  /** /license, or /license-configuration when /license is not offered (see licenseFallbackApplies). */
  async getLicenseWithFallback(
    credentials: SaferpayCredentials,
    options?: Omit<SaferpayCallOptions, 'requestId'>,
  ): Promise<LicenseWithSource> {
    return await licenseWithFallback(
      {
        customerId: credentials.customerId,
        license: () => this.getLicense(credentials, options),
        licenseConfiguration: () => this.getLicenseConfiguration(credentials, options),
      },
      this.logger,
    );
  }

  /** Payment page configurations, normalized from either casing. */
  async getPaymentPageConfigurations(
    credentials: SaferpayCredentials,
    options?: SaferpayCallOptions,
  ): Promise<NormalizedPaymentPageConfig[]> {
    const operation = 'getPaymentPageConfigurations';
    const spec: RequestSpec = { operation, method: 'GET', path: '/payment-page/configurations' };
    const result = await this.transport.execute(spec, credentials, options);
    return normalizedBody(result, (body) =>
      normalizePaymentPageConfigs(body as SaferpayPaymentPageConfigurations),
    );
  }

  /** All terminals; one TerminalId may appear once per Type (entries keyed by id + type). */
  async getTerminals(
    credentials: SaferpayCredentials,
    options?: SaferpayCallOptions,
  ): Promise<NormalizedTerminal[]> {
    const spec: RequestSpec = { operation: 'getTerminals', method: 'GET', path: '/terminals' };
    const result = await this.transport.execute(spec, credentials, options);
    return normalizedBody(result, (body) => normalizeTerminals(body as SaferpayTerminals));
  }

  async getTerminal(
    credentials: SaferpayCredentials,
    terminalId: string,
    options?: SaferpayCallOptions,
  ): Promise<SaferpayTerminalDetails> {
    const operation = 'getTerminal';
    const path = terminalPath(operation, terminalId, options);
    const spec: RequestSpec = { operation, method: 'GET', path };
    return await this.jsonBody<SaferpayTerminalDetails>(spec, credentials, options);
  }

  /** @deprecated Since spec 1.31; use getTerminal. */
  async getPaymentMethods(
    credentials: SaferpayCredentials,
    terminalId: string,
    options?: SaferpayCallOptions,
  ): Promise<SaferpayPaymentMethods> {
    const operation = 'getPaymentMethods';
    const path = terminalPath(operation, terminalId, options, '/payment-methods');
    const spec: RequestSpec = { operation, method: 'GET', path };
    return await this.jsonBody<SaferpayPaymentMethods>(spec, credentials, options);
  }

  /** POST: not idempotent; retried only with the same Saferpay-RequestId. The token is a secret. */
  async createFieldsAccessToken(
    credentials: SaferpayCredentials,
    terminalId: string,
    request: SaferpayFieldsAccessTokenRequest,
    options?: SaferpayCallOptions,
  ): Promise<SaferpayFieldsAccessTokenResponse> {
    const operation = 'createFieldsAccessToken';
    const path = terminalPath(operation, terminalId, options, '/fields-access-tokens');
    const spec: RequestSpec = { operation, method: 'POST', path, body: request };
    return await this.jsonBody(spec, credentials, options, CREATED_FIELDS_ACCESS_TOKEN);
  }

  /** Deletes all Fields access tokens of the terminal. */
  async deleteFieldsAccessTokens(
    credentials: SaferpayCredentials,
    terminalId: string,
    options?: SaferpayCallOptions,
  ): Promise<void> {
    const operation = 'deleteFieldsAccessTokens';
    const path = terminalPath(operation, terminalId, options, '/fields-access-tokens');
    const spec: RequestSpec = { operation, method: 'DELETE', path };
    await this.transport.execute(spec, credentials, options);
  }

  /** Deletes one Fields access token. The token travels in the URL path and is redacted everywhere. */
  async deleteFieldsAccessToken(
    credentials: SaferpayCredentials,
    terminalId: string,
    accessToken: string,
    options?: SaferpayCallOptions,
  ): Promise<void> {
    const operation = 'deleteFieldsAccessToken';
    const tokens = terminalPath(operation, terminalId, options, '/fields-access-tokens');
    const token = pathParam(operation, 'accessToken', accessToken, options);
    const spec: RequestSpec = {
      operation,
      method: 'DELETE',
      path: `${tokens}/${token}`,
      secrets: [accessToken],
    };
    await this.transport.execute(spec, credentials, options);
  }

  /** POST: not idempotent; retried only with the same Saferpay-RequestId. The link is a secret. */
  async createSpgOffer(
    credentials: SaferpayCredentials,
    terminalId: string,
    request: SaferpaySpgOfferRequest,
    options?: SaferpayCallOptions,
  ): Promise<SaferpaySpgOfferCreated> {
    const operation = 'createSpgOffer';
    const path = terminalPath(operation, terminalId, options, '/spg-offers');
    const spec: RequestSpec = { operation, method: 'POST', path, body: request };
    return await this.jsonBody(spec, credentials, options, CREATED_SPG_OFFER);
  }

  async getSpgOffer(
    credentials: SaferpayCredentials,
    terminalId: string,
    offerId: string,
    options?: SaferpayCallOptions,
  ): Promise<SaferpaySpgOffer> {
    const operation = 'getSpgOffer';
    const path = spgOfferPath(operation, terminalId, offerId, options);
    // Whoever holds the offer id can build the payment link.
    const spec: RequestSpec = { operation, method: 'GET', path, secrets: [offerId] };
    return await this.jsonBody<SaferpaySpgOffer>(spec, credentials, options);
  }

  /** Deletes the link only; a payment session the payer already started continues. */
  async deleteSpgOffer(
    credentials: SaferpayCredentials,
    terminalId: string,
    offerId: string,
    options?: SaferpayCallOptions,
  ): Promise<void> {
    const operation = 'deleteSpgOffer';
    const path = spgOfferPath(operation, terminalId, offerId, options);
    const spec: RequestSpec = { operation, method: 'DELETE', path, secrets: [offerId] };
    await this.transport.execute(spec, credentials, options);
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
    return await this.transactionReports.getPage(credentials, query, options);
  }

  /** Sends the request and returns its JSON object body as `T`, checked when `requirement` is given. */
  private async jsonBody<T>(
    spec: RequestSpec,
    credentials: SaferpayCredentials,
    options: SaferpayCallOptions | undefined,
    requirement?: BodyRequirement<T>,
  ): Promise<T> {
    const result = await this.transport.execute(spec, credentials, options);
    return requirement ? checkedBody(result, requirement) : (result.body as T);
  }
}

/** `/terminals/{terminalId}` plus `below`, the terminal id validated. */
function terminalPath(
  operation: SaferpayOperationId,
  terminalId: string,
  options: SaferpayCallOptions | undefined,
  below = '',
): string {
  return `/terminals/${pathParam(operation, 'terminalId', terminalId, options)}${below}`;
}

/** `/terminals/{terminalId}/spg-offers/{offerId}`, both ids validated in that order. */
function spgOfferPath(
  operation: SaferpayOperationId,
  terminalId: string,
  offerId: string,
  options: SaferpayCallOptions | undefined,
): string {
  const offers = terminalPath(operation, terminalId, options, '/spg-offers');
  return `${offers}/${pathParam(operation, 'offerId', offerId, options)}`;
}
