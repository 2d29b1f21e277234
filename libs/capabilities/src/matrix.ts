/**
 * `matrix(accounts, filters)`: capabilities across accounts.
 *
 * Columns are the accounts (input order, after the accountState filter) with their
 * terminals; rows are capabilities: license features, payment method × currency, wallets
 * and payment page configs (in that order, each sorted by code, then currency). A cell is
 * `null` where the account lacks the capability; otherwise it lists the account's terminals
 * that offer it (empty for account-level rows). `summary` counts non-null cells:
 * "VISA in CHF on 412 of 430 accounts".
 *
 * One pass over the snapshots into per-row bit masks, then one cell object per distinct
 * terminal set per account (cells are frozen and shared between rows): 1,000 accounts
 * × 5 terminals × 15 methods × 5 currencies build in ~15–30 ms (see README, matrix.spec.ts).
 */
import { canonicalCurrency } from './currencies';
import { compareText } from './order';
import type {
  CapabilityMatrix,
  MatrixAccountInput,
  MatrixCell,
  MatrixColumn,
  MatrixFilters,
  MatrixRow,
  MatrixRowKind,
  MatrixTerminal,
} from './types';

type Selector = ReadonlySet<string> | null;

interface CompiledFilters {
  readonly paymentMethod: Selector;
  readonly currency: Selector;
  readonly wallet: Selector;
  readonly feature: Selector;
  readonly terminalType: Selector;
  readonly accountState: Selector;
}

/** A filter value as a set of canonical values; absent or empty means "no filter". */
function selector(value: string | readonly string[] | undefined, canon: (v: string) => string) {
  if (value === undefined) return null;
  const values = (typeof value === 'string' ? [value] : value).map(canon).filter((v) => v !== '');
  return values.length === 0 ? null : new Set(values);
}

const upper = (value: string): string => value.trim().toUpperCase();
const lower = (value: string): string => value.trim().toLowerCase();

function compile(filters: MatrixFilters): CompiledFilters {
  return {
    paymentMethod: selector(filters.paymentMethod, upper),
    currency: selector(filters.currency, canonicalCurrency),
    wallet: selector(filters.wallet, upper),
    feature: selector(filters.feature, upper),
    terminalType: selector(filters.terminalType, upper),
    accountState: selector(filters.accountState, lower),
  };
}

/**
 * Terminal-level rows record, per account, a bit mask of the account's terminal indices (the
 * 33rd terminal on goes to `overflow`). Cells are built once per distinct set of terminals per
 * account and shared between rows, so 100,000 cells cost a few thousand objects.
 */
interface RowAcc {
  readonly kind: MatrixRowKind;
  readonly code: string;
  readonly currency: string;
  /** Display name: smallest non-empty candidate (feature display name, config name). */
  name: string | null;
  /** Account-level rows (features, payment page configs). */
  readonly cells: (MatrixCell | null)[] | null;
  /** Terminal-level rows (payment methods, wallets). */
  readonly masks: Uint32Array | null;
  overflow: Map<number, number[]> | null;
}

const ACCOUNT_LEVEL: MatrixCell = Object.freeze({ terminals: Object.freeze([]) });
const DEFAULT_CONFIG: MatrixCell = Object.freeze({ terminals: Object.freeze([]), isDefault: true });
const OTHER_CONFIG: MatrixCell = Object.freeze({ terminals: Object.freeze([]), isDefault: false });
const MASK_BITS = 32;

const KIND_RANK: Record<MatrixRowKind, number> = {
  feature: 0,
  payment_method: 1,
  wallet: 2,
  payment_page_config: 3,
};

function rowKey(row: RowAcc): string {
  return row.currency === ''
    ? `${row.kind}:${row.code}`
    : `${row.kind}:${row.code}:${row.currency}`;
}

function rowLabel(row: RowAcc): string {
  switch (row.kind) {
    case 'feature':
      return row.name === null ? row.code : `${row.name} (${row.code})`;
    case 'payment_method':
      return row.currency === '' ? `${row.code} (no currency)` : `${row.code} in ${row.currency}`;
    case 'wallet':
      return `Wallet ${row.code}`;
    case 'payment_page_config':
      return `Payment page config "${row.name ?? row.code}"`;
  }
}

class RowTable {
  private readonly rows = new Map<string, RowAcc>();
  private readonly methods = new Map<string, Map<string, RowAcc>>();

  constructor(private readonly width: number) {}

  private create(kind: MatrixRowKind, code: string, currency: string): RowAcc {
    const accountLevel = kind === 'feature' || kind === 'payment_page_config';
    return {
      kind,
      code,
      currency,
      name: null,
      cells: accountLevel ? new Array<null>(this.width).fill(null) : null,
      masks: accountLevel ? null : new Uint32Array(this.width),
      overflow: null,
    };
  }

  /** Row of a feature, wallet or payment page config. */
  row(kind: MatrixRowKind, code: string): RowAcc {
    const key = `${kind}:${code}`;
    let row = this.rows.get(key);
    if (row === undefined) {
      row = this.create(kind, code, '');
      this.rows.set(key, row);
    }
    return row;
  }

  /** The rows of a payment method, by currency ('' when the method reports none). */
  method(code: string): Map<string, RowAcc> {
    let byCurrency = this.methods.get(code);
    if (byCurrency === undefined) {
      byCurrency = new Map();
      this.methods.set(code, byCurrency);
    }
    return byCurrency;
  }

  /** The row of a payment method in one currency, from the map `method(code)` returned. */
  currency(byCurrency: Map<string, RowAcc>, code: string, currency: string): RowAcc {
    let row = byCurrency.get(currency);
    if (row === undefined) {
      row = this.create('payment_method', code, currency);
      byCurrency.set(currency, row);
    }
    return row;
  }

  all(): RowAcc[] {
    const rows = [...this.rows.values()];
    for (const byCurrency of this.methods.values()) rows.push(...byCurrency.values());
    return rows;
  }
}

function setAccountCell(row: RowAcc, column: number, cell: MatrixCell): void {
  if (row.cells !== null) row.cells[column] = cell;
}

/** Records that terminal number `index` of account `column` offers the row's capability. */
function mark(row: RowAcc, column: number, index: number): void {
  if (row.masks === null) return;
  if (index < MASK_BITS) {
    row.masks[column] = (row.masks[column] | (1 << index)) >>> 0;
    return;
  }
  row.overflow ??= new Map();
  const extra = row.overflow.get(column);
  if (extra === undefined) row.overflow.set(column, [index]);
  else extra.push(index);
}

/** Turns the masks of terminal-level rows into cells, sharing equal cells per account. */
class CellFactory {
  private readonly caches: (Map<number | string, MatrixCell> | undefined)[] = [];

  constructor(private readonly terminals: readonly (readonly MatrixTerminal[])[]) {}

  cells(row: RowAcc): (MatrixCell | null)[] {
    if (row.cells !== null) return row.cells;
    const masks = row.masks ?? new Uint32Array(this.terminals.length);
    const cells = new Array<MatrixCell | null>(masks.length);
    for (let column = 0; column < masks.length; column += 1) {
      const extra = row.overflow?.get(column);
      cells[column] =
        masks[column] === 0 && extra === undefined ? null : this.cell(column, masks[column], extra);
    }
    return cells;
  }

  private cell(column: number, mask: number, extra: readonly number[] | undefined): MatrixCell {
    const cache = (this.caches[column] ??= new Map<number | string, MatrixCell>());
    const key = extra === undefined ? mask : `${mask}:${extra.join(',')}`;
    let cell = cache.get(key);
    if (cell === undefined) {
      const all = this.terminals[column];
      const where = all.filter((_, index) => index < MASK_BITS && (mask & (1 << index)) !== 0);
      for (const index of extra ?? []) where.push(all[index]);
      cell = Object.freeze({ terminals: Object.freeze(where) });
      cache.set(key, cell);
    }
    return cell;
  }
}

function keepName(row: RowAcc, name: string | null): void {
  if (name !== null && name !== '' && (row.name === null || name < row.name)) row.name = name;
}

/** Builds the capability matrix of `accounts`, optionally filtered (see `MatrixFilters`). */
export function matrix(
  accounts: readonly MatrixAccountInput[],
  filters: MatrixFilters = {},
): CapabilityMatrix {
  const f = compile(filters);
  const selected = accounts.filter(
    (account) => f.accountState === null || f.accountState.has(lower(account.state ?? '')),
  );
  const anyRowSelector =
    f.paymentMethod !== null || f.currency !== null || f.wallet !== null || f.feature !== null;
  const wantMethods = !anyRowSelector || f.paymentMethod !== null || f.currency !== null;
  const wantWallets = !anyRowSelector || f.wallet !== null;
  const wantFeatures = !anyRowSelector || f.feature !== null;
  const wantConfigs = !anyRowSelector;

  const table = new RowTable(selected.length);
  const columns: MatrixColumn[] = selected.map((account, column) => {
    const { snapshot } = account;
    const terminals: MatrixTerminal[] = [];
    for (const terminal of snapshot.terminals) {
      if (f.terminalType !== null && !f.terminalType.has(terminal.type)) continue;
      const where = terminals.length;
      terminals.push({ key: terminal.key, terminalId: terminal.terminalId, type: terminal.type });
      if (wantMethods) {
        for (const method of terminal.paymentMethods) {
          if (f.paymentMethod !== null && !f.paymentMethod.has(method.code)) continue;
          const byCurrency = table.method(method.code);
          if (method.currencies.length === 0 && f.currency === null) {
            mark(table.currency(byCurrency, method.code, ''), column, where);
          }
          for (const currency of method.currencies) {
            if (f.currency !== null && !f.currency.has(currency)) continue;
            mark(table.currency(byCurrency, method.code, currency), column, where);
          }
        }
      }
      if (wantWallets) {
        for (const wallet of terminal.wallets) {
          if (f.wallet !== null && !f.wallet.has(wallet.code)) continue;
          mark(table.row('wallet', wallet.code), column, where);
        }
      }
    }
    if (wantFeatures) {
      for (const feature of snapshot.license.features) {
        if (f.feature !== null && !f.feature.has(feature.id)) continue;
        const row = table.row('feature', feature.id);
        setAccountCell(row, column, ACCOUNT_LEVEL);
        keepName(row, feature.displayName);
      }
    }
    if (wantConfigs) {
      for (const config of snapshot.paymentPageConfigs) {
        const row = table.row('payment_page_config', config.name.toLowerCase());
        setAccountCell(row, column, config.isDefault ? DEFAULT_CONFIG : OTHER_CONFIG);
        keepName(row, config.name);
      }
    }
    return {
      accountId: account.accountId,
      label: account.label,
      state: account.state ?? null,
      terminals,
    };
  });

  const factory = new CellFactory(columns.map((column) => column.terminals));
  const rows: MatrixRow[] = table
    .all()
    .sort(
      (a, b) =>
        KIND_RANK[a.kind] - KIND_RANK[b.kind] ||
        compareText(a.code, b.code) ||
        compareText(a.currency, b.currency),
    )
    .map((row) => {
      const cells = factory.cells(row);
      return {
        key: rowKey(row),
        kind: row.kind,
        code: row.code,
        ...(row.currency === '' ? {} : { currency: row.currency }),
        label: rowLabel(row),
        cells,
        summary: { availableOn: cells.filter((cell) => cell !== null).length, of: selected.length },
      };
    });
  return { columns, rows };
}

/** "VISA in CHF on 412 of 430 accounts". */
export function describeRow(row: MatrixRow): string {
  return `${row.label} on ${row.summary.availableOn} of ${row.summary.of} accounts`;
}
