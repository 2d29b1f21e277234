import { currencyExponent } from '../seed/catalog';
import type { AmountShape, AuthorizationRecord, Money, StoredTransaction } from '../state/model';
import { formatZurichLocal } from '../time/saferpay-time';

/** "5.00" for 500 minor units of EUR (the reference example's flat shape). */
export function decimalAmount(minor: number, currency: string): string {
  const exponent = currencyExponent(currency);
  if (exponent === 0) return String(minor);
  const text = String(Math.abs(minor)).padStart(exponent + 1, '0');
  return `${minor < 0 ? '-' : ''}${text.slice(0, -exponent)}.${text.slice(-exponent)}`;
}

const amountObject = (money: Money) => ({
  Value: String(money.value),
  CurrencyCode: money.currency,
});

/** Flat-shape accounts name some methods like the reference example ("PayPal"). */
const FLAT_DISPLAY_NAMES: Readonly<Record<string, string>> = {
  PAYPAL: 'PayPal',
  POSTFINANCE: 'PostFinance',
  KLARNA: 'Klarna',
};

function optional<T>(key: string, value: T | undefined): Record<string, T> {
  return value === undefined ? {} : { [key]: value };
}

function authorizationDetails(tx: StoredTransaction, a: AuthorizationRecord, shape: AmountShape) {
  const captured: Money = { value: a.capturedAmount, currency: tx.amount.currency };
  return {
    AuthorizationDate: formatZurichLocal(tx.occurredAt),
    LastActionDate: formatZurichLocal(a.lastActionDate),
    Type: a.type,
    State: a.state,
    CapturedMerchantAmount:
      shape === 'flat' ? decimalAmount(captured.value, captured.currency) : amountObject(captured),
    HasCVC: a.hasCvc,
    HasLiabilityShift: a.hasLiabilityShift,
    ProcessingAuthCode: a.processingAuthCode,
    AuthorizedBy: a.authorizedBy,
    HasCurrencyConversion: a.payerAmount.currency !== tx.amount.currency,
    ...(shape === 'flat'
      ? {
          PayerCurrency: a.payerAmount.currency,
          PayerAmount: decimalAmount(a.payerAmount.value, a.payerAmount.currency),
        }
      : { PayerAmount: amountObject(a.payerAmount) }),
    IsCaptured: a.state === 'CAPTURED',
    HasPartialCaptures: a.hasPartialCaptures,
    IsRefunded: a.isRefunded,
    IsCancelled: a.state === 'CANCELED',
    IsOmniChannel: a.isOmniChannel,
    ...optional('CaptureDate', a.captureDate && formatZurichLocal(a.captureDate)),
    ...optional('CapturedBy', a.capturedBy),
    ...optional('CancellationDate', a.cancellationDate && formatZurichLocal(a.cancellationDate)),
    ...optional('CancelledBy', a.cancelledBy),
    ...optional('MaskedCardNumber', a.card?.maskedNumber),
    ...optional('ExpiryMonth', a.card?.expiryMonth),
    ...optional('ExpiryYear', a.card?.expiryYear),
    ...optional('HolderName', a.card?.holderName),
    ...optional('CardOrigin', a.card?.origin),
    ...optional('Wallet', a.wallet),
    ...optional('IBAN', a.iban),
    ...optional('BIC', a.bic),
  };
}

function stateDetails(tx: StoredTransaction, shape: AmountShape) {
  switch (tx.state) {
    case 'SUCCESSFUL':
      return tx.authorization
        ? { AuthorizationDetails: authorizationDetails(tx, tx.authorization, shape) }
        : {};
    case 'FAILED': {
      const f = tx.failure ?? { declinedBy: 'OTHER' as const };
      return {
        FailedDetails: {
          DeclinedBy: f.declinedBy,
          FailedDate: formatZurichLocal(tx.occurredAt),
          ...optional('MaskedPaymentMethod', f.maskedPaymentMethod),
          ...optional('PaymentMethodOrigin', f.paymentMethodOrigin),
          ...optional('ProcessorErrorCode', f.processorErrorCode),
          ...optional('ProcessorErrorText', f.processorErrorText),
          ...optional('SaferpayErrorCode', f.saferpayErrorCode),
          ...optional('SaferpayErrorText', f.saferpayErrorText),
        },
      };
    }
    case 'PENDING':
      return { PendingDetails: { PendingSinceDate: formatZurichLocal(tx.occurredAt) } };
  }
}

/** RestApi_Models_Transactions_Transaction in the account's amount shape. */
export function renderTransaction(tx: StoredTransaction, shape: AmountShape) {
  const paymentMethod =
    shape === 'flat'
      ? (FLAT_DISPLAY_NAMES[tx.paymentMethod] ?? tx.paymentMethod)
      : tx.paymentMethod;
  return {
    ...(shape === 'flat'
      ? {
          MerchantAmount: decimalAmount(tx.amount.value, tx.amount.currency),
          MerchantCurrency: tx.amount.currency,
        }
      : { MerchantAmount: amountObject(tx.amount) }),
    CustomerId: Number(tx.customerId),
    TerminalId: Number(tx.terminalId),
    TerminalType: tx.terminalType,
    Application: tx.application,
    TransactionId: tx.transactionId,
    ...optional('OrderId', tx.orderId),
    Provider:
      shape === 'flat' ? (FLAT_DISPLAY_NAMES[tx.paymentMethod] ?? tx.provider) : tx.provider,
    PaymentMethod: paymentMethod,
    ...optional('IpAddress', tx.ipAddress),
    ...optional('IpOrigin', tx.ipOrigin),
    ...optional('PayerId', tx.payerId),
    ...optional('Description', tx.description),
    ...stateDetails(tx, shape),
  };
}
