import type {
  SaferpayAuthorizationDetails,
  SaferpayFailedDetails,
  SaferpayPaymentMethodInfo,
  SaferpayPaymentPageConfigurations,
  SaferpayPendingDetails,
  SaferpayRawTransaction,
  SaferpayTerminalType,
  SaferpayTerminals,
  SaferpayTransactionsPage,
  SaferpayWalletInfo,
} from '@platform/saferpay-contract';
import { decimalToMinorUnits, normalizeMinorUnits } from './currency';

/** Thrown by the normalizers for bodies they cannot make sense of; the client wraps it. */
export class NormalizationError extends Error {
  override readonly name = 'NormalizationError';
}

/** An amount in minor units as an integer string: EUR 5.00 → `{ value: '500', currencyCode: 'EUR' }`. */
export interface SaferpayMoney {
  value: string;
  currencyCode: string;
}

export interface NormalizedPaymentPageConfig {
  name: string;
  isDefault: boolean;
  description?: string;
}

export interface NormalizedTerminal {
  /** `${terminalId}:${type}`: GetTerminals may list one TerminalId with several types. */
  key: string;
  terminalId: string;
  type?: SaferpayTerminalType;
  description?: string;
  paymentMethods?: SaferpayPaymentMethodInfo[];
  wallets?: SaferpayWalletInfo[];
}

export interface NormalizedTransaction {
  transactionId: string;
  customerId: string;
  terminalId: string;
  terminalType?: SaferpayTerminalType;
  application: string;
  paymentMethod: string;
  provider: string;
  orderId?: string;
  description?: string;
  payerId?: string;
  ipAddress?: string;
  ipOrigin?: string;
  merchantAmount: SaferpayMoney;
  /** From AuthorizationDetails.CapturedMerchantAmount, in the merchant currency. */
  capturedMerchantAmount?: SaferpayMoney;
  /** From AuthorizationDetails.PayerAmount. */
  payerAmount?: SaferpayMoney;
  /** As received; its amount fields may be in either shape, use the normalized ones above. */
  authorizationDetails?: SaferpayAuthorizationDetails;
  failedDetails?: SaferpayFailedDetails;
  pendingDetails?: SaferpayPendingDetails;
  /** The transaction exactly as Saferpay sent it, including fields added after spec 1.53. */
  raw: SaferpayRawTransaction;
}

export interface NormalizedTransactionsPage {
  /** 1-based, like the request's PageNumber, whatever base the response used. */
  pageNumber: number;
  /** Whether the response counted pages from 0 (as documented) or 1 (as requests do). */
  pageNumberBase: 0 | 1;
  /** PageNumber exactly as received. */
  rawPageNumber: number;
  /** Page size Saferpay applied (may be smaller than requested). */
  pageSize: number;
  totalTransactions: number;
  totalPages: number;
  hasMore: boolean;
  transactions: NormalizedTransaction[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function requiredString(value: unknown, field: string): string {
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new NormalizationError(`${field} is missing`);
}

/**
 * An amount in either documented shape: the container's `{ Value, CurrencyCode }` in minor
 * units, or the example's decimal string in major units with the currency in a sibling field.
 */
export function normalizeAmount(
  amount: unknown,
  siblingCurrency: unknown,
  field: string,
): SaferpayMoney {
  try {
    if (isRecord(amount)) {
      const currencyCode = requiredString(amount.CurrencyCode, `${field}.CurrencyCode`);
      return {
        value: normalizeMinorUnits(requiredString(amount.Value, `${field}.Value`)),
        currencyCode,
      };
    }
    if (typeof amount === 'string') {
      if (typeof siblingCurrency !== 'string' || !/^[A-Za-z]{3}$/.test(siblingCurrency)) {
        throw new NormalizationError(`${field} is a decimal string without a currency`);
      }
      const currencyCode = siblingCurrency.toUpperCase();
      return { value: decimalToMinorUnits(amount, currencyCode), currencyCode };
    }
  } catch (error) {
    if (error instanceof NormalizationError) throw error;
    throw new NormalizationError(`${field}: ${(error as Error).message}`);
  }
  throw new NormalizationError(`${field} is neither an amount object nor a decimal string`);
}

export function normalizeTransaction(
  raw: SaferpayRawTransaction,
  index = 0,
): NormalizedTransaction {
  const at = `Transactions[${index}]`;
  if (!isRecord(raw)) throw new NormalizationError(`${at} is not an object`);
  const merchantAmount = normalizeAmount(
    raw.MerchantAmount,
    raw.MerchantCurrency,
    `${at}.MerchantAmount`,
  );
  const details = isRecord(raw.AuthorizationDetails) ? raw.AuthorizationDetails : undefined;
  return {
    transactionId: requiredString(raw.TransactionId, `${at}.TransactionId`),
    customerId: requiredString(raw.CustomerId, `${at}.CustomerId`),
    terminalId: requiredString(raw.TerminalId, `${at}.TerminalId`),
    terminalType: raw.TerminalType,
    application: optionalString(raw.Application) ?? '',
    paymentMethod: optionalString(raw.PaymentMethod) ?? '',
    provider: optionalString(raw.Provider) ?? '',
    orderId: optionalString(raw.OrderId),
    description: optionalString(raw.Description),
    payerId: optionalString(raw.PayerId),
    ipAddress: optionalString(raw.IpAddress),
    ipOrigin: optionalString(raw.IpOrigin),
    merchantAmount,
    // A string CapturedMerchantAmount has no currency field of its own: it is in the
    // merchant currency by definition.
    capturedMerchantAmount:
      details?.CapturedMerchantAmount === undefined
        ? undefined
        : normalizeAmount(
            details.CapturedMerchantAmount,
            merchantAmount.currencyCode,
            `${at}.AuthorizationDetails.CapturedMerchantAmount`,
          ),
    payerAmount:
      details?.PayerAmount === undefined
        ? undefined
        : normalizeAmount(
            details.PayerAmount,
            details.PayerCurrency,
            `${at}.AuthorizationDetails.PayerAmount`,
          ),
    authorizationDetails: details,
    failedDetails: isRecord(raw.FailedDetails) ? raw.FailedDetails : undefined,
    pendingDetails: isRecord(raw.PendingDetails) ? raw.PendingDetails : undefined,
    raw,
  };
}

/**
 * The response PageNumber is documented as 0-based while requests count from 1. The base is
 * inferred from the page that was asked for: equal → 1-based, one less → 0-based; a response
 * of 0 can only be 0-based. Anything else is taken as 1-based (the request's convention).
 */
export function inferPageNumberBase(requestedPage: number, responsePage: number): 0 | 1 {
  if (responsePage === requestedPage) return 1;
  if (responsePage === requestedPage - 1 || responsePage === 0) return 0;
  return 1;
}

export function normalizeTransactionsPage(
  body: SaferpayTransactionsPage,
  requestedPage: number,
): NormalizedTransactionsPage {
  if (!isRecord(body)) throw new NormalizationError('body is not an object');
  const { PageNumber, PageSize, TotalTransactions, Transactions } = body;
  if (typeof PageNumber !== 'number' || typeof PageSize !== 'number') {
    throw new NormalizationError('PageNumber/PageSize missing');
  }
  if (typeof TotalTransactions !== 'number' || !Array.isArray(Transactions)) {
    throw new NormalizationError('TotalTransactions/Transactions missing');
  }
  const base = inferPageNumberBase(requestedPage, PageNumber);
  const pageNumber = PageNumber + (base === 0 ? 1 : 0);
  const totalPages = PageSize > 0 ? Math.ceil(TotalTransactions / PageSize) : 0;
  return {
    pageNumber,
    pageNumberBase: base,
    rawPageNumber: PageNumber,
    pageSize: PageSize,
    totalTransactions: TotalTransactions,
    totalPages,
    hasMore: pageNumber < totalPages,
    transactions: Transactions.map((transaction, index) =>
      normalizeTransaction(transaction, index),
    ),
  };
}

/** Reads `Name/IsDefault/Description` or `name/isDefault/description` (PascalCase wins). */
export function normalizePaymentPageConfigs(
  body: SaferpayPaymentPageConfigurations,
): NormalizedPaymentPageConfig[] {
  if (!isRecord(body)) throw new NormalizationError('body is not an object');
  const configurations: unknown[] = Array.isArray(body.Configurations) ? body.Configurations : [];
  const result: NormalizedPaymentPageConfig[] = [];
  for (const entry of configurations) {
    if (!isRecord(entry)) continue;
    const name = optionalString(entry.Name) ?? optionalString(entry.name);
    // Without a name a configuration cannot be selected (ConfigSet), so it is useless.
    if (!name) continue;
    const isDefault = entry.IsDefault ?? entry.isDefault;
    result.push({
      name,
      isDefault: isDefault === true,
      description: optionalString(entry.Description) ?? optionalString(entry.description),
    });
  }
  return result;
}

/**
 * Keeps entries with the same TerminalId but different Type apart (key = id + type); exact
 * duplicates (same id and type) are collapsed to the first.
 */
export function normalizeTerminals(body: SaferpayTerminals): NormalizedTerminal[] {
  if (!isRecord(body)) throw new NormalizationError('body is not an object');
  const terminals: unknown[] = Array.isArray(body.Terminals) ? body.Terminals : [];
  const byKey = new Map<string, NormalizedTerminal>();
  for (const entry of terminals) {
    if (!isRecord(entry)) continue;
    const terminalId = optionalString(entry.TerminalId);
    if (!terminalId) continue;
    const type = optionalString(entry.Type) as SaferpayTerminalType | undefined;
    const key = `${terminalId}:${type ?? ''}`;
    if (byKey.has(key)) continue;
    byKey.set(key, {
      key,
      terminalId,
      type,
      description: optionalString(entry.Description),
      paymentMethods: Array.isArray(entry.PaymentMethods)
        ? (entry.PaymentMethods as SaferpayPaymentMethodInfo[])
        : undefined,
      wallets: Array.isArray(entry.Wallets) ? (entry.Wallets as SaferpayWalletInfo[]) : undefined,
    });
  }
  return [...byKey.values()];
}
