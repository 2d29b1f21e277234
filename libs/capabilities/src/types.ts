/**
 * Types of the capability core: what onboarding read from Saferpay for one account
 * (`RawAccountReads`, deliberately loose), the canonical `CapabilitySnapshot` built
 * from it, structured changes between snapshots and the cross-account matrix.
 */

/** Terminal types the Saferpay Management API documents. Others are kept, upper-cased. */
export const KNOWN_TERMINAL_TYPES = ['ECOM', 'SPG', 'MPO'] as const;
export type KnownTerminalType = (typeof KNOWN_TERMINAL_TYPES)[number];

/** Type used for a terminal whose type was not reported. */
export const UNKNOWN_TERMINAL_TYPE = 'UNKNOWN';

/** Bumped when normalisation rules change in a way that changes content; part of the hash. */
export const SNAPSHOT_SCHEMA_VERSION = 1;

// ---------------------------------------------------------------------------
// Input: raw reads of one account. Every array may be missing; codes may be messy.
// ---------------------------------------------------------------------------

export interface RawLicenseItem {
  readonly id?: string | null;
  readonly displayName?: string | null;
}

export interface RawLicense {
  /** Which endpoint answered (`/license`, or the deprecated `/license-configuration`). */
  readonly source: 'license' | 'license-configuration';
  readonly package?: RawLicenseItem | null;
  readonly features?: readonly RawLicenseItem[] | null;
}

export interface RawPaymentMethod {
  readonly paymentMethod?: string | null;
  readonly currencies?: readonly string[] | null;
  readonly logoUrl?: string | null;
}

export interface RawWallet {
  readonly walletName?: string | null;
  readonly logoUrl?: string | null;
}

export interface RawTerminal {
  readonly terminalId?: string | null;
  /** ECOM, SPG, MPO (any casing); other values are kept, upper-cased. */
  readonly type?: string | null;
  readonly description?: string | null;
  readonly paymentMethods?: readonly RawPaymentMethod[] | null;
  readonly wallets?: readonly RawWallet[] | null;
}

export interface RawPaymentPageConfig {
  readonly name?: string | null;
  readonly isDefault?: boolean | null;
  readonly description?: string | null;
}

/** What onboarding read from Saferpay for one account. */
export interface RawAccountReads {
  readonly license: RawLicense;
  readonly terminals?: readonly RawTerminal[] | null;
  readonly paymentPageConfigs?: readonly RawPaymentPageConfig[] | null;
  /** ISO 8601 time of the read. Provenance, not content: never part of the snapshot. */
  readonly readAt: string;
}

// ---------------------------------------------------------------------------
// Output: the canonical snapshot. All lists sorted, deduplicated, codes upper-case.
// ---------------------------------------------------------------------------

export interface LicenseItem {
  readonly id: string;
  readonly displayName: string | null;
}

export interface SnapshotPaymentMethod {
  readonly code: string;
  /** Valid ISO 4217 codes, sorted. */
  readonly currencies: readonly string[];
  readonly logoUrl: string | null;
}

export interface SnapshotWallet {
  readonly code: string;
  readonly logoUrl: string | null;
}

export interface SnapshotTerminal {
  /** `${terminalId}:${type}`; the same id with two types is two terminals. */
  readonly key: string;
  readonly terminalId: string;
  readonly type: string;
  readonly description: string | null;
  readonly paymentMethods: readonly SnapshotPaymentMethod[];
  readonly wallets: readonly SnapshotWallet[];
}

export interface SnapshotPaymentPageConfig {
  /** As reported (deterministic pick among case-insensitive duplicates). */
  readonly name: string;
  readonly isDefault: boolean;
  readonly description: string | null;
}

export type AnomalyCode =
  | 'invalid_currency'
  | 'blank_code'
  | 'missing_package'
  | 'missing_terminal_id'
  | 'missing_terminal_type'
  | 'unknown_terminal_type'
  | 'conflicting_logo_url'
  | 'duplicate_payment_page_config'
  | 'no_default_payment_page_config'
  | 'multiple_default_payment_page_configs';

/** Something in the raw reads that normalisation dropped, guessed or found suspicious. */
export interface Anomaly {
  readonly code: AnomalyCode;
  readonly message: string;
  readonly terminalKey?: string;
  readonly paymentMethod?: string;
  /** The offending raw value (e.g. the invalid currency), when there is one. */
  readonly value?: string;
}

/**
 * The capability content of one account. Holds no raw data and no read time: the caller
 * stores the raw reads (and `readAt`, license source) beside it. `anomalies` describe the
 * read that produced the snapshot and are NOT content (not hashed, not diffed).
 */
export interface CapabilitySnapshot {
  readonly schemaVersion: number;
  readonly license: {
    readonly package: LicenseItem;
    readonly features: readonly LicenseItem[];
  };
  readonly terminals: readonly SnapshotTerminal[];
  readonly paymentPageConfigs: readonly SnapshotPaymentPageConfig[];
  readonly anomalies: readonly Anomaly[];
}

/** The hashed part of a snapshot. */
export type SnapshotContent = Omit<CapabilitySnapshot, 'anomalies'>;

// ---------------------------------------------------------------------------
// Diff
// ---------------------------------------------------------------------------

export type ChangeKind =
  | 'package'
  | 'feature'
  | 'terminal'
  | 'payment_method'
  | 'currency'
  | 'wallet'
  | 'payment_page_config';

export type ChangeType = 'added' | 'removed' | 'changed';

/** JSON value carried in `before` / `after`. */
export type ChangeValue =
  | string
  | number
  | boolean
  | null
  | readonly ChangeValue[]
  | { readonly [key: string]: ChangeValue };

export interface CapabilityChange {
  readonly kind: ChangeKind;
  readonly change: ChangeType;
  /** Set for terminal, payment_method, currency and wallet changes. */
  readonly terminalKey?: string;
  /** Set for currency changes: the method the currency belongs to. */
  readonly paymentMethod?: string;
  /** Set for currency changes (same as `code`). */
  readonly currency?: string;
  /**
   * What changed: feature id, `package`, terminal key, payment method code, currency,
   * wallet code, or the lower-cased payment page config name.
   */
  readonly code: string;
  readonly before?: ChangeValue;
  readonly after?: ChangeValue;
}

// ---------------------------------------------------------------------------
// Matrix
// ---------------------------------------------------------------------------

export interface MatrixAccountInput {
  readonly accountId: string;
  readonly label: string;
  readonly state?: string | null;
  readonly snapshot: CapabilitySnapshot;
}

type OneOrMany = string | readonly string[];

/**
 * `accountState` picks columns, `terminalType` picks the terminals considered.
 * `paymentMethod`, `currency`, `wallet` and `feature` pick rows: when any of them is set,
 * only rows they select are kept (payment method rows must match both method and currency
 * when both are set) and payment page config rows are left out.
 */
export interface MatrixFilters {
  readonly paymentMethod?: OneOrMany;
  readonly currency?: OneOrMany;
  readonly wallet?: OneOrMany;
  readonly feature?: OneOrMany;
  readonly terminalType?: OneOrMany;
  readonly accountState?: OneOrMany;
}

export interface MatrixTerminal {
  readonly key: string;
  readonly terminalId: string;
  readonly type: string;
}

export interface MatrixColumn {
  readonly accountId: string;
  readonly label: string;
  readonly state: string | null;
  /** The account's terminals after the terminalType filter, sorted by key. */
  readonly terminals: readonly MatrixTerminal[];
}

export type MatrixRowKind = 'feature' | 'payment_method' | 'wallet' | 'payment_page_config';

/**
 * Availability on one account. `terminals` lists where (terminal-level rows); it is empty
 * for account-level rows (features, payment page configs).
 */
export interface MatrixCell {
  readonly terminals: readonly MatrixTerminal[];
  /** Payment page config rows only: this config is the account's default. */
  readonly isDefault?: boolean;
}

export interface MatrixRow {
  /** e.g. `feature:PAYMENT_API`, `payment_method:VISA:CHF`, `wallet:APPLEPAY`. */
  readonly key: string;
  readonly kind: MatrixRowKind;
  /** Feature id, payment method, wallet, or lower-cased payment page config name. */
  readonly code: string;
  readonly currency?: string;
  /** Human label: `VISA in CHF`, `APPLEPAY`, `Management API (MANAGEMENT_API)`, … */
  readonly label: string;
  /** Aligned with `CapabilityMatrix.columns`; `null` where not available. */
  readonly cells: readonly (MatrixCell | null)[];
  readonly summary: { readonly availableOn: number; readonly of: number };
}

export interface CapabilityMatrix {
  readonly columns: readonly MatrixColumn[];
  readonly rows: readonly MatrixRow[];
}
