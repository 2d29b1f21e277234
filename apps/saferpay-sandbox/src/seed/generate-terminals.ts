import type { TerminalConfig, TerminalType } from '../state/model';
import {
  PAYMENT_METHODS,
  WALLET_NAMES,
  paymentMethodConfig,
  walletConfig,
  type PaymentMethodSpec,
} from './catalog';
import type { Random } from './prng';

const DESCRIPTIONS: Record<TerminalType, readonly string[]> = {
  ECOM: ['Webshop', 'Online Shop', 'Payment Page / Ecommerce', 'Mobile App', 'Webshop DE/AT'],
  SPG: ['Secure PayGate', 'Invoices by e-mail', 'Payment links'],
  MPO: ['Mail Phone Order', 'Telephone orders', 'Call centre'],
};

export interface TerminalPlan {
  ecom: number;
  spg: boolean;
  mpo: boolean;
  /** MPO and SPG share one TerminalId, as in the reference's GetTerminals example. */
  sharedMpoSpgId: boolean;
  homeCurrency: string;
}

/** Terminal ids are 8-digit strings, unique across the whole sandbox. */
export function uniqueTerminalId(random: Random, used: Set<string>): string {
  for (;;) {
    const id = `17${random.digits(6)}`;
    if (!used.has(id)) {
      used.add(id);
      return id;
    }
  }
}

function currenciesFor(random: Random, spec: PaymentMethodSpec, home: string): string[] {
  const picked = random.sample(spec.currencies, random.int(1, spec.currencies.length));
  if (spec.currencies.includes(home) && !picked.includes(home)) picked.unshift(home);
  return spec.currencies.filter((c) => picked.includes(c));
}

function methodsFor(
  random: Random,
  type: TerminalType,
  home: string,
): TerminalConfig['paymentMethods'] {
  const cards = PAYMENT_METHODS.filter((m) => m.kind === 'card' && (type !== 'MPO' || m.mpo));
  const base = cards.filter((m) => m.code === 'VISA' || m.code === 'MASTERCARD');
  const otherCards = random.sample(
    cards.filter((m) => !base.includes(m)),
    random.int(0, type === 'MPO' ? 2 : 4),
  );
  const alternatives =
    type === 'MPO'
      ? []
      : random.sample(
          PAYMENT_METHODS.filter((m) => m.kind !== 'card'),
          random.int(type === 'SPG' ? 0 : 1, 4),
        );
  const chosen = new Set([...base, ...otherCards, ...alternatives].map((m) => m.code));
  return PAYMENT_METHODS.filter((m) => chosen.has(m.code)).map((m) =>
    paymentMethodConfig(m.code, currenciesFor(random, m, home)),
  );
}

function walletsFor(random: Random, type: TerminalType): TerminalConfig['wallets'] {
  if (type === 'MPO') return [];
  const count = type === 'SPG' ? random.int(0, 2) : random.int(0, 3);
  const names = random.sample(WALLET_NAMES, count);
  return WALLET_NAMES.filter((w) => names.includes(w)).map(walletConfig);
}

function terminal(
  random: Random,
  id: string,
  type: TerminalType,
  index: number,
  home: string,
): TerminalConfig {
  return {
    terminalId: id,
    type,
    description: `${random.pick(DESCRIPTIONS[type])}${index > 1 ? ` ${index}` : ''}`,
    paymentMethods: methodsFor(random, type, home),
    wallets: walletsFor(random, type),
  };
}

export function generateTerminals(
  random: Random,
  plan: TerminalPlan,
  usedIds: Set<string>,
): TerminalConfig[] {
  const terminals: TerminalConfig[] = [];
  for (let i = 1; i <= plan.ecom; i++) {
    terminals.push(
      terminal(random, uniqueTerminalId(random, usedIds), 'ECOM', i, plan.homeCurrency),
    );
  }
  if (plan.mpo) {
    terminals.push(
      terminal(random, uniqueTerminalId(random, usedIds), 'MPO', 1, plan.homeCurrency),
    );
  }
  if (plan.spg) {
    const shared = plan.mpo && plan.sharedMpoSpgId ? terminals[terminals.length - 1] : undefined;
    const id = shared ? shared.terminalId : uniqueTerminalId(random, usedIds);
    terminals.push(terminal(random, id, 'SPG', 1, plan.homeCurrency));
  }
  return terminals;
}
