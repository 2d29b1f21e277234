import { parseExpirationDate } from './formats';
import { validatePayer } from './payer';
import { ID_CHARACTERS, Validator } from './validator';

export const MAX_PAYMENT_ATTEMPTS = [0, 1, 3, 5, 10] as const;
const CONDITIONS = [
  'NONE',
  'THREE_DS_AUTHENTICATION_SUCCESSFUL_OR_ATTEMPTED',
  'WITH_SUCCESSFUL_THREE_DS_CHALLENGE',
] as const;
const ADDRESS_SOURCES = ['NONE', 'SAFERPAY', 'PREFER_PAYMENTMETHOD'] as const;
const ADDRESS_FIELDS = [
  'CITY',
  'COMPANY',
  'VATNUMBER',
  'COUNTRY',
  'EMAIL',
  'FIRSTNAME',
  'LASTNAME',
  'PHONE',
  'SALUTATION',
  'STATE',
  'STREET',
  'ZIP',
] as const;
const ITEM_TYPES = [
  'DIGITAL',
  'PHYSICAL',
  'SERVICE',
  'GIFTCARD',
  'DISCOUNT',
  'SHIPPINGFEE',
  'SALESTAX',
  'SURCHARGE',
] as const;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface SpgOfferRequest {
  amount: { value: string; currencyCode: string };
  orderId: string;
  description: string;
  preAuth: boolean;
  expirationDate: Date;
  expirationOffsetMinutes: number;
  maxPaymentAttempts?: number;
  configSet?: string;
}

export interface SpgOfferContext {
  now: Date;
  /** Currencies of the SPG terminal's payment methods. */
  enabledCurrencies: ReadonlySet<string>;
  terminalId: string;
}

function validatePayment(v: Validator, value: unknown, context: SpgOfferContext) {
  const payment = v.object('Payment', value, true);
  if (!payment) return undefined;
  const amount = v.object('Payment.Amount', payment.Amount, true);
  const amountValue = amount
    ? v.integerString('Payment.Amount.Value', amount.Value, true, 1)
    : undefined;
  const currency = amount
    ? v.string('Payment.Amount.CurrencyCode', amount.CurrencyCode, {
        required: true,
        min: 3,
        max: 3,
        pattern: /^[A-Z]{3}$/,
        patternMessage: 'The field CurrencyCode must be an ISO 4217 3-letter currency code.',
      })
    : undefined;
  if (currency !== undefined && !context.enabledCurrencies.has(currency)) {
    v.fail(
      'Payment.Amount.CurrencyCode',
      `Currency ${currency} is not enabled for any payment method of terminal ${context.terminalId}.`,
    );
  }
  const orderId = v.string('Payment.OrderId', payment.OrderId, {
    required: true,
    max: 80,
    pattern: ID_CHARACTERS,
  });
  const description = v.string('Payment.Description', payment.Description, {
    required: true,
    max: 100,
  });
  const options = v.object('Payment.Options', payment.Options, false);
  const preAuth = options ? v.boolean('Payment.Options.PreAuth', options.PreAuth) : undefined;
  if (options)
    v.boolean('Payment.Options.AllowPartialAuthorization', options.AllowPartialAuthorization);
  if (
    amountValue === undefined ||
    currency === undefined ||
    orderId === undefined ||
    description === undefined
  ) {
    return undefined;
  }
  return {
    amount: { value: amountValue, currencyCode: currency },
    orderId,
    description,
    preAuth: preAuth ?? false,
  };
}

function validateExpiration(v: Validator, value: unknown, now: Date) {
  const text = v.string('ExpirationDate', value, { required: true, min: 10, max: 25 });
  if (text === undefined) return undefined;
  const parsed = parseExpirationDate(text);
  if (!parsed) {
    v.fail(
      'ExpirationDate',
      `The value '${text}' is not valid. Expected format: yyyy-MM-ddTHH:mm:ssK.`,
    );
    return undefined;
  }
  const ahead = parsed.instant.getTime() - now.getTime();
  if (ahead < HOUR_MS) {
    v.fail('ExpirationDate', 'ExpirationDate must be at least 1h in the future.');
    return undefined;
  }
  if (ahead > 180 * DAY_MS) {
    v.fail('ExpirationDate', 'ExpirationDate must be within the next 180 days.');
    return undefined;
  }
  return parsed;
}

function validateOrder(v: Validator, value: unknown): void {
  const order = v.object('Order', value, false);
  if (!order) return;
  const items = v.array('Order.Items', order.Items, true) ?? [];
  items.forEach((entry, i) => {
    const path = `Order.Items[${i}]`;
    const item = v.object(path, entry, true);
    if (!item) return;
    for (const field of ['Id', 'VariantId', 'CategoryName'])
      v.string(`${path}.${field}`, item[field], { min: 1, max: 100 });
    for (const field of ['Name', 'Description'])
      v.string(`${path}.${field}`, item[field], { min: 1, max: 200 });
    for (const field of ['ProductUrl', 'ImageUrl'])
      v.string(`${path}.${field}`, item[field], { min: 1, max: 2000 });
    for (const field of ['UnitPrice', 'TaxAmount', 'DiscountAmount'])
      v.integerString(`${path}.${field}`, item[field], false);
    const taxRate = v.integerString(`${path}.TaxRate`, item.TaxRate, false);
    if (taxRate !== undefined && Number(taxRate) > 99_999)
      v.fail(`${path}.TaxRate`, 'The field TaxRate must be between 0 and 99999.');
    v.integer(`${path}.Quantity`, item.Quantity);
    v.boolean(`${path}.IsPreOrder`, item.IsPreOrder);
    v.enumValue(`${path}.Type`, item.Type, ITEM_TYPES);
  });
}

function validateOptionalContainers(v: Validator, root: Record<string, unknown>): void {
  v.enumValue('Condition', root.Condition, CONDITIONS);
  const form = v.object('BillingAddressForm', root.BillingAddressForm, false);
  if (form) {
    v.enumValue('BillingAddressForm.AddressSource', form.AddressSource, ADDRESS_SOURCES, true);
    const fields = v.array('BillingAddressForm.MandatoryFields', form.MandatoryFields, false) ?? [];
    fields.forEach((f, i) =>
      v.enumValue(`BillingAddressForm.MandatoryFields[${i}]`, f, ADDRESS_FIELDS),
    );
  }
  const alias = v.object('RegisterAlias', root.RegisterAlias, false);
  if (alias) v.enumValue('RegisterAlias.IdGenerator', alias.IdGenerator, ['RANDOM'] as const, true);
  validateOrder(v, root.Order);
}

/** SecurePayGate Create SingleUsePaymentLink request rules. */
export function validateSpgOfferRequest(body: unknown, context: SpgOfferContext): SpgOfferRequest {
  const v = new Validator();
  const root = v.object('Request', body, true) ?? {};
  const payment = validatePayment(v, root.Payment, context);
  const expiration = validateExpiration(v, root.ExpirationDate, context.now);
  validatePayer(v, root.Payer);
  const attempts = v.integer('MaxPaymentAttempts', root.MaxPaymentAttempts);
  if (attempts !== undefined && !(MAX_PAYMENT_ATTEMPTS as readonly number[]).includes(attempts)) {
    v.fail(
      'MaxPaymentAttempts',
      `The value ${attempts} is not admissible. Admissible values: ${MAX_PAYMENT_ATTEMPTS.join(', ')}.`,
    );
  }
  const configSet = v.string('ConfigSet', root.ConfigSet, {
    min: 1,
    max: 20,
    pattern: ID_CHARACTERS,
  });
  validateOptionalContainers(v, root);
  v.throwIfFailed();
  if (!payment || !expiration)
    throw new Error('validated SPG request without payment or expiration');
  return {
    ...payment,
    expirationDate: expiration.instant,
    expirationOffsetMinutes: expiration.offsetMinutes,
    maxPaymentAttempts: attempts,
    configSet,
  };
}
