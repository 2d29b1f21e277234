/**
 * Capability policy: what a franchise requires of every merchant account (license features,
 * payment methods with currencies and wallets per terminal type, a payment page config), the
 * validation and normalisation of a policy as a client sends it, and the compliance of one
 * account's snapshot with a policy (`evaluatePolicy`, run for every account each drift cycle).
 */
import { canonicalCurrency, isActiveCurrency, WITHDRAWN_CURRENCY_SUCCESSORS } from './currencies';
import { compareText } from './order';
import type { CapabilitySnapshot } from './types';

export const POLICY_TERMINAL_TYPES = ['ECOM', 'SPG', 'MPO'] as const;
export type PolicyTerminalType = (typeof POLICY_TERMINAL_TYPES)[number];

export interface RequiredPaymentMethod {
  readonly paymentMethod: string;
  readonly currencies: readonly string[];
  readonly terminalType: PolicyTerminalType;
}

export interface RequiredWallet {
  readonly wallet: string;
  readonly terminalType: PolicyTerminalType;
}

export interface CapabilityPolicy {
  /** License feature ids, e.g. `MANAGEMENT_API`. */
  readonly requiredFeatures: readonly string[];
  readonly requiredPaymentMethods: readonly RequiredPaymentMethod[];
  readonly requiredWallets: readonly RequiredWallet[];
  /** A payment page config name, compared case-insensitively. */
  readonly requiredPaymentPageConfig: string | null;
}

/** Loose input as a client sends it (any casing, duplicates, whitespace). */
export interface PolicyInput {
  requiredFeatures?: readonly string[] | null;
  requiredPaymentMethods?:
    | readonly {
        paymentMethod?: string | null;
        currencies?: readonly string[] | null;
        terminalType?: string | null;
      }[]
    | null;
  requiredWallets?: readonly { wallet?: string | null; terminalType?: string | null }[] | null;
  requiredPaymentPageConfig?: string | null;
}

/** One validation problem; `pointer` is a JSON pointer into the input. */
export interface PolicyProblem {
  readonly pointer: string;
  readonly detail: string;
}

export type PolicyGapKind =
  'feature' | 'payment_method' | 'currency' | 'wallet' | 'payment_page_config';

/** Something the policy requires that the account lacks. */
export interface PolicyGap {
  readonly kind: PolicyGapKind;
  /** Feature id, payment method, currency, wallet, or the required page config name. */
  readonly code: string;
  readonly terminalType?: PolicyTerminalType;
  /** Set for currency gaps. */
  readonly paymentMethod?: string;
  /** Set for currency gaps (same as `code`). */
  readonly currency?: string;
  readonly message: string;
}

export interface ComplianceResult {
  readonly compliant: boolean;
  readonly gaps: readonly PolicyGap[];
}

export const EMPTY_POLICY: CapabilityPolicy = Object.freeze({
  requiredFeatures: Object.freeze([]),
  requiredPaymentMethods: Object.freeze([]),
  requiredWallets: Object.freeze([]),
  requiredPaymentPageConfig: null,
});

const POLICY_LIMITS = {
  codeLength: 64,
  pageConfigLength: 100,
  entriesPerList: 100,
  currenciesPerMethod: 50,
} as const;

const CODE = /^[A-Za-z0-9_.-]+$/;
const TERMINAL_TYPES: ReadonlySet<string> = new Set(POLICY_TERMINAL_TYPES);
const TERMINAL_TYPE_REQUIRED = 'terminalType is required: ECOM, SPG or MPO.';

// ---------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------

/** Quotes a client value for a message, shortened so a huge value cannot flood the answer. */
function quoted(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

/** Escapes a key for a JSON pointer (RFC 6901). */
const pointer = (...parts: readonly (string | number)[]): string =>
  parts.map((part) => `/${String(part).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

type Report = (at: string, detail: string) => void;

/** A feature, payment method or wallet code; `what` names it in messages ("Wallet"). */
function checkCode(value: unknown, what: string, field: string, at: string, report: Report) {
  if (value === undefined || value === null) return report(at, `${field} is required.`);
  if (typeof value !== 'string') return report(at, `${what} must be text.`);
  const code = value.trim();
  if (code === '') return report(at, `${what} must not be blank.`);
  if (code.length > POLICY_LIMITS.codeLength) {
    return report(
      at,
      `${what} ${quoted(code)} is longer than ${POLICY_LIMITS.codeLength} characters.`,
    );
  }
  if (!CODE.test(code)) {
    report(at, `${what} ${quoted(code)} may only contain letters, digits, "_", "." and "-".`);
  }
}

function checkTerminalType(value: unknown, at: string, report: Report) {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    return report(at, TERMINAL_TYPE_REQUIRED);
  }
  if (typeof value !== 'string') return report(at, TERMINAL_TYPE_REQUIRED);
  if (!TERMINAL_TYPES.has(value.trim().toUpperCase())) {
    report(at, `${quoted(value.trim())} is not a terminal type: use ECOM, SPG or MPO.`);
  }
}

function checkCurrency(value: unknown, at: string, report: Report) {
  if (typeof value !== 'string') return report(at, 'A currency must be a text code such as CHF.');
  const code = canonicalCurrency(value);
  if (code === '') return report(at, 'A currency must not be blank.');
  if (isActiveCurrency(code)) return;
  const successor = WITHDRAWN_CURRENCY_SUCCESSORS[code];
  report(
    at,
    successor !== undefined
      ? `${code} is no longer an ISO 4217 currency: use ${successor} instead.`
      : /^[A-Z]{3}$/.test(code)
        ? `${code} is not an active ISO 4217 currency code.`
        : `${quoted(code)} is not a three-letter currency code.`,
  );
}

/**
 * Checks the shape and limits of a list; returns its entries to check one by one, or null
 * when the list is absent or unusable (already reported).
 */
function checkList(
  value: unknown,
  field: string,
  what: string,
  max: number,
  report: Report,
): readonly unknown[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) {
    report(pointer(field), `${field} must be a list.`);
    return null;
  }
  if (value.length > max) {
    // Report the size only: entry problems of a list that is too long would just be noise.
    report(pointer(field), `At most ${max} ${what} are allowed; got ${value.length}.`);
    return null;
  }
  return value as readonly unknown[];
}

/** Problems of a policy as sent by a client; `[]` when it is valid. */
export function validatePolicy(input: PolicyInput): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const report: Report = (at, detail) => {
    problems.push({ pointer: at, detail });
  };
  if (!isObject(input)) return [{ pointer: '', detail: 'The policy must be an object.' }];
  const max = POLICY_LIMITS.entriesPerList;

  const features = checkList(
    input.requiredFeatures,
    'requiredFeatures',
    'required features',
    max,
    report,
  );
  features?.forEach((feature, i) =>
    checkCode(feature, 'Feature code', 'Feature code', pointer('requiredFeatures', i), report),
  );

  const methods = checkList(
    input.requiredPaymentMethods,
    'requiredPaymentMethods',
    'required payment methods',
    max,
    report,
  );
  methods?.forEach((entry, i) => {
    const at = pointer('requiredPaymentMethods', i);
    if (!isObject(entry)) return report(at, 'A required payment method must be an object.');
    checkCode(
      entry.paymentMethod,
      'Payment method',
      'paymentMethod',
      `${at}/paymentMethod`,
      report,
    );
    const currencies = entry.currencies;
    if (currencies !== undefined && currencies !== null) {
      if (!Array.isArray(currencies)) report(`${at}/currencies`, 'currencies must be a list.');
      else if (currencies.length > POLICY_LIMITS.currenciesPerMethod) {
        report(
          `${at}/currencies`,
          `At most ${POLICY_LIMITS.currenciesPerMethod} currencies are allowed per payment method; got ${currencies.length}.`,
        );
      } else {
        (currencies as readonly unknown[]).forEach((currency, j) =>
          checkCurrency(currency, `${at}/currencies/${j}`, report),
        );
      }
    }
    checkTerminalType(entry.terminalType, `${at}/terminalType`, report);
  });

  const wallets = checkList(
    input.requiredWallets,
    'requiredWallets',
    'required wallets',
    max,
    report,
  );
  wallets?.forEach((entry, i) => {
    const at = pointer('requiredWallets', i);
    if (!isObject(entry)) return report(at, 'A required wallet must be an object.');
    checkCode(entry.wallet, 'Wallet', 'wallet', `${at}/wallet`, report);
    checkTerminalType(entry.terminalType, `${at}/terminalType`, report);
  });

  const config: unknown = input.requiredPaymentPageConfig;
  const configAt = pointer('requiredPaymentPageConfig');
  if (config !== undefined && config !== null) {
    if (typeof config !== 'string') report(configAt, 'The payment page config name must be text.');
    else if (config.trim() === '') {
      report(
        configAt,
        'The payment page config name must not be blank; leave it out to require none.',
      );
    } else if (config.trim().length > POLICY_LIMITS.pageConfigLength) {
      report(
        configAt,
        `The payment page config name ${quoted(config.trim())} is longer than ${POLICY_LIMITS.pageConfigLength} characters.`,
      );
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------
// Normalisation
// ---------------------------------------------------------------------------

const code = (value: unknown): string =>
  typeof value === 'string' ? value.trim().toUpperCase() : '';

const terminalType = (value: unknown): PolicyTerminalType | null => {
  const type = code(value);
  return TERMINAL_TYPES.has(type) ? (type as PolicyTerminalType) : null;
};

/** A list field, or none when absent or (unvalidated input) not a list. */
const listOf = <T>(value: readonly T[] | null | undefined): readonly T[] =>
  Array.isArray(value) ? (value as readonly T[]) : [];

const sortedUnique = (values: Iterable<string>): string[] => [...new Set(values)].sort(compareText);

/**
 * The canonical policy: codes trimmed and upper-cased, currencies canonical, duplicates
 * removed, entries with the same (paymentMethod, terminalType) merged, every list sorted.
 * Meant for input that `validatePolicy` accepts; it never throws on other input but drops
 * entries it cannot represent (blank codes, unknown terminal types) — a stored policy must
 * stay readable even after, say, a currency is withdrawn from ISO 4217 (it then shows as a gap).
 */
export function normalizePolicy(input: PolicyInput): CapabilityPolicy {
  const features = sortedUnique(
    listOf(input.requiredFeatures)
      .map(code)
      .filter((feature) => feature !== ''),
  );

  const methods = new Map<
    string,
    { paymentMethod: string; terminalType: PolicyTerminalType; currencies: Set<string> }
  >();
  for (const entry of listOf(input.requiredPaymentMethods)) {
    const paymentMethod = code(entry?.paymentMethod);
    const type = terminalType(entry?.terminalType);
    if (paymentMethod === '' || type === null) continue;
    const key = `${type}\u0000${paymentMethod}`;
    const merged = methods.get(key) ?? {
      paymentMethod,
      terminalType: type,
      currencies: new Set<string>(),
    };
    methods.set(key, merged);
    for (const currency of listOf(entry.currencies)) {
      if (typeof currency !== 'string') continue;
      const canonical = canonicalCurrency(currency);
      if (canonical !== '') merged.currencies.add(canonical);
    }
  }

  const wallets = new Map<string, RequiredWallet>();
  for (const entry of listOf(input.requiredWallets)) {
    const wallet = code(entry?.wallet);
    const type = terminalType(entry?.terminalType);
    if (wallet !== '' && type !== null)
      wallets.set(`${type}\u0000${wallet}`, { wallet, terminalType: type });
  }

  const config =
    typeof input.requiredPaymentPageConfig === 'string'
      ? input.requiredPaymentPageConfig.trim()
      : '';

  return {
    requiredFeatures: features,
    requiredPaymentMethods: [...methods.values()]
      .map((m) => ({
        paymentMethod: m.paymentMethod,
        currencies: sortedUnique(m.currencies),
        terminalType: m.terminalType,
      }))
      .sort(
        (a, b) =>
          compareText(a.terminalType, b.terminalType) ||
          compareText(a.paymentMethod, b.paymentMethod),
      ),
    requiredWallets: [...wallets.values()].sort(
      (a, b) => compareText(a.terminalType, b.terminalType) || compareText(a.wallet, b.wallet),
    ),
    requiredPaymentPageConfig: config === '' ? null : config,
  };
}

// ---------------------------------------------------------------------------
// Compliance
// ---------------------------------------------------------------------------

/** Stable identity of a gap, e.g. `currency:ECOM:TWINT:CHF`; page config names lower-cased. */
export function gapKey(gap: PolicyGap): string {
  switch (gap.kind) {
    case 'feature':
      return `feature:${gap.code}`;
    case 'payment_method':
      return `payment_method:${gap.terminalType ?? ''}:${gap.code}`;
    case 'currency':
      return `currency:${gap.terminalType ?? ''}:${gap.paymentMethod ?? ''}:${gap.code}`;
    case 'wallet':
      return `wallet:${gap.terminalType ?? ''}:${gap.code}`;
    case 'payment_page_config':
      // Compared case-insensitively, so re-casing the required name is not a new gap.
      return `payment_page_config:${gap.code.toLowerCase()}`;
  }
}

const GAP_GROUP: Record<PolicyGapKind, number> = {
  feature: 0,
  payment_method: 1,
  currency: 1,
  wallet: 2,
  payment_page_config: 3,
};

function compareGaps(a: PolicyGap, b: PolicyGap): number {
  return (
    GAP_GROUP[a.kind] - GAP_GROUP[b.kind] ||
    compareText(a.terminalType ?? '', b.terminalType ?? '') ||
    compareText(a.paymentMethod ?? a.code, b.paymentMethod ?? b.code) ||
    // A method gap before its currency gaps (never both for one method, but keep it total).
    (a.kind === 'currency' ? 1 : 0) - (b.kind === 'currency' ? 1 : 0) ||
    compareText(a.code, b.code)
  );
}

/**
 * What the policy asks of one terminal type, filled from the snapshot: for each required
 * method the currencies its terminals of that type offer (null until one offers it), and
 * whether each required wallet was seen.
 */
interface TypeNeeds {
  readonly methods: Map<string, Set<string> | null>;
  readonly wallets: Map<string, boolean>;
}

/**
 * One pass over the snapshot's terminals (only placements the policy asks about are
 * recorded), so each policy entry is then a constant-time lookup: linear in snapshot size
 * plus policy size, never terminals × entries.
 */
function collectOffers(
  snapshot: CapabilitySnapshot,
  policy: CapabilityPolicy,
): Map<string, TypeNeeds> {
  const needs = new Map<string, TypeNeeds>();
  const needsOf = (type: string): TypeNeeds => {
    let need = needs.get(type);
    if (need === undefined) {
      need = { methods: new Map(), wallets: new Map() };
      needs.set(type, need);
    }
    return need;
  };
  for (const entry of policy.requiredPaymentMethods) {
    needsOf(entry.terminalType).methods.set(entry.paymentMethod, null);
  }
  for (const entry of policy.requiredWallets)
    needsOf(entry.terminalType).wallets.set(entry.wallet, false);
  if (needs.size === 0) return needs;

  for (const terminal of snapshot.terminals) {
    const need = needs.get(terminal.type);
    if (need === undefined) continue;
    if (need.methods.size > 0) {
      for (const method of terminal.paymentMethods) {
        if (!need.methods.has(method.code)) continue;
        let currencies = need.methods.get(method.code);
        if (currencies === null || currencies === undefined) {
          currencies = new Set();
          need.methods.set(method.code, currencies);
        }
        for (const currency of method.currencies) currencies.add(currency);
      }
    }
    if (need.wallets.size > 0) {
      for (const wallet of terminal.wallets) {
        if (need.wallets.has(wallet.code)) need.wallets.set(wallet.code, true);
      }
    }
  }
  return needs;
}

/** Whether `snapshot` meets `policy`, and what it lacks (sorted, one gap per missing thing). */
export function evaluatePolicy(
  snapshot: CapabilitySnapshot,
  policy: CapabilityPolicy,
): ComplianceResult {
  const gaps: PolicyGap[] = [];
  const seen = new Set<string>();
  const add = (gap: PolicyGap) => {
    // A hand-built (not normalised) policy may repeat entries; report each gap once.
    const key = gapKey(gap);
    if (seen.has(key)) return;
    seen.add(key);
    gaps.push(gap);
  };

  if (policy.requiredFeatures.length > 0) {
    const features = new Set(snapshot.license.features.map((feature) => feature.id));
    for (const feature of policy.requiredFeatures) {
      if (!features.has(feature)) {
        add({ kind: 'feature', code: feature, message: `The license lacks feature ${feature}.` });
      }
    }
  }

  const offers = collectOffers(snapshot, policy);

  for (const { paymentMethod, currencies, terminalType } of policy.requiredPaymentMethods) {
    const offered = offers.get(terminalType)?.methods.get(paymentMethod);
    if (offered === null || offered === undefined) {
      add({
        kind: 'payment_method',
        code: paymentMethod,
        terminalType,
        message: `No ${terminalType} terminal offers ${paymentMethod}.`,
      });
      continue;
    }
    for (const currency of currencies) {
      if (offered.has(currency)) continue;
      add({
        kind: 'currency',
        code: currency,
        terminalType,
        paymentMethod,
        currency,
        message: `${paymentMethod} on ${terminalType} terminals does not accept ${currency}.`,
      });
    }
  }

  for (const { wallet, terminalType } of policy.requiredWallets) {
    if (offers.get(terminalType)?.wallets.get(wallet) === true) continue;
    add({
      kind: 'wallet',
      code: wallet,
      terminalType,
      message: `No ${terminalType} terminal offers wallet ${wallet}.`,
    });
  }

  const config = policy.requiredPaymentPageConfig;
  if (config !== null) {
    const wanted = config.toLowerCase();
    if (!snapshot.paymentPageConfigs.some((c) => c.name.toLowerCase() === wanted)) {
      add({
        kind: 'payment_page_config',
        code: config,
        message: `The account has no payment page config named "${config}".`,
      });
    }
  }

  gaps.sort(compareGaps);
  return { compliant: gaps.length === 0, gaps };
}

/**
 * Whether a matrix row is something the policy requires (to highlight it). Rows aggregate
 * terminals, so the terminal type is not compared; a method required without currencies
 * marks all its currency rows.
 */
export function isRequiredRow(
  row: { readonly kind: string; readonly code: string; readonly currency?: string },
  policy: CapabilityPolicy,
): boolean {
  switch (row.kind) {
    case 'feature':
      return policy.requiredFeatures.includes(row.code);
    case 'payment_method':
      return policy.requiredPaymentMethods.some(
        (required) =>
          required.paymentMethod === row.code &&
          (required.currencies.length === 0 ||
            (row.currency !== undefined && required.currencies.includes(row.currency))),
      );
    case 'wallet':
      return policy.requiredWallets.some((required) => required.wallet === row.code);
    case 'payment_page_config':
      return policy.requiredPaymentPageConfig?.toLowerCase() === row.code.toLowerCase();
    default:
      return false;
  }
}
