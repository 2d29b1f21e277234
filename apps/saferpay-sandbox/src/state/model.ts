/** The sandbox's internal model of Saferpay accounts. Rendering to Saferpay JSON is in routes/. */

export const TERMINAL_TYPES = ['ECOM', 'SPG', 'MPO'] as const;
export type TerminalType = (typeof TERMINAL_TYPES)[number];

export interface PaymentMethodConfig {
  paymentMethod: string;
  currencies: string[];
  logoUrl: string;
}

export interface WalletConfig {
  walletName: string;
  logoUrl: string;
}

export interface TerminalConfig {
  terminalId: string;
  type: TerminalType;
  description: string;
  paymentMethods: PaymentMethodConfig[];
  wallets: WalletConfig[];
}

export interface LicenseItem {
  id: string;
  displayName: string;
}

export interface License {
  package: LicenseItem;
  features: LicenseItem[];
}

/**
 * How `GET /license` answers: `available`; `not-found` (404 without a JSON body, as if the
 * route did not exist); `not-supported` (402 ACTION_NOT_SUPPORTED). The deprecated
 * `/license-configuration` always answers.
 */
export const LICENSE_ENDPOINT_MODES = ['available', 'not-found', 'not-supported'] as const;
export type LicenseEndpointMode = (typeof LICENSE_ENDPOINT_MODES)[number];

/** `PascalCase`: Name/IsDefault (the container); `camelCase`: name/isDefault (the example). */
export const CONFIG_CASINGS = ['PascalCase', 'camelCase'] as const;
export type ConfigCasing = (typeof CONFIG_CASINGS)[number];

/** `object`: MerchantAmount {Value, CurrencyCode} (container); `flat`: "5.00" + MerchantCurrency (example). */
export const AMOUNT_SHAPES = ['object', 'flat'] as const;
export type AmountShape = (typeof AMOUNT_SHAPES)[number];

export interface PaymentPageConfig {
  name: string;
  isDefault: boolean;
  description: string;
}

export interface Account {
  customerId: string;
  /** Merchant name, for demos only (Saferpay does not return it). */
  name: string;
  username: string;
  /** The password Saferpay has registered for the JSON API user. */
  password: string;
  /** The password the merchant handed over (printed by the CLI); differs for "wrong credentials" accounts. */
  givenPassword: string;
  license: License;
  licenseEndpoint: LicenseEndpointMode;
  paymentPageConfigs: PaymentPageConfig[];
  paymentPageConfigCasing: ConfigCasing;
  terminals: TerminalConfig[];
  transactionAmountShape: AmountShape;
}

export const TRANSACTION_STATES = ['SUCCESSFUL', 'FAILED', 'PENDING'] as const;
export type TransactionState = (typeof TRANSACTION_STATES)[number];

/** Amount in minor units. */
export interface Money {
  value: number;
  currency: string;
}

export interface CardDetails {
  maskedNumber: string;
  expiryMonth: number;
  expiryYear: number;
  holderName: string;
  origin: string;
}

export interface AuthorizationRecord {
  type: 'PAYMENT' | 'REFUND';
  state: 'AUTHORIZED' | 'CAPTURED' | 'CANCELED';
  authorizedBy: string;
  processingAuthCode: string;
  capturedAmount: number;
  captureDate?: Date;
  capturedBy?: string;
  cancellationDate?: Date;
  cancelledBy?: string;
  lastActionDate: Date;
  hasCvc: boolean;
  hasLiabilityShift: boolean;
  hasPartialCaptures: boolean;
  isRefunded: boolean;
  isOmniChannel: boolean;
  payerAmount: Money;
  card?: CardDetails;
  wallet?: string;
  iban?: string;
  bic?: string;
}

export interface FailureRecord {
  declinedBy:
    'SAFERPAY' | 'ACQUIRER' | 'RISK' | 'CONFIGURATION' | 'THREEDS' | 'FRAUDPREVENTION' | 'OTHER';
  maskedPaymentMethod?: string;
  paymentMethodOrigin?: string;
  processorErrorCode?: string;
  processorErrorText?: string;
  saferpayErrorCode?: string;
  saferpayErrorText?: string;
}

export interface StoredTransaction {
  transactionId: string;
  customerId: string;
  terminalId: string;
  terminalType: TerminalType;
  application: string;
  orderId?: string;
  provider: string;
  paymentMethod: string;
  description?: string;
  ipAddress?: string;
  ipOrigin?: string;
  payerId?: string;
  amount: Money;
  /** When it happened: authorization, failure or start of the pending state. */
  occurredAt: Date;
  state: TransactionState;
  authorization?: AuthorizationRecord;
  failure?: FailureRecord;
}

export interface FieldsAccessToken {
  accessToken: string;
  customerId: string;
  terminalId: string;
  description: string;
  sourceUrls: string[];
  createdAt: Date;
}

export const OFFER_STATUSES = ['OPEN', 'PAID', 'EXPIRED', 'DISABLED'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

export interface SpgOffer {
  offerId: string;
  customerId: string;
  terminalId: string;
  paymentLink: string;
  amount: { value: string; currencyCode: string };
  orderId: string;
  description: string;
  creationDate: Date;
  expirationDate: Date;
  /** Offset the merchant used in ExpirationDate; GET shows the date in that offset. */
  expirationOffsetMinutes: number;
  /** Stored status; OPEN offers past their ExpirationDate read as EXPIRED. */
  status: OfferStatus;
  transactionId?: string;
  /** When the payer opened the link; a payment session survives DELETE. */
  sessionStartedAt?: Date;
  disabledAt?: Date;
  maxPaymentAttempts?: number;
  configSet?: string;
  preAuth: boolean;
  /** The create request as received, for the admin API. */
  request: unknown;
}

/** Everything a seed (generator or fixture) produces. */
export interface SeedData {
  accounts: Account[];
  transactions: StoredTransaction[];
}
