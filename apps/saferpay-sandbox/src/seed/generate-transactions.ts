import type {
  Account,
  AuthorizationRecord,
  FailureRecord,
  StoredTransaction,
  TerminalConfig,
  TransactionState,
} from '../state/model';
import { zurichMidnightDaysBefore } from '../time/saferpay-time';
import { paymentMethodSpec } from './catalog';
import type { Random } from './prng';

export interface TransactionPlan {
  count: number;
  /** Transactions are spread over this many past days (and today so far). */
  historyDays: number;
}

const HOLDERS = [
  'Hans Muster',
  'Anna Meier',
  'Luca Rossi',
  'Marie Dubois',
  'Jonas Keller',
  'Léa Favre',
];
const ORIGINS = ['CH', 'CH', 'CH', 'DE', 'FR', 'IT', 'AT', 'US'];
const DESCRIPTIONS = ['Test Transaction', 'Online order', 'Invoice', 'Gift card', 'Subscription'];

const FAILURES: ReadonlyArray<readonly [FailureRecord, number]> = [
  [
    {
      declinedBy: 'ACQUIRER',
      processorErrorCode: '05',
      processorErrorText: 'Do not honor',
      saferpayErrorCode: 'TRANSACTION_DECLINED',
      saferpayErrorText: 'Transaction declined by acquirer',
    },
    50,
  ],
  [
    {
      declinedBy: 'THREEDS',
      saferpayErrorCode: '3DS_AUTHENTICATION_FAILED',
      saferpayErrorText: '3D-Secure authentication failed',
    },
    15,
  ],
  [
    {
      declinedBy: 'RISK',
      saferpayErrorCode: 'BLOCKED_BY_RISK_MANAGEMENT',
      saferpayErrorText: 'Blocked by risk management',
    },
    10,
  ],
  [
    {
      declinedBy: 'SAFERPAY',
      saferpayErrorCode: 'TRANSACTION_ABORTED',
      saferpayErrorText: 'Transaction aborted by payer',
    },
    12,
  ],
  [
    {
      declinedBy: 'FRAUDPREVENTION',
      saferpayErrorCode: 'GENERAL_DECLINED',
      saferpayErrorText: 'Transaction declined',
    },
    5,
  ],
  [
    {
      declinedBy: 'CONFIGURATION',
      saferpayErrorCode: 'NO_CONTRACT',
      saferpayErrorText: 'No contract available',
    },
    5,
  ],
  [
    {
      declinedBy: 'OTHER',
      saferpayErrorCode: 'COMMUNICATION_FAILED',
      saferpayErrorText: 'Communication failed',
    },
    3,
  ],
];

/** Saferpay transaction ids: 28 alphanumerics, e.g. "j8nCKMAr5bptUApfdp1MbEQpMpSb". */
export function uniqueTransactionId(random: Random, used: Set<string>): string {
  for (;;) {
    const id = random.alphanumeric(28);
    if (!used.has(id)) {
      used.add(id);
      return id;
    }
  }
}

/** Zurich midnights of today and the past `historyDays` days (index = days ago). */
function midnights(now: Date, historyDays: number): Date[] {
  return Array.from({ length: historyDays + 1 }, (_, days) => zurichMidnightDaysBefore(now, days));
}

function occurredAt(random: Random, now: Date, days: readonly Date[]): Date {
  for (;;) {
    const day = random.pick(days);
    const instant = new Date(day.getTime() + random.int(0, 86_399_999));
    if (instant.getTime() < now.getTime()) return instant;
  }
}

function later(random: Random, from: Date, now: Date, maxMinutes: number): Date {
  const room = Math.min(maxMinutes * 60_000, now.getTime() - from.getTime() - 1);
  return new Date(from.getTime() + (room <= 1 ? 0 : random.int(1, room)));
}

function maskedCard(random: Random, code: string): string {
  return `${'x'.repeat(code === 'AMEX' ? 11 : 12)}${random.digits(4)}`;
}

function authorization(
  random: Random,
  account: Account,
  terminal: TerminalConfig,
  code: string,
  tx: Pick<StoredTransaction, 'amount' | 'occurredAt' | 'application'>,
  now: Date,
): AuthorizationRecord {
  const kind = paymentMethodSpec(code)?.kind ?? 'card';
  const isCard = kind === 'card';
  const state = random.weighted([
    ['CAPTURED', 60],
    ['AUTHORIZED', 25],
    ['CANCELED', 15],
  ] as const);
  const type = random.chance(0.07) ? 'REFUND' : 'PAYMENT';
  const partial = state === 'CAPTURED' && random.chance(0.1);
  const user =
    tx.application === 'Saferpay Backoffice'
      ? `backoffice_${account.customerId}`
      : account.username;
  const record: AuthorizationRecord = {
    type,
    state,
    authorizedBy: user,
    processingAuthCode: isCard ? random.digits(6) : random.uuid(),
    capturedAmount:
      state !== 'CAPTURED' ? 0 : partial ? Math.round(tx.amount.value * 0.6) : tx.amount.value,
    lastActionDate: tx.occurredAt,
    hasCvc: isCard && terminal.type !== 'MPO' ? random.chance(0.9) : false,
    hasLiabilityShift: isCard && terminal.type !== 'MPO' ? random.chance(0.7) : false,
    hasPartialCaptures: partial,
    isRefunded: type === 'PAYMENT' && state === 'CAPTURED' && random.chance(0.05),
    isOmniChannel: random.chance(0.02),
    payerAmount: { ...tx.amount },
  };
  if (state === 'CAPTURED') {
    record.captureDate = later(random, tx.occurredAt, now, 3 * 24 * 60);
    record.capturedBy = user;
    record.lastActionDate = record.captureDate;
  } else if (state === 'CANCELED') {
    record.cancellationDate = later(random, tx.occurredAt, now, 24 * 60);
    record.cancelledBy = user;
    record.lastActionDate = record.cancellationDate;
  }
  if (isCard && tx.amount.currency === 'CHF' && random.chance(0.05)) {
    record.payerAmount = { value: Math.round(tx.amount.value * 1.04), currency: 'EUR' };
  }
  if (isCard) {
    const nowYear = now.getUTCFullYear();
    record.card = {
      maskedNumber: maskedCard(random, code),
      expiryMonth: random.int(1, 12),
      expiryYear: random.int(nowYear, nowYear + 5),
      holderName: random.pick(HOLDERS),
      origin: random.pick(ORIGINS),
    };
    if (terminal.wallets.length > 0 && random.chance(0.25)) {
      record.wallet = random.pick(terminal.wallets).walletName;
    }
  }
  if (code === 'IDEAL') {
    record.iban = 'NL91ABNA0417164300';
    record.bic = 'ABNANL2A';
  }
  return record;
}

function transaction(
  random: Random,
  account: Account,
  now: Date,
  when: () => Date,
  usedIds: Set<string>,
  forcedState?: TransactionState,
): StoredTransaction | undefined {
  const terminal = random.weighted(
    account.terminals.map((t) => [t, t.type === 'ECOM' ? 6 : 2] as const),
  );
  if (terminal.paymentMethods.length === 0) return undefined;
  const method = random.pick(terminal.paymentMethods);
  const currency = method.currencies.length > 0 ? random.pick(method.currencies) : 'CHF';
  const spec = paymentMethodSpec(method.paymentMethod);
  const minor =
    currency === 'JPY' ? random.int(100, 50_000) : Math.round(random.int(100, 80_000) / 5) * 5;
  const application =
    terminal.type === 'MPO'
      ? random.weighted([
          ['Saferpay Backoffice', 8],
          ['Saferpay Batch Processing', 2],
        ] as const)
      : terminal.type === 'SPG'
        ? 'Saferpay Payment Page'
        : random.weighted([
            ['Json Api', 10],
            ['Saferpay Payment Page', 9],
            ['Saferpay Https Interface', 1],
          ] as const);
  const state: TransactionState =
    forcedState ??
    random.weighted([
      ['SUCCESSFUL', 76],
      ['FAILED', 17],
      ['PENDING', spec?.kind === 'card' ? 2 : 12],
    ] as const);
  const tx: StoredTransaction = {
    transactionId: uniqueTransactionId(random, usedIds),
    customerId: account.customerId,
    terminalId: terminal.terminalId,
    terminalType: terminal.type,
    application,
    provider: spec?.provider ?? method.paymentMethod,
    paymentMethod: method.paymentMethod,
    amount: { value: minor, currency },
    occurredAt: when(),
    state,
  };
  if (random.chance(0.9)) tx.orderId = random.hex(32);
  if (random.chance(0.8)) tx.description = random.pick(DESCRIPTIONS);
  if (terminal.type !== 'MPO') {
    tx.ipAddress = `${random.int(11, 223)}.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`;
    tx.ipOrigin = random.pick(ORIGINS);
  }
  if (random.chance(0.3)) tx.payerId = `payer-${random.digits(6)}`;
  if (state === 'SUCCESSFUL') {
    tx.authorization = authorization(random, account, terminal, method.paymentMethod, tx, now);
  } else if (state === 'FAILED') {
    tx.failure = { ...random.weighted(FAILURES) };
    if (spec?.kind === 'card') {
      tx.failure.maskedPaymentMethod = maskedCard(random, method.paymentMethod);
      tx.failure.paymentMethodOrigin = random.pick(ORIGINS);
    }
  }
  return tx;
}

export function generateTransactions(
  random: Random,
  account: Account,
  now: Date,
  plan: TransactionPlan,
  usedIds: Set<string>,
): StoredTransaction[] {
  const out: StoredTransaction[] = [];
  if (account.terminals.length === 0 || plan.count === 0) return out;
  const days = midnights(now, plan.historyDays);
  for (let i = 0; i < plan.count; i++) {
    const tx = transaction(random, account, now, () => occurredAt(random, now, days), usedIds);
    if (tx) out.push(tx);
  }
  return out.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
}

export interface WindowPlan {
  count: number;
  /** Transactions occur in [from, to); `to` must not be after `now`. */
  from: Date;
  to: Date;
  /** Every transaction in this state; absent: the usual mix. */
  state?: TransactionState;
}

/**
 * Exactly `count` transactions spread evenly at random over [from, to) (admin seeding of
 * report volumes: "10,000 transactions yesterday"). Accounts without a terminal that has a
 * payment method get none.
 */
export function generateTransactionsInWindow(
  random: Random,
  account: Account,
  now: Date,
  plan: WindowPlan,
  usedIds: Set<string>,
): StoredTransaction[] {
  const out: StoredTransaction[] = [];
  if (!account.terminals.some((t) => t.paymentMethods.length > 0)) return out;
  const span = plan.to.getTime() - plan.from.getTime();
  const when = () => new Date(plan.from.getTime() + Math.floor(random.float() * span));
  while (out.length < plan.count) {
    const tx = transaction(random, account, now, when, usedIds, plan.state);
    if (tx) out.push(tx);
  }
  return out.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
}
