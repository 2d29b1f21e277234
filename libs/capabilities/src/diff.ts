/**
 * `diff(a, b)`: structured changes from snapshot `a` to snapshot `b` (content only; anomalies
 * are ignored, like in the hash, so `diff(a, b)` is empty exactly when the hashes are equal).
 *
 * - package: `changed` (code `package`), before/after `{ id, displayName }`.
 * - feature: `added` / `removed` / `changed` (display name), code = feature id.
 * - terminal: `added` / `removed` with the whole terminal, `changed` (description);
 *   an added terminal does not also list its payment methods and wallets.
 * - payment_method: `added` / `removed` on a terminal present in both, `changed` (logo URL).
 * - currency: `added` / `removed` for a method present on the terminal in both snapshots.
 * - wallet: `added` / `removed` / `changed` (logo URL) on a terminal present in both.
 * - payment_page_config: `added` / `removed` / `changed` (name casing, default flag,
 *   description); code = lower-cased name.
 *
 * Changes are sorted: package, features, then per terminal (numeric id, type) the terminal,
 * its payment methods, their currencies and its wallets, then payment page configs.
 * `diff(b, a)` equals `invertDiff(diff(a, b))`.
 */
import { canonicalJson } from './hash';
import { compareTerminalKeys, compareText } from './order';
import type {
  CapabilityChange,
  CapabilitySnapshot,
  ChangeKind,
  ChangeType,
  ChangeValue,
  LicenseItem,
  SnapshotPaymentMethod,
  SnapshotPaymentPageConfig,
  SnapshotTerminal,
  SnapshotWallet,
} from './types';

type Emit = (change: CapabilityChange) => void;

function same(a: ChangeValue, b: ChangeValue): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** Walks two keyed lists, calling back for removed, added and common keys. */
function walk<T>(
  before: readonly T[],
  after: readonly T[],
  keyOf: (item: T) => string,
  visit: (key: string, left: T | undefined, right: T | undefined) => void,
): void {
  const left = new Map(before.map((item) => [keyOf(item), item]));
  const right = new Map(after.map((item) => [keyOf(item), item]));
  for (const [key, item] of left) visit(key, item, right.get(key));
  for (const [key, item] of right) if (!left.has(key)) visit(key, undefined, item);
}

/** Emits added / removed / changed for one keyed item, comparing `value`s. */
function compare<T>(
  left: T | undefined,
  right: T | undefined,
  value: (item: T) => ChangeValue,
  emit: (change: ChangeType, before?: ChangeValue, after?: ChangeValue) => void,
): void {
  if (left === undefined && right !== undefined) emit('added', undefined, value(right));
  else if (left !== undefined && right === undefined) emit('removed', value(left), undefined);
  else if (left !== undefined && right !== undefined) {
    const before = value(left);
    const after = value(right);
    if (!same(before, after)) emit('changed', before, after);
  }
}

const licenseItem = (item: LicenseItem): ChangeValue => ({
  id: item.id,
  displayName: item.displayName,
});
const methodValue = (method: SnapshotPaymentMethod): ChangeValue => ({
  currencies: [...method.currencies],
  logoUrl: method.logoUrl,
});
const walletValue = (wallet: SnapshotWallet): ChangeValue => ({ logoUrl: wallet.logoUrl });
const configValue = (config: SnapshotPaymentPageConfig): ChangeValue => ({
  name: config.name,
  isDefault: config.isDefault,
  description: config.description,
});
const terminalValue = (terminal: SnapshotTerminal): ChangeValue => ({
  terminalId: terminal.terminalId,
  type: terminal.type,
  description: terminal.description,
  paymentMethods: terminal.paymentMethods.map(methodValue),
  wallets: terminal.wallets.map((wallet) => ({ code: wallet.code, logoUrl: wallet.logoUrl })),
});

function diffTerminalContent(key: string, a: SnapshotTerminal, b: SnapshotTerminal, emit: Emit) {
  compare(
    a,
    b,
    (t) => ({ description: t.description }),
    (change, before, after) =>
      emit({ kind: 'terminal', change, terminalKey: key, code: key, before, after }),
  );
  walk(
    a.paymentMethods,
    b.paymentMethods,
    (m) => m.code,
    (code, left, right) => {
      // On a method present on both sides only the logo can change; currencies are listed apart.
      const value =
        left && right
          ? (m: SnapshotPaymentMethod): ChangeValue => ({ logoUrl: m.logoUrl })
          : methodValue;
      compare(left, right, value, (change, before, after) =>
        emit({ kind: 'payment_method', change, terminalKey: key, code, before, after }),
      );
      if (left === undefined || right === undefined) return;
      const was = new Set(left.currencies);
      const now = new Set(right.currencies);
      const currencyChange = (currency: string, change: ChangeType) =>
        emit({
          kind: 'currency',
          change,
          terminalKey: key,
          paymentMethod: code,
          currency,
          code: currency,
        });
      for (const currency of was) if (!now.has(currency)) currencyChange(currency, 'removed');
      for (const currency of now) if (!was.has(currency)) currencyChange(currency, 'added');
    },
  );
  walk(
    a.wallets,
    b.wallets,
    (w) => w.code,
    (code, left, right) =>
      compare(left, right, walletValue, (change, before, after) =>
        emit({ kind: 'wallet', change, terminalKey: key, code, before, after }),
      ),
  );
}

const GROUP: Record<ChangeKind, number> = {
  package: 0,
  feature: 1,
  terminal: 2,
  payment_method: 2,
  currency: 2,
  wallet: 2,
  payment_page_config: 3,
};
const KIND_IN_TERMINAL: Record<ChangeKind, number> = {
  package: 0,
  feature: 0,
  terminal: 0,
  payment_method: 1,
  currency: 1,
  wallet: 2,
  payment_page_config: 0,
};
const CHANGE_RANK: Record<ChangeType, number> = { removed: 0, added: 1, changed: 2 };

/** The order `diff` returns changes in. */
export function compareChanges(a: CapabilityChange, b: CapabilityChange): number {
  return (
    GROUP[a.kind] - GROUP[b.kind] ||
    compareTerminalKeys(a.terminalKey ?? '', b.terminalKey ?? '') ||
    KIND_IN_TERMINAL[a.kind] - KIND_IN_TERMINAL[b.kind] ||
    compareText(
      a.paymentMethod ?? (a.kind === 'payment_method' ? a.code : ''),
      b.paymentMethod ?? (b.kind === 'payment_method' ? b.code : ''),
    ) ||
    (a.kind === 'currency' ? 1 : 0) - (b.kind === 'currency' ? 1 : 0) ||
    compareText(a.code, b.code) ||
    CHANGE_RANK[a.change] - CHANGE_RANK[b.change]
  );
}

/** Structured changes from `a` to `b`; empty when their content is equal. */
export function diff(a: CapabilitySnapshot, b: CapabilitySnapshot): CapabilityChange[] {
  const changes: CapabilityChange[] = [];
  const emit: Emit = (change) => {
    // Leave out absent before/after so changes compare and serialise cleanly.
    const { before, after, ...rest } = change;
    changes.push({
      ...rest,
      ...(before === undefined ? {} : { before }),
      ...(after === undefined ? {} : { after }),
    });
  };

  compare(a.license.package, b.license.package, licenseItem, (change, before, after) =>
    emit({ kind: 'package', change, code: 'package', before, after }),
  );
  walk(
    a.license.features,
    b.license.features,
    (f) => f.id,
    (code, left, right) =>
      compare(
        left,
        right,
        (f) => ({ displayName: f.displayName }),
        (change, before, after) => emit({ kind: 'feature', change, code, before, after }),
      ),
  );
  walk(
    a.terminals,
    b.terminals,
    (t) => t.key,
    (key, left, right) => {
      if (left !== undefined && right !== undefined) diffTerminalContent(key, left, right, emit);
      else
        compare(left, right, terminalValue, (change, before, after) =>
          emit({ kind: 'terminal', change, terminalKey: key, code: key, before, after }),
        );
    },
  );
  walk(
    a.paymentPageConfigs,
    b.paymentPageConfigs,
    (c) => c.name.toLowerCase(),
    (code, left, right) =>
      compare(left, right, configValue, (change, before, after) =>
        emit({ kind: 'payment_page_config', change, code, before, after }),
      ),
  );
  return changes.sort(compareChanges);
}

/** The changes from `b` to `a`, given those from `a` to `b` (added↔removed, before↔after). */
export function invertDiff(changes: readonly CapabilityChange[]): CapabilityChange[] {
  return changes
    .map((change): CapabilityChange => {
      const { before, after, ...rest } = change;
      const inverted: ChangeType =
        change.change === 'added' ? 'removed' : change.change === 'removed' ? 'added' : 'changed';
      return {
        ...rest,
        change: inverted,
        ...(after === undefined ? {} : { before: after }),
        ...(before === undefined ? {} : { after: before }),
      };
    })
    .sort(compareChanges);
}
