import type {
  Account,
  AmountShape,
  ConfigCasing,
  License,
  LicenseEndpointMode,
  PaymentPageConfig,
  SeedData,
} from '../state/model';
import {
  MERCHANT_NAMES,
  PACKAGES,
  PAYMENT_PAGE_CONFIG_NAMES,
  licenseItem,
  packageSpec,
} from './catalog';
import { generateTerminals, type TerminalPlan } from './generate-terminals';
import { generateTransactions } from './generate-transactions';
import { Random, deriveSeed } from './prng';

export interface GenerateOptions {
  seed: number;
  accounts: number;
  /** Anchor of the transaction history ("today"). */
  now: Date;
  /** Days of transaction history; default 60. */
  historyDays?: number;
}

/**
 * The first accounts are fixed archetypes so that even `--accounts 3` shows the variety the
 * platform must handle; later accounts are drawn at random.
 */
interface Archetype {
  packageId: string;
  licenseEndpoint: LicenseEndpointMode;
  casing: ConfigCasing;
  amountShape: AmountShape;
  wrongCredentials: boolean;
  terminals: Omit<TerminalPlan, 'homeCurrency'>;
  transactions: number;
}

const ARCHETYPES: readonly Archetype[] = [
  // Full-featured, big report (more than 2000 successful transactions for paging).
  {
    packageId: 'SAFERPAY_BUSINESS',
    licenseEndpoint: 'available',
    casing: 'PascalCase',
    amountShape: 'object',
    wrongCredentials: false,
    terminals: { ecom: 2, spg: true, mpo: true, sharedMpoSpgId: true },
    transactions: 3200,
  },
  // The reference examples: camelCase configs, flat amounts.
  {
    packageId: 'SAFERPAY_FLEX',
    licenseEndpoint: 'available',
    casing: 'camelCase',
    amountShape: 'flat',
    wrongCredentials: false,
    terminals: { ecom: 1, spg: true, mpo: false, sharedMpoSpgId: false },
    transactions: 150,
  },
  // Old-style: /license missing (404), merchant handed over a wrong password.
  {
    packageId: 'SAFERPAY_ESSENTIAL',
    licenseEndpoint: 'not-found',
    casing: 'PascalCase',
    amountShape: 'object',
    wrongCredentials: true,
    terminals: { ecom: 1, spg: false, mpo: false, sharedMpoSpgId: false },
    transactions: 40,
  },
  // /license answers ACTION_NOT_SUPPORTED; SPG-only merchant.
  {
    packageId: 'SAFERPAY_SECURE_PAYGATE',
    licenseEndpoint: 'not-supported',
    casing: 'camelCase',
    amountShape: 'flat',
    wrongCredentials: false,
    terminals: { ecom: 0, spg: true, mpo: false, sharedMpoSpgId: false },
    transactions: 60,
  },
];

function uniqueCustomerId(random: Random, used: Set<string>): string {
  for (;;) {
    const id = String(random.int(100_000, 999_999));
    if (!used.has(id)) {
      used.add(id);
      return id;
    }
  }
}

function randomArchetype(random: Random): Archetype {
  const packageId = random.weighted(PACKAGES.map((p, i) => [p.id, [3, 4, 3, 1][i] ?? 1] as const));
  const features = packageSpec(packageId)?.features ?? [];
  const hasPage = features.includes('PAYMENT_PAGE');
  return {
    packageId,
    licenseEndpoint: random.weighted([
      ['available', 80],
      ['not-found', 12],
      ['not-supported', 8],
    ] as const),
    casing: random.chance(0.5) ? 'PascalCase' : 'camelCase',
    amountShape: random.chance(0.6) ? 'object' : 'flat',
    wrongCredentials: random.chance(0.12),
    terminals: {
      ecom: hasPage ? random.int(1, 3) : 0,
      spg: features.includes('SECURE_PAYGATE') ? random.chance(0.7) || !hasPage : false,
      mpo: features.includes('MAIL_PHONE_ORDER') ? random.chance(0.5) : random.chance(0.1),
      sharedMpoSpgId: random.chance(0.5),
    },
    transactions: random.chance(0.1) ? 0 : random.int(5, 400),
  };
}

function license(random: Random, packageId: string, needsSpg: boolean, needsMpo: boolean): License {
  const spec = packageSpec(packageId);
  const ids = new Set(spec?.features ?? []);
  for (const extra of spec?.extras ?? []) if (random.chance(0.35)) ids.add(extra);
  if (needsSpg) ids.add('SECURE_PAYGATE');
  if (needsMpo) ids.add('MAIL_PHONE_ORDER');
  return { package: licenseItem(packageId), features: [...ids].map((id) => licenseItem(id)) };
}

function paymentPageConfigs(
  random: Random,
  hasPage: boolean,
  allowEmpty: boolean,
): PaymentPageConfig[] {
  if (!hasPage || (allowEmpty && random.chance(0.1))) return [];
  const [first, ...rest] = PAYMENT_PAGE_CONFIG_NAMES;
  const picked = [first, ...random.sample(rest, random.int(0, 3))].filter((c) => c !== undefined);
  const defaultIndex = random.chance(0.8) ? 0 : random.int(0, picked.length - 1);
  return picked.map(([name, description], i) => ({
    name,
    isDefault: i === defaultIndex,
    description,
  }));
}

function otherPassword(random: Random, password: string): string {
  for (;;) {
    const candidate = random.alphanumeric(16);
    if (candidate !== password) return candidate;
  }
}

export function generateSeedData(options: GenerateOptions): SeedData {
  const customerIds = new Set<string>();
  const terminalIds = new Set<string>();
  const transactionIds = new Set<string>();
  const accounts: Account[] = [];
  const transactions: SeedData['transactions'] = [];
  for (let index = 0; index < options.accounts; index++) {
    const random = new Random(deriveSeed(options.seed, index));
    const archetype = ARCHETYPES[index] ?? randomArchetype(random);
    const customerId = uniqueCustomerId(random, customerIds);
    const password = random.alphanumeric(16);
    const homeCurrency = random.chance(0.8) ? 'CHF' : 'EUR';
    const terminals = generateTerminals(
      random,
      { ...archetype.terminals, homeCurrency },
      terminalIds,
    );
    const hasPage = (packageSpec(archetype.packageId)?.features ?? []).includes('PAYMENT_PAGE');
    const account: Account = {
      customerId,
      name: `${MERCHANT_NAMES[index % MERCHANT_NAMES.length] ?? 'Merchant'}${index >= MERCHANT_NAMES.length ? ` ${Math.floor(index / MERCHANT_NAMES.length) + 1}` : ''}`,
      username: `API_${customerId}_${random.int(1, 9)}${random.digits(7)}`,
      password,
      givenPassword: archetype.wrongCredentials ? otherPassword(random, password) : password,
      license: license(
        random,
        archetype.packageId,
        terminals.some((t) => t.type === 'SPG'),
        terminals.some((t) => t.type === 'MPO'),
      ),
      licenseEndpoint: archetype.licenseEndpoint,
      paymentPageConfigs: paymentPageConfigs(random, hasPage, index >= ARCHETYPES.length),
      paymentPageConfigCasing: archetype.casing,
      terminals,
      transactionAmountShape: archetype.amountShape,
    };
    accounts.push(account);
    transactions.push(
      ...generateTransactions(
        new Random(deriveSeed(options.seed, index, 2)),
        account,
        options.now,
        { count: archetype.transactions, historyDays: options.historyDays ?? 60 },
        transactionIds,
      ),
    );
  }
  return { accounts, transactions };
}
