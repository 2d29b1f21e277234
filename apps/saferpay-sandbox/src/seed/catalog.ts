import type { LicenseItem, PaymentMethodConfig, WalletConfig } from '../state/model';

/** Logo URLs in the reference's shape. */
const LOGO_VERSION = '637381079349290910';
export function logoUrl(code: string): string {
  return `https://www.saferpay.com/static/logo/${code.toLowerCase()}.svg?v=${LOGO_VERSION}`;
}

export interface PaymentMethodSpec {
  code: string;
  kind: 'card' | 'wallet-like' | 'bank' | 'invoice';
  /** Currencies a contract for this method can have. */
  currencies: readonly string[];
  provider: string;
  /** Which terminal types can carry it. */
  mpo: boolean;
}

export const PAYMENT_METHODS: readonly PaymentMethodSpec[] = [
  {
    code: 'VISA',
    kind: 'card',
    currencies: ['CHF', 'EUR', 'USD', 'GBP', 'JPY'],
    provider: 'VISA Worldline (EU) E-Link',
    mpo: true,
  },
  {
    code: 'MASTERCARD',
    kind: 'card',
    currencies: ['CHF', 'EUR', 'USD', 'GBP', 'JPY'],
    provider: 'Mastercard Worldline (EU) E-Link',
    mpo: true,
  },
  {
    code: 'MAESTRO',
    kind: 'card',
    currencies: ['CHF', 'EUR'],
    provider: 'Maestro Worldline (EU) E-Link',
    mpo: false,
  },
  {
    code: 'AMEX',
    kind: 'card',
    currencies: ['CHF', 'EUR', 'USD'],
    provider: 'American Express',
    mpo: true,
  },
  {
    code: 'DINERS',
    kind: 'card',
    currencies: ['CHF', 'EUR', 'USD'],
    provider: 'Diners Club',
    mpo: true,
  },
  {
    code: 'JCB',
    kind: 'card',
    currencies: ['CHF', 'EUR', 'JPY'],
    provider: 'JCB Worldline',
    mpo: true,
  },
  {
    code: 'BANCONTACT',
    kind: 'card',
    currencies: ['EUR'],
    provider: 'Bancontact Worldline (BE)',
    mpo: false,
  },
  {
    code: 'UNIONPAY',
    kind: 'card',
    currencies: ['CHF', 'EUR', 'USD'],
    provider: 'UnionPay Worldline',
    mpo: false,
  },
  { code: 'TWINT', kind: 'wallet-like', currencies: ['CHF'], provider: 'TWINT', mpo: false },
  {
    code: 'PAYPAL',
    kind: 'wallet-like',
    currencies: ['CHF', 'EUR', 'USD', 'GBP'],
    provider: 'PayPal',
    mpo: false,
  },
  {
    code: 'POSTFINANCE',
    kind: 'bank',
    currencies: ['CHF', 'EUR'],
    provider: 'PostFinance',
    mpo: false,
  },
  {
    code: 'POSTFINANCEPAY',
    kind: 'wallet-like',
    currencies: ['CHF'],
    provider: 'PostFinance Pay',
    mpo: false,
  },
  { code: 'KLARNA', kind: 'invoice', currencies: ['CHF', 'EUR'], provider: 'Klarna', mpo: false },
  { code: 'IDEAL', kind: 'bank', currencies: ['EUR'], provider: 'iDEAL', mpo: false },
  { code: 'EPS', kind: 'bank', currencies: ['EUR'], provider: 'eps', mpo: false },
  {
    code: 'ALIPAY',
    kind: 'wallet-like',
    currencies: ['CHF', 'EUR', 'USD'],
    provider: 'Alipay+',
    mpo: false,
  },
  { code: 'REKA', kind: 'card', currencies: ['CHF'], provider: 'Reka', mpo: false },
];

export const WALLET_NAMES = ['APPLEPAY', 'GOOGLEPAY', 'SAMSUNGPAY', 'CLICKTOPAY'] as const;

export function paymentMethodSpec(code: string): PaymentMethodSpec | undefined {
  return PAYMENT_METHODS.find((m) => m.code === code);
}

export function paymentMethodConfig(code: string, currencies: string[]): PaymentMethodConfig {
  return { paymentMethod: code, currencies, logoUrl: logoUrl(code) };
}

export function walletConfig(name: string): WalletConfig {
  return { walletName: name, logoUrl: logoUrl(name) };
}

/** Minor-unit exponent per currency (ISO 4217). */
export function currencyExponent(currency: string): number {
  return currency === 'JPY' ? 0 : 2;
}

export const FEATURES: Readonly<Record<string, string>> = {
  PAYMENT_API: 'Payment API',
  MANAGEMENT_API: 'Management API',
  PAYMENT_PAGE: 'Payment Page',
  TRANSACTION_INTERFACE: 'Transaction Interface',
  SECURE_PAYGATE: 'Secure PayGate',
  SAFERPAY_FIELDS: 'Saferpay Fields',
  SECURE_CARD_DATA: 'Secure Card Data',
  RECURRING_PAYMENTS: 'Recurring Payments',
  MAIL_PHONE_ORDER: 'Mail Phone Order',
  CLIENT_CERTIFICATE: 'Client Certificate Authentication',
  FRAUD_INTELLIGENCE: 'Fraud Intelligence',
  DYNAMIC_CURRENCY_CONVERSION: 'Dynamic Currency Conversion',
  TRANSACTION_REPORTING: 'Transaction Reporting',
};

export interface PackageSpec {
  id: string;
  displayName: string;
  features: readonly string[];
  /** Features that may be booked on top. */
  extras: readonly string[];
}

export const PACKAGES: readonly PackageSpec[] = [
  {
    id: 'SAFERPAY_ESSENTIAL',
    displayName: 'Saferpay Essential',
    features: ['PAYMENT_API', 'PAYMENT_PAGE', 'MANAGEMENT_API'],
    extras: ['SECURE_PAYGATE', 'TRANSACTION_REPORTING'],
  },
  {
    id: 'SAFERPAY_FLEX',
    displayName: 'Saferpay Flex',
    features: ['MANAGEMENT_API', 'PAYMENT_API', 'PAYMENT_PAGE', 'SECURE_PAYGATE'],
    extras: ['SAFERPAY_FIELDS', 'SECURE_CARD_DATA', 'TRANSACTION_REPORTING', 'MAIL_PHONE_ORDER'],
  },
  {
    id: 'SAFERPAY_BUSINESS',
    displayName: 'Saferpay Business',
    features: [
      'MANAGEMENT_API',
      'PAYMENT_API',
      'PAYMENT_PAGE',
      'TRANSACTION_INTERFACE',
      'SAFERPAY_FIELDS',
      'SECURE_CARD_DATA',
      'RECURRING_PAYMENTS',
      'MAIL_PHONE_ORDER',
      'SECURE_PAYGATE',
      'CLIENT_CERTIFICATE',
      'TRANSACTION_REPORTING',
    ],
    extras: ['FRAUD_INTELLIGENCE', 'DYNAMIC_CURRENCY_CONVERSION'],
  },
  {
    id: 'SAFERPAY_SECURE_PAYGATE',
    displayName: 'Saferpay Secure PayGate',
    features: ['SECURE_PAYGATE', 'MANAGEMENT_API'],
    extras: ['TRANSACTION_REPORTING'],
  },
];

export function packageSpec(id: string): PackageSpec | undefined {
  return PACKAGES.find((p) => p.id === id);
}

export function licenseItem(id: string, displayName?: string): LicenseItem {
  return { id, displayName: displayName ?? FEATURES[id] ?? packageSpec(id)?.displayName ?? id };
}

export const MERCHANT_NAMES = [
  'Pizza Süd AG',
  'Bäckerei Müller GmbH',
  'Velo Zürich AG',
  'Café Léman SA',
  'Bergsport Andermatt',
  'Librairie du Lac Sàrl',
  'Uhrenatelier Biel',
  'Fromagerie Gruyère SA',
  'Stadtgarage Luzern AG',
  'Boutique Ticino SA',
  'Hotel Alpenblick',
  'Kinderwelt Basel GmbH',
  'Weinkeller Lavaux',
  'Sportshop Davos',
  'Blumen Frey',
  'Elektro Brunner AG',
] as const;

export const PAYMENT_PAGE_CONFIG_NAMES: ReadonlyArray<readonly [string, string]> = [
  ['default', 'Default Configuration'],
  ['special', 'Special Payment Page Configuration'],
  ['event', 'Special Payment Page Configuration for Events'],
  ['summer-sale', 'Summer sale look'],
  ['B2B', 'Business customers'],
  ['mobile_app', 'In-app payment page'],
];

export const APPLICATIONS = [
  'Json Api',
  'Saferpay Backoffice',
  'Saferpay Payment Page',
  'Saferpay Batch Processing',
  'Saferpay Authorization Interface',
  'Saferpay Https Interface',
] as const;
