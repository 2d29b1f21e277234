import { readFileSync } from 'node:fs';
import {
  AMOUNT_SHAPES,
  CONFIG_CASINGS,
  LICENSE_ENDPOINT_MODES,
  TERMINAL_TYPES,
  type Account,
  type LicenseItem,
  type PaymentMethodConfig,
  type PaymentPageConfig,
  type SeedData,
  type TerminalConfig,
  type WalletConfig,
} from '../state/model';
import { licenseItem, logoUrl } from './catalog';
import { generateTransactions } from './generate-transactions';
import { Random, deriveSeed } from './prng';

/** A fixture file is invalid; the message names the JSON path. */
export class FixtureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FixtureError';
  }
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function object(value: unknown, path: string): Json {
  if (!isObject(value)) throw new FixtureError(`${path}: must be an object`);
  return value;
}

function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new FixtureError(`${path}: must be an array`);
  return value;
}

function string(value: unknown, path: string, pattern?: RegExp): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new FixtureError(`${path}: must be a non-empty string`);
  }
  if (pattern && !pattern.test(value))
    throw new FixtureError(`${path}: must match ${String(pattern)}`);
  return value;
}

function optionalString(value: unknown, path: string): string | undefined {
  return value === undefined ? undefined : string(value, path);
}

function oneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  fallback: T,
  path: string,
): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value))
    return value as T;
  throw new FixtureError(`${path}: must be one of ${allowed.join(', ')}`);
}

function nonNegativeInteger(value: unknown, fallback: number, path: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new FixtureError(`${path}: must be a non-negative integer`);
  }
  return value;
}

/** "VISA" or { "id": "VISA", "displayName": "…" } */
function item(value: unknown, path: string): LicenseItem {
  if (typeof value === 'string') return licenseItem(string(value, path));
  const obj = object(value, path);
  return licenseItem(
    string(obj.id, `${path}.id`),
    optionalString(obj.displayName, `${path}.displayName`),
  );
}

export function parsePaymentMethod(value: unknown, path: string): PaymentMethodConfig {
  const obj = object(value, path);
  const code = string(obj.paymentMethod, `${path}.paymentMethod`);
  return {
    paymentMethod: code,
    currencies: array(obj.currencies, `${path}.currencies`).map((c, i) =>
      string(c, `${path}.currencies[${i}]`, /^[A-Z]{3}$/),
    ),
    logoUrl: optionalString(obj.logoUrl, `${path}.logoUrl`) ?? logoUrl(code),
  };
}

export function parseWallet(value: unknown, path: string): WalletConfig {
  if (typeof value === 'string') return { walletName: value, logoUrl: logoUrl(value) };
  const obj = object(value, path);
  const name = string(obj.walletName, `${path}.walletName`);
  return {
    walletName: name,
    logoUrl: optionalString(obj.logoUrl, `${path}.logoUrl`) ?? logoUrl(name),
  };
}

export function parseTerminal(value: unknown, path: string): TerminalConfig {
  const obj = object(value, path);
  return {
    terminalId: string(obj.terminalId, `${path}.terminalId`, /^\d{1,10}$/),
    type: oneOf(obj.type, TERMINAL_TYPES, 'ECOM', `${path}.type`),
    description: optionalString(obj.description, `${path}.description`) ?? '',
    paymentMethods: array(obj.paymentMethods ?? [], `${path}.paymentMethods`).map((m, i) =>
      parsePaymentMethod(m, `${path}.paymentMethods[${i}]`),
    ),
    wallets: array(obj.wallets ?? [], `${path}.wallets`).map((w, i) =>
      parseWallet(w, `${path}.wallets[${i}]`),
    ),
  };
}

export function parsePaymentPageConfig(value: unknown, path: string): PaymentPageConfig {
  const obj = object(value, path);
  if (obj.isDefault !== undefined && typeof obj.isDefault !== 'boolean') {
    throw new FixtureError(`${path}.isDefault: must be a boolean`);
  }
  return {
    name: string(obj.name, `${path}.name`),
    isDefault: obj.isDefault === true,
    description: optionalString(obj.description, `${path}.description`) ?? '',
  };
}

export interface ParsedFixtureAccount {
  account: Account;
  transactions: number;
}

/** One account of a fixture (also the body of `POST /__admin/accounts`). */
export function parseFixtureAccount(value: unknown, path: string): ParsedFixtureAccount {
  const obj = object(value, path);
  const customerId = string(obj.customerId, `${path}.customerId`, /^\d{6}$/);
  const password = string(obj.password, `${path}.password`);
  const license = object(obj.license, `${path}.license`);
  const account: Account = {
    customerId,
    name: optionalString(obj.name, `${path}.name`) ?? `Customer ${customerId}`,
    username: string(obj.username, `${path}.username`),
    password,
    givenPassword: optionalString(obj.givenPassword, `${path}.givenPassword`) ?? password,
    license: {
      package: item(license.package, `${path}.license.package`),
      features: array(license.features ?? [], `${path}.license.features`).map((f, i) =>
        item(f, `${path}.license.features[${i}]`),
      ),
    },
    licenseEndpoint: oneOf(
      obj.licenseEndpoint,
      LICENSE_ENDPOINT_MODES,
      'available',
      `${path}.licenseEndpoint`,
    ),
    paymentPageConfigs: array(obj.paymentPageConfigs ?? [], `${path}.paymentPageConfigs`).map(
      (c, i) => parsePaymentPageConfig(c, `${path}.paymentPageConfigs[${i}]`),
    ),
    paymentPageConfigCasing: oneOf(
      obj.paymentPageConfigCasing,
      CONFIG_CASINGS,
      'PascalCase',
      `${path}.paymentPageConfigCasing`,
    ),
    terminals: array(obj.terminals ?? [], `${path}.terminals`).map((t, i) =>
      parseTerminal(t, `${path}.terminals[${i}]`),
    ),
    transactionAmountShape: oneOf(
      obj.transactionAmountShape,
      AMOUNT_SHAPES,
      'object',
      `${path}.transactionAmountShape`,
    ),
  };
  return { account, transactions: nonNegativeInteger(obj.transactions, 0, `${path}.transactions`) };
}

export interface FixtureOptions {
  now: Date;
}

/** Turns a parsed fixture document into seed data (transactions generated from `seed`). */
export function seedFromFixture(document: unknown, options: FixtureOptions): SeedData {
  const root = object(document, '$');
  const seed = nonNegativeInteger(root.seed, 1, '$.seed');
  const historyDays = nonNegativeInteger(root.historyDays, 60, '$.historyDays');
  const parsed = array(root.accounts, '$.accounts').map((a, i) =>
    parseFixtureAccount(a, `$.accounts[${i}]`),
  );
  const seen = new Set<string>();
  const transactionIds = new Set<string>();
  const transactions: SeedData['transactions'] = [];
  parsed.forEach(({ account, transactions: count }, index) => {
    if (seen.has(account.customerId)) {
      throw new FixtureError(`$.accounts[${index}].customerId: duplicate ${account.customerId}`);
    }
    seen.add(account.customerId);
    const random = new Random(deriveSeed(seed, index, 2));
    transactions.push(
      ...generateTransactions(random, account, options.now, { count, historyDays }, transactionIds),
    );
  });
  return { accounts: parsed.map((p) => p.account), transactions };
}

export function readFixtureFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new FixtureError(`cannot read fixture ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new FixtureError(`fixture ${path} is not valid JSON: ${(error as Error).message}`);
  }
}
