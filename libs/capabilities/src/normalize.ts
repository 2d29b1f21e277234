/**
 * `normalize(raw)`: the canonical capability snapshot of one account's Saferpay reads.
 *
 * - Codes (package, features, payment methods, wallets, terminal types) are trimmed and
 *   upper-cased; blank codes are dropped and reported.
 * - Currencies are trimmed, upper-cased and kept only when they are active ISO 4217 codes;
 *   the others become `invalid_currency` anomalies.
 * - Terminals are keyed `${terminalId}:${type}`: one id listed with two types (GetTerminals
 *   does this) stays two terminals; the same id and type is merged (union of everything).
 * - Payment page configs are unique by case-insensitive name and keep `isDefault` as
 *   reported; zero or several defaults are reported.
 * - Where merged values disagree (logo URLs, descriptions, display names, name casing) the
 *   smallest non-empty value in code-unit order wins, so input order never matters.
 * - `readAt` and the license source are provenance, not content: the caller stores them,
 *   with the raw reads, beside the snapshot.
 */
import { canonicalCurrency, invalidCurrencyReason, isActiveCurrency } from './currencies';
import { compareIds, compareText, terminalKey } from './order';
import {
  KNOWN_TERMINAL_TYPES,
  SNAPSHOT_SCHEMA_VERSION,
  UNKNOWN_TERMINAL_TYPE,
  type Anomaly,
  type CapabilitySnapshot,
  type LicenseItem,
  type RawAccountReads,
  type RawTerminal,
  type SnapshotPaymentPageConfig,
  type SnapshotTerminal,
} from './types';

const KNOWN_TYPES: ReadonlySet<string> = new Set(KNOWN_TERMINAL_TYPES);

/** Trimmed string, or '' for anything that is not a string. */
function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function codeOf(value: unknown): string {
  return text(value).toUpperCase();
}

function list<T>(value: readonly T[] | null | undefined): readonly T[] {
  return Array.isArray(value) ? (value as readonly T[]) : [];
}

/** Smallest non-empty value (code-unit order), or null. */
function pick(values: Iterable<string>): string | null {
  let best: string | null = null;
  for (const value of values) {
    if (value !== '' && (best === null || value < best)) best = value;
  }
  return best;
}

interface TerminalAcc {
  readonly terminalId: string;
  readonly type: string;
  readonly descriptions: Set<string>;
  readonly methods: Map<string, { currencies: Set<string>; logos: Set<string> }>;
  readonly wallets: Map<string, Set<string>>;
}

class AnomalyLog {
  private readonly byKey = new Map<string, Anomaly>();

  add(anomaly: Anomaly): void {
    const key = JSON.stringify([
      anomaly.code,
      anomaly.terminalKey ?? '',
      anomaly.paymentMethod ?? '',
      anomaly.value ?? '',
      anomaly.message,
    ]);
    this.byKey.set(key, anomaly);
  }

  sorted(): Anomaly[] {
    return [...this.byKey.entries()]
      .sort(([a], [b]) => compareText(a, b))
      .map(([, anomaly]) => anomaly);
  }
}

function normalizeLicense(raw: RawAccountReads, log: AnomalyLog): CapabilitySnapshot['license'] {
  const license = raw.license as RawAccountReads['license'] | null | undefined;
  const pkg = license?.package;
  const packageId = codeOf(pkg?.id);
  if (packageId === '') {
    log.add({ code: 'missing_package', message: 'The license names no package.' });
  }
  const features = new Map<string, Set<string>>();
  for (const feature of list(license?.features)) {
    const id = codeOf(feature?.id);
    if (id === '') {
      log.add({ code: 'blank_code', message: 'A license feature without id was dropped.' });
      continue;
    }
    const names = features.get(id) ?? new Set<string>();
    names.add(text(feature.displayName));
    features.set(id, names);
  }
  return {
    package: { id: packageId, displayName: pick([text(pkg?.displayName)]) },
    features: [...features.entries()]
      .sort(([a], [b]) => compareText(a, b))
      .map(([id, names]): LicenseItem => ({ id, displayName: pick(names) })),
  };
}

function terminalType(raw: RawTerminal, id: string, log: AnomalyLog): string {
  // A colon would make `${terminalId}:${type}` ambiguous; types never legitimately hold one.
  const type = codeOf(raw.type).replace(/:/g, '_');
  if (type === '') {
    log.add({
      code: 'missing_terminal_type',
      message: `Terminal ${id} has no type; it is kept as ${UNKNOWN_TERMINAL_TYPE}.`,
      terminalKey: terminalKey(id, UNKNOWN_TERMINAL_TYPE),
    });
    return UNKNOWN_TERMINAL_TYPE;
  }
  if (!KNOWN_TYPES.has(type)) {
    log.add({
      code: 'unknown_terminal_type',
      message: `Terminal ${id} has the undocumented type ${type}.`,
      terminalKey: terminalKey(id, type),
      value: type,
    });
  }
  return type;
}

function collectTerminal(raw: RawTerminal, acc: TerminalAcc, log: AnomalyLog): void {
  const key = terminalKey(acc.terminalId, acc.type);
  acc.descriptions.add(text(raw.description));
  for (const method of list(raw.paymentMethods)) {
    const code = codeOf(method?.paymentMethod);
    if (code === '') {
      log.add({
        code: 'blank_code',
        message: `A payment method without name on terminal ${key} was dropped.`,
        terminalKey: key,
      });
      continue;
    }
    const entry = acc.methods.get(code) ?? { currencies: new Set<string>(), logos: new Set() };
    acc.methods.set(code, entry);
    entry.logos.add(text(method.logoUrl));
    for (const rawCurrency of list(method.currencies)) {
      const currency = typeof rawCurrency === 'string' ? canonicalCurrency(rawCurrency) : '';
      if (isActiveCurrency(currency)) {
        entry.currencies.add(currency);
      } else {
        log.add({
          code: 'invalid_currency',
          message: `${invalidCurrencyReason(currency)}; dropped from ${code} on terminal ${key}.`,
          terminalKey: key,
          paymentMethod: code,
          value: currency,
        });
      }
    }
  }
  for (const wallet of list(raw.wallets)) {
    const code = codeOf(wallet?.walletName);
    if (code === '') {
      log.add({
        code: 'blank_code',
        message: `A wallet without name on terminal ${key} was dropped.`,
        terminalKey: key,
      });
      continue;
    }
    const logos = acc.wallets.get(code) ?? new Set<string>();
    acc.wallets.set(code, logos);
    logos.add(text(wallet.logoUrl));
  }
}

function logoOf(logos: Set<string>, what: string, key: string, log: AnomalyLog): string | null {
  const nonEmpty = [...logos].filter((logo) => logo !== '');
  if (nonEmpty.length > 1) {
    log.add({
      code: 'conflicting_logo_url',
      message: `${what} on terminal ${key} has ${nonEmpty.length} different logo URLs; kept one.`,
      terminalKey: key,
    });
  }
  return pick(nonEmpty);
}

function finishTerminal(acc: TerminalAcc, log: AnomalyLog): SnapshotTerminal {
  const key = terminalKey(acc.terminalId, acc.type);
  return {
    key,
    terminalId: acc.terminalId,
    type: acc.type,
    description: pick(acc.descriptions),
    paymentMethods: [...acc.methods.entries()]
      .sort(([a], [b]) => compareText(a, b))
      .map(([code, entry]) => ({
        code,
        currencies: [...entry.currencies].sort(compareText),
        logoUrl: logoOf(entry.logos, code, key, log),
      })),
    wallets: [...acc.wallets.entries()]
      .sort(([a], [b]) => compareText(a, b))
      .map(([code, logos]) => ({ code, logoUrl: logoOf(logos, `Wallet ${code}`, key, log) })),
  };
}

function normalizeTerminals(raw: RawAccountReads, log: AnomalyLog): SnapshotTerminal[] {
  const byKey = new Map<string, TerminalAcc>();
  for (const terminal of list(raw.terminals)) {
    const id = text(terminal?.terminalId);
    if (id === '') {
      log.add({ code: 'missing_terminal_id', message: 'A terminal without id was dropped.' });
      continue;
    }
    const type = terminalType(terminal, id, log);
    const key = terminalKey(id, type);
    const acc = byKey.get(key) ?? {
      terminalId: id,
      type,
      descriptions: new Set<string>(),
      methods: new Map(),
      wallets: new Map(),
    };
    byKey.set(key, acc);
    collectTerminal(terminal, acc, log);
  }
  return [...byKey.values()]
    .sort((a, b) => compareIds(a.terminalId, b.terminalId) || compareText(a.type, b.type))
    .map((acc) => finishTerminal(acc, log));
}

function normalizePaymentPageConfigs(
  raw: RawAccountReads,
  log: AnomalyLog,
): SnapshotPaymentPageConfig[] {
  const byName = new Map<
    string,
    { names: Set<string>; seen: number; defaults: boolean; texts: Set<string> }
  >();
  for (const config of list(raw.paymentPageConfigs)) {
    const name = text(config?.name);
    if (name === '') {
      log.add({ code: 'blank_code', message: 'A payment page config without name was dropped.' });
      continue;
    }
    const key = name.toLowerCase();
    const entry = byName.get(key) ?? {
      names: new Set(),
      seen: 0,
      defaults: false,
      texts: new Set(),
    };
    byName.set(key, entry);
    entry.names.add(name);
    entry.seen += 1;
    entry.defaults ||= config.isDefault === true;
    entry.texts.add(text(config.description));
  }
  for (const [key, entry] of byName) {
    if (entry.seen > 1) {
      log.add({
        code: 'duplicate_payment_page_config',
        message: `The payment page config "${key}" is listed more than once (names compare case-insensitively); merged.`,
        value: key,
      });
    }
  }
  const configs = [...byName.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([, entry]) => ({
      name: pick(entry.names) ?? '',
      isDefault: entry.defaults,
      description: pick(entry.texts),
    }));
  const defaults = configs.filter((config) => config.isDefault).length;
  if (configs.length > 0 && defaults === 0) {
    log.add({
      code: 'no_default_payment_page_config',
      message: 'No payment page config is marked as default.',
    });
  }
  if (defaults > 1) {
    log.add({
      code: 'multiple_default_payment_page_configs',
      message: `${defaults} payment page configs are marked as default.`,
      value: configs
        .filter((config) => config.isDefault)
        .map((config) => config.name)
        .join(', '),
    });
  }
  return configs;
}

/** Builds the canonical snapshot of one account's raw reads. Never throws on messy input. */
export function normalize(raw: RawAccountReads): CapabilitySnapshot {
  const log = new AnomalyLog();
  const license = normalizeLicense(raw, log);
  const terminals = normalizeTerminals(raw, log);
  const paymentPageConfigs = normalizePaymentPageConfigs(raw, log);
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    license,
    terminals,
    paymentPageConfigs,
    anomalies: log.sorted(),
  };
}
