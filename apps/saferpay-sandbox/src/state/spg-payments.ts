import { randomInt } from 'node:crypto';
import { paymentMethodSpec } from '../seed/catalog';
import type { Account, SpgOffer, StoredTransaction } from './model';
import { offerStatusAt, type SandboxState } from './sandbox-state';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomTransactionId(): string {
  let id = '';
  for (let i = 0; i < 28; i++) id += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return id;
}

/** Why an offer cannot be paid now, or undefined when it can. */
export function payBlocker(offer: SpgOffer, now: Date): string | undefined {
  const status = offerStatusAt(offer, now);
  switch (status) {
    case 'OPEN':
      return undefined;
    case 'PAID':
      return 'the offer is already paid';
    case 'EXPIRED':
      return 'the offer has expired';
    case 'DISABLED':
      // DELETE voids the link but not a payment session that was already started.
      return offer.sessionStartedAt !== undefined &&
        offer.disabledAt !== undefined &&
        offer.sessionStartedAt.getTime() <= offer.disabledAt.getTime()
        ? undefined
        : 'the offer was deleted before a payment session started';
  }
}

export interface PayOptions {
  paymentMethod?: string;
}

/**
 * The payer pays the offer: status PAID, a TransactionId, and a SUCCESSFUL transaction in the
 * report (AUTHORIZED: SPG API transactions are never captured automatically).
 */
export function payOffer(
  state: SandboxState,
  account: Account,
  offer: SpgOffer,
  now: Date,
  options: PayOptions = {},
): StoredTransaction {
  const terminal =
    state.terminalEntries(account.customerId, offer.terminalId).find((t) => t.type === 'SPG') ??
    state.terminalEntries(account.customerId, offer.terminalId)[0];
  const methods = (terminal?.paymentMethods ?? []).filter((m) =>
    m.currencies.includes(offer.amount.currencyCode),
  );
  const method =
    options.paymentMethod ??
    methods.find((m) => m.paymentMethod === 'VISA')?.paymentMethod ??
    methods[0]?.paymentMethod ??
    'VISA';
  const isCard = (paymentMethodSpec(method)?.kind ?? 'card') === 'card';
  const amount = { value: Number(offer.amount.value), currency: offer.amount.currencyCode };
  const transaction: StoredTransaction = {
    transactionId: randomTransactionId(),
    customerId: account.customerId,
    terminalId: offer.terminalId,
    terminalType: 'SPG',
    application: 'Saferpay Payment Page',
    orderId: offer.orderId,
    provider: paymentMethodSpec(method)?.provider ?? method,
    paymentMethod: method,
    description: offer.description,
    amount,
    occurredAt: now,
    state: 'SUCCESSFUL',
    authorization: {
      type: 'PAYMENT',
      state: 'AUTHORIZED',
      authorizedBy: account.username,
      processingAuthCode: isCard ? String(randomInt(100_000, 999_999)) : randomTransactionId(),
      capturedAmount: 0,
      lastActionDate: now,
      hasCvc: isCard,
      hasLiabilityShift: isCard,
      hasPartialCaptures: false,
      isRefunded: false,
      isOmniChannel: false,
      payerAmount: { ...amount },
      ...(isCard
        ? {
            card: {
              maskedNumber: `xxxxxxxxxxxx${String(randomInt(0, 10_000)).padStart(4, '0')}`,
              expiryMonth: 12,
              expiryYear: now.getUTCFullYear() + 3,
              holderName: 'Sandbox Payer',
              origin: 'CH',
            },
          }
        : {}),
    },
  };
  state.addTransaction(transaction);
  offer.status = 'PAID';
  offer.transactionId = transaction.transactionId;
  return transaction;
}
