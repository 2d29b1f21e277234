/**
 * Drift events: what the drift cycle records (and notifies about) when an account's
 * capabilities change between two snapshots, when its compliance with the franchise policy
 * changes, or when Saferpay rejects its API credentials. Drafts only: the caller adds ids,
 * account, timestamps and stores them.
 */
import { diff } from './diff';
import { compareText } from './order';
import { gapKey, type ComplianceResult, type PolicyGap } from './policy';
import { describeChange } from './summary';
import type { CapabilityChange, CapabilitySnapshot, ChangeKind, ChangeValue } from './types';

export const DRIFT_EVENT_TYPES = [
  'capability.removed',
  'capability.added',
  'terminal.added',
  'terminal.removed',
  'license.changed',
  'compliance.violated',
  'compliance.restored',
  'credentials.rejected',
] as const;
export type DriftEventType = (typeof DRIFT_EVENT_TYPES)[number];

export interface DriftEventDraft {
  readonly type: DriftEventType;
  readonly subject: {
    readonly kind: ChangeKind | 'compliance' | 'credentials';
    readonly code: string;
    readonly terminalKey?: string;
    readonly paymentMethod?: string;
    readonly currency?: string;
  };
  readonly before: ChangeValue | null;
  readonly after: ChangeValue | null;
  /** One English sentence, e.g. "TWINT was removed from terminal 17812345 (ECOM)." */
  readonly summary: string;
}

// ---------------------------------------------------------------------------
// Capability events
// ---------------------------------------------------------------------------

const licenseValue = (snapshot: CapabilitySnapshot): ChangeValue => ({
  package: {
    id: snapshot.license.package.id,
    displayName: snapshot.license.package.displayName,
  },
  features: snapshot.license.features.map((feature) => feature.id).sort(compareText),
});

function stringField(value: ChangeValue | undefined, name: string): string | null {
  if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) {
    return null;
  }
  const field = (value as { readonly [key: string]: ChangeValue })[name];
  return typeof field === 'string' ? field : null;
}

const named = (value: string | null): string => (value === null ? '(none)' : `"${value}"`);

/** The clause of a license summary for one package or feature change. */
function licenseClause(change: CapabilityChange): string {
  if (change.kind === 'package') {
    const [was, now] = [stringField(change.before, 'id'), stringField(change.after, 'id')];
    if (was !== now) return `package changed from ${was ?? '(none)'} to ${now ?? '(none)'}`;
    const [wasName, nowName] = [
      stringField(change.before, 'displayName'),
      stringField(change.after, 'displayName'),
    ];
    return `package ${now ?? '(none)'} renamed from ${named(wasName)} to ${named(nowName)}`;
  }
  if (change.change === 'changed') {
    const [wasName, nowName] = [
      stringField(change.before, 'displayName'),
      stringField(change.after, 'displayName'),
    ];
    return `feature ${change.code} renamed from ${named(wasName)} to ${named(nowName)}`;
  }
  return `feature ${change.code} ${change.change}`;
}

/** The subject of a change, leaving out absent fields so events serialise cleanly. */
function subjectOf(change: CapabilityChange): DriftEventDraft['subject'] {
  return {
    kind: change.kind,
    code: change.code,
    ...(change.terminalKey === undefined ? {} : { terminalKey: change.terminalKey }),
    ...(change.paymentMethod === undefined ? {} : { paymentMethod: change.paymentMethod }),
    ...(change.currency === undefined ? {} : { currency: change.currency }),
  };
}

/**
 * Events for the change from `before` to `after`, in the order of `changes` (by default
 * `diff(before, after)`), the single license event first. `changed` changes of terminals,
 * methods, wallets and page configs (descriptions, logos, default flag) are cosmetic and
 * yield no event.
 */
export function capabilityEvents(
  before: CapabilitySnapshot,
  after: CapabilitySnapshot,
  changes: readonly CapabilityChange[] = diff(before, after),
): DriftEventDraft[] {
  const license: CapabilityChange[] = [];
  const events: DriftEventDraft[] = [];
  for (const change of changes) {
    switch (change.kind) {
      case 'package':
      case 'feature':
        license.push(change);
        break;
      case 'terminal':
        if (change.change === 'changed') break;
        events.push({
          type: change.change === 'added' ? 'terminal.added' : 'terminal.removed',
          subject: { kind: 'terminal', code: change.code, terminalKey: change.code },
          before: change.before ?? null,
          after: change.after ?? null,
          summary: describeChange(change),
        });
        break;
      case 'payment_method':
      case 'currency':
      case 'wallet':
      case 'payment_page_config':
        if (change.change === 'changed') break;
        events.push({
          type: change.change === 'added' ? 'capability.added' : 'capability.removed',
          subject: subjectOf(change),
          before: change.before ?? null,
          after: change.after ?? null,
          summary: describeChange(change),
        });
        break;
    }
  }
  if (license.length === 0) return events;
  const clauses = license.map(licenseClause).join(', ');
  return [
    {
      type: 'license.changed',
      subject: { kind: 'feature', code: 'license' },
      before: licenseValue(before),
      after: licenseValue(after),
      summary: `License changed: ${clauses}.`,
    },
    ...events,
  ];
}

// ---------------------------------------------------------------------------
// Compliance events
// ---------------------------------------------------------------------------

/** A gap as a JSON value (absent optional fields left out). */
function gapValue(gap: PolicyGap): ChangeValue {
  return {
    kind: gap.kind,
    code: gap.code,
    ...(gap.terminalType === undefined ? {} : { terminalType: gap.terminalType }),
    ...(gap.paymentMethod === undefined ? {} : { paymentMethod: gap.paymentMethod }),
    ...(gap.currency === undefined ? {} : { currency: gap.currency }),
    message: gap.message,
  };
}

/** A short noun phrase for a gap, for one-sentence summaries. */
function gapPhrase(gap: PolicyGap): string {
  switch (gap.kind) {
    case 'feature':
      return `license feature ${gap.code}`;
    case 'payment_method':
      return `${gap.code} on ${gap.terminalType ?? '?'} terminals`;
    case 'currency':
      return `${gap.code} for ${gap.paymentMethod ?? '?'} on ${gap.terminalType ?? '?'} terminals`;
    case 'wallet':
      return `wallet ${gap.code} on ${gap.terminalType ?? '?'} terminals`;
    case 'payment_page_config':
      return `payment page config "${gap.code}"`;
  }
}

/** At most this many gaps are named in a summary; the rest are counted. */
const NAMED_GAPS = 5;

function listGaps(gaps: readonly PolicyGap[]): string {
  const phrases = gaps.slice(0, NAMED_GAPS).map(gapPhrase);
  if (gaps.length > NAMED_GAPS) phrases.push(`${gaps.length - NAMED_GAPS} more`);
  return phrases.length === 1
    ? phrases[0]
    : `${phrases.slice(0, -1).join(', ')} and ${phrases[phrases.length - 1]}`;
}

/**
 * `compliance.violated` when `after` has a gap `before` did not (a null `before` has none),
 * `compliance.restored` when a non-compliant `before` became compliant; otherwise nothing
 * (a violation that only shrinks or stays the same is not news).
 */
export function complianceEvents(
  before: ComplianceResult | null,
  after: ComplianceResult,
): DriftEventDraft[] {
  const known = new Set((before?.gaps ?? []).map(gapKey));
  const fresh = after.gaps.filter((gap) => !known.has(gapKey(gap)));
  if (!after.compliant && fresh.length > 0) {
    return [
      {
        type: 'compliance.violated',
        subject: { kind: 'compliance', code: 'policy' },
        before: before === null ? null : before.gaps.map(gapValue),
        after: after.gaps.map(gapValue),
        summary: `Policy violated: the account now lacks ${listGaps(fresh)}.`,
      },
    ];
  }
  if (before !== null && !before.compliant && after.compliant) {
    return [
      {
        type: 'compliance.restored',
        subject: { kind: 'compliance', code: 'policy' },
        before: before.gaps.map(gapValue),
        after: [],
        summary: 'The account meets its policy again.',
      },
    ];
  }
  return [];
}

// ---------------------------------------------------------------------------
// Credentials
// ---------------------------------------------------------------------------

/** Saferpay refused the account's API credentials (e.g. reason `unauthorized`). */
export function credentialsRejectedEvent(reason: string, detail: string): DriftEventDraft {
  // Drop trailing dots so the sentence ends with exactly one (a loop: no regex backtracking).
  let text = detail.trim();
  while (text.endsWith('.')) text = text.slice(0, -1).trimEnd();
  return {
    type: 'credentials.rejected',
    subject: { kind: 'credentials', code: reason },
    before: null,
    after: { reason, detail },
    summary:
      text === ''
        ? `Saferpay rejected the account's API credentials (${reason}).`
        : `Saferpay rejected the account's API credentials (${reason}): ${text}.`,
  };
}
