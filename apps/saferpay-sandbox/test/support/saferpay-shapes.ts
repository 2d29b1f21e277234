/** Saferpay response shapes as the tests read them (reference containers). */
export interface ErrorBody {
  ResponseHeader: { SpecVersion: string; RequestId: string };
  Behavior: string;
  ErrorName: string;
  ErrorMessage: string;
  ErrorDetail?: string[];
}

export interface LicenseBody {
  Package: { Id: string; DisplayName: string };
  Features: Array<{ Id: string; DisplayName: string }>;
}

export interface TerminalBody {
  TerminalId: string;
  Type: string;
  Description: string;
  PaymentMethods: Array<{ PaymentMethod: string; Currencies: string[]; LogoUrl: string }>;
  Wallets: Array<{ WalletName: string; LogoUrl: string }>;
}

export interface TerminalsBody {
  Terminals: Array<{ TerminalId: string; Type: string; Description: string }>;
}

export interface ConfigurationsBody {
  Configurations: Array<Record<string, string | boolean>>;
}

export interface OfferBody {
  OfferId: string;
  PaymentLink: string;
  Status: string;
  Payment: {
    Amount: { Value: string; CurrencyCode: string };
    OrderId: string;
    Description: string;
  };
  CreationDate: string;
  ExpirationDate: string;
  TransactionId?: string;
}

export interface TransactionBody {
  MerchantAmount: string | { Value: string; CurrencyCode: string };
  MerchantCurrency?: string;
  CustomerId: number;
  TerminalId: number;
  TerminalType: string;
  TransactionId: string;
  OrderId?: string;
  PaymentMethod: string;
  AuthorizationDetails?: Record<string, unknown>;
  FailedDetails?: Record<string, unknown>;
  PendingDetails?: Record<string, unknown>;
}

export interface TransactionsPage {
  PageNumber: number;
  PageSize: number;
  TotalTransactions: number;
  Transactions: TransactionBody[];
}

export interface RequestLogBody {
  count: number;
  requests: Array<{
    method: string;
    path: string;
    customerId?: string;
    operation?: string;
    requestId?: string;
    status: number | null;
    fault?: string;
    aborted: boolean;
    errorName?: string;
    username?: string;
  }>;
}
