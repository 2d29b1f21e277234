import type {
  SaferpayTransactionsPage,
  SaferpayTransactionsQuery,
} from '@platform/saferpay-contract';
import type { SaferpayCallOptions, SaferpayCredentials } from './client-options';
import { SaferpayApiError } from './errors';
import type { SaferpayLogger } from './logger';
import { normalizeTransactionsPage, type NormalizedTransactionsPage } from './normalize';
import { normalizedBody } from './operation-results';
import { refusal } from './refusal';
import { KeyedSemaphore } from './semaphore';
import type { SaferpayTransport } from './transport';

/** Transaction reporting exists from this spec version on. */
export const TRANSACTIONS_MIN_API_VERSION = '1.48';

const REPORTING_DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2})?$/;
const TRANSACTION_STATES = ['SUCCESSFUL', 'FAILED', 'PENDING'];

/** Compares dotted spec versions numerically ('1.5' < '1.48'). */
export function compareApiVersions(a: string, b: string): number {
  const [aMajor, aMinor] = a.split('.').map(Number);
  const [bMajor, bMinor] = b.split('.').map(Number);
  return aMajor !== bMajor ? aMajor - bMajor : aMinor - bMinor;
}

/**
 * GET /transactions with its quirks: refused without a request below spec 1.48, the query
 * validated before sending, one request at a time per customer, the page normalized.
 */
export class TransactionReports {
  // Saferpay forbids parallel report requests per customer: one at a time per customerId.
  private readonly customerLanes = new KeyedSemaphore(1);

  constructor(
    private readonly transport: SaferpayTransport,
    private readonly apiVersion: string,
    private readonly logger: SaferpayLogger,
  ) {}

  async getPage(
    credentials: SaferpayCredentials,
    query: SaferpayTransactionsQuery,
    options: SaferpayCallOptions,
  ): Promise<NormalizedTransactionsPage> {
    const operation = 'getTransactions';
    this.refuseUnsupportedApiVersion(credentials, options);
    const params = transactionsQueryParams(query, options);
    const requestedPage = query.PageNumber ?? 1;
    const run = async (): Promise<NormalizedTransactionsPage> => {
      const result = await this.transport.execute(
        { operation, method: 'GET', path: '/transactions', query: params },
        credentials,
        options,
      );
      return normalizedBody(result, (body) =>
        normalizeTransactionsPage(body as SaferpayTransactionsPage, requestedPage),
      );
    };
    try {
      return await this.customerLanes.run(credentials.customerId, run, options.signal);
    } catch (error) {
      if (error instanceof SaferpayApiError) throw error;
      // Only the lane's wait can fail otherwise, and only by the caller's abort.
      throw refusal(operation, 'aborted', 'aborted while waiting for the customer lane', options);
    }
  }

  private refuseUnsupportedApiVersion(
    credentials: SaferpayCredentials,
    options: SaferpayCallOptions,
  ): void {
    if (compareApiVersions(this.apiVersion, TRANSACTIONS_MIN_API_VERSION) >= 0) return;
    const operation = 'getTransactions';
    const error = refusal(
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
}

/** Validates the report query (refusing with `invalid-request`) and encodes it. */
function transactionsQueryParams(
  query: SaferpayTransactionsQuery,
  options: SaferpayCallOptions,
): URLSearchParams {
  const invalid = (reason: string): SaferpayApiError =>
    refusal('getTransactions', 'invalid-request', reason, options);
  if (!REPORTING_DATE.test(query.StartDate) || !REPORTING_DATE.test(query.EndDate)) {
    throw invalid('StartDate/EndDate must be yyyy-MM-dd or yyyy-MM-ddTHH:mm');
  }
  const { PageSize, PageNumber, TerminalId, TransactionState } = query;
  if (PageSize !== undefined && (!Number.isInteger(PageSize) || PageSize < 1 || PageSize > 2000)) {
    throw invalid('PageSize must be an integer between 1 and 2000');
  }
  if (PageNumber !== undefined && (!Number.isInteger(PageNumber) || PageNumber < 1)) {
    throw invalid('PageNumber must be an integer >= 1 (pages count from 1)');
  }
  if (TerminalId !== undefined && (!Number.isInteger(TerminalId) || TerminalId < 0)) {
    throw invalid('TerminalId must be a non-negative integer');
  }
  if (TransactionState !== undefined && !TRANSACTION_STATES.includes(TransactionState)) {
    throw invalid('TransactionState must be SUCCESSFUL, FAILED or PENDING');
  }
  const params = new URLSearchParams({ StartDate: query.StartDate, EndDate: query.EndDate });
  if (PageSize !== undefined) params.set('PageSize', String(PageSize));
  if (PageNumber !== undefined) params.set('PageNumber', String(PageNumber));
  if (TransactionState !== undefined) params.set('TransactionState', TransactionState);
  if (TerminalId !== undefined) params.set('TerminalId', String(TerminalId));
  return params;
}
