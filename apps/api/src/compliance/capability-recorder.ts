import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  EMPTY_POLICY,
  capabilityEvents,
  complianceEvents,
  credentialsRejectedEvent,
  evaluatePolicy,
  type CapabilityPolicy,
  type CapabilitySnapshot,
  type ComplianceResult,
  type DriftEventDraft,
} from '@platform/capabilities';
import type { NewEvent } from '@api/events/events.repository';
import type {
  AccountCompliance,
  MerchantAccountEntity,
} from '@api/merchant-accounts/merchant-account.entity';
import {
  MerchantAccountsRepository,
  type AccountStateChange,
} from '@api/merchant-accounts/merchant-accounts.repository';
import { ShopDocumentsService } from '@api/shop-documents/shop-documents.service';
import type { PreparedSnapshot } from '@api/snapshots/snapshot-store';
import { SnapshotStore } from '@api/snapshots/snapshot-store';
import { SnapshotsRepository } from '@api/snapshots/snapshots.repository';
import { EventPublisher } from '@api/webhooks/event-publisher';
import { PoliciesRepository } from './policies.repository';

export interface RecordContext {
  manager: EntityManager;
  /** The drift check (its job id) that read the account; null for onboarding. */
  driftCheckId?: string | null;
}

export interface RecordOutcome {
  /** False when the account was disabled meanwhile and nothing was written. */
  recorded: boolean;
  version: number;
  changed: boolean;
  compliant: boolean;
  events: number;
  /** CPU-bound time of diff + events + policy evaluation, in microseconds (for the benchmark). */
  evaluationMicros: number;
}

/**
 * Turns a fresh read of one account into its stored state, in the caller's transaction:
 * the snapshot version (only when content changed), the drift events against the previous
 * version, the compliance against the franchise policy, the account state, and the events
 * in the outbox. Onboarding and drift checks both go through here, so both tell the same story.
 */
@Injectable()
export class CapabilityRecorder {
  constructor(
    private readonly accounts: MerchantAccountsRepository,
    private readonly snapshots: SnapshotsRepository,
    private readonly store: SnapshotStore,
    private readonly policies: PoliciesRepository,
    private readonly publisher: EventPublisher,
    // The one place an account's snapshot, state and compliance change: its shops' documents follow here.
    private readonly shopDocuments: ShopDocumentsService,
  ) {}

  async record(
    tenantId: string,
    accountId: string,
    prepared: PreparedSnapshot,
    { manager, driftCheckId = null }: RecordContext,
  ): Promise<RecordOutcome> {
    // The row lock serialises recorders of one account (a drift cycle and a manual check).
    const account = await this.accounts.lockForUpdate(tenantId, accountId, manager);
    if (!account || account.state === 'disabled') {
      return {
        recorded: false,
        version: 0,
        changed: false,
        compliant: false,
        events: 0,
        evaluationMicros: 0,
      };
    }
    const previous = await this.snapshots.latest(tenantId, accountId, manager);
    const stored = await this.store.store(tenantId, accountId, prepared, manager);
    const policy = await this.policies.find(tenantId, account.franchiseId, manager);

    const started = process.hrtime.bigint();
    const drafts: DriftEventDraft[] =
      previous && stored.changed
        ? capabilityEvents(previous.snapshot as unknown as CapabilitySnapshot, prepared.snapshot)
        : [];
    const compliance = evaluatePolicy(prepared.snapshot, policy?.policy ?? EMPTY_POLICY);
    drafts.push(...complianceEvents(asResult(account.compliance), compliance));
    const evaluationMicros = Number(process.hrtime.bigint() - started) / 1000;

    await this.accounts.setState(
      tenantId,
      [accountId],
      {
        ...complianceState(compliance),
        latestSnapshotVersion: stored.version,
        lastReadAt: new Date(prepared.reads.readAt),
        compliance: complianceRecord(compliance, policy?.version ?? 0, stored.version),
      },
      manager,
    );
    await this.publisher.publish(
      tenantId,
      drafts.map((draft) =>
        toEvent(draft, account, {
          before: previous?.version ?? null,
          after: stored.version,
          driftCheckId,
        }),
      ),
      manager,
    );
    await this.shopDocuments.accountsChanged(tenantId, [accountId], manager);
    return {
      recorded: true,
      version: stored.version,
      changed: stored.changed,
      compliant: compliance.compliant,
      events: drafts.length,
      evaluationMicros,
    };
  }

  /**
   * Saferpay refused or failed to answer for good: the account's state says why. A first
   * rejection of the credentials is an event (later cycles skip rejected accounts).
   */
  async recordFailure(
    tenantId: string,
    accountId: string,
    failure: AccountStateChange,
    { manager, driftCheckId = null }: RecordContext,
  ): Promise<{ recorded: boolean; events: number }> {
    const account = await this.accounts.lockForUpdate(tenantId, accountId, manager);
    if (!account || account.state === 'disabled') return { recorded: false, events: 0 };
    const drafts =
      failure.state === 'credentials_rejected' && account.state !== 'credentials_rejected'
        ? [
            credentialsRejectedEvent(
              failure.stateReason ?? 'AUTHENTICATION_FAILED',
              failure.stateDetail ?? '',
            ),
          ]
        : [];
    await this.accounts.setState(tenantId, [accountId], failure, manager);
    const version = account.latestSnapshotVersion;
    await this.publisher.publish(
      tenantId,
      drafts.map((draft) =>
        toEvent(draft, account, { before: version, after: version, driftCheckId }),
      ),
      manager,
    );
    await this.shopDocuments.accountsChanged(tenantId, [accountId], manager);
    return { recorded: true, events: drafts.length };
  }

  /**
   * Judges an account's latest snapshot against a (new) policy: the compliance fields,
   * the ready / non_compliant state and the compliance events. Caller holds the row lock.
   */
  async reevaluate(
    tenantId: string,
    account: MerchantAccountEntity,
    snapshot: { version: number; snapshot: CapabilitySnapshot },
    policy: { policy: CapabilityPolicy; version: number },
    manager: EntityManager,
  ): Promise<{ events: number; compliant: boolean }> {
    const compliance = evaluatePolicy(snapshot.snapshot, policy.policy);
    const drafts = complianceEvents(asResult(account.compliance), compliance);
    await this.accounts.setState(
      tenantId,
      [account.id],
      {
        ...(account.state === 'ready' || account.state === 'non_compliant'
          ? complianceState(compliance)
          : { state: account.state }),
        compliance: complianceRecord(compliance, policy.version, snapshot.version),
      },
      manager,
    );
    await this.publisher.publish(
      tenantId,
      drafts.map((draft) =>
        toEvent(draft, account, {
          before: snapshot.version,
          after: snapshot.version,
          driftCheckId: null,
        }),
      ),
      manager,
    );
    await this.shopDocuments.accountsChanged(tenantId, [account.id], manager);
    return { events: drafts.length, compliant: compliance.compliant };
  }
}

function asResult(compliance: AccountCompliance | null): ComplianceResult | null {
  return compliance
    ? ({ compliant: compliance.compliant, gaps: compliance.gaps } as ComplianceResult)
    : null;
}

function complianceState(compliance: ComplianceResult): AccountStateChange {
  if (compliance.compliant) return { state: 'ready', stateReason: null, stateDetail: null };
  const shown = compliance.gaps.slice(0, 3).map((gap) => gap.message);
  const more = compliance.gaps.length - shown.length;
  return {
    state: 'non_compliant',
    stateReason: 'POLICY_GAPS',
    stateDetail: `The account lacks what the franchise requires: ${shown.join(' ')}${more > 0 ? ` (and ${more} more)` : ''}`,
  };
}

function complianceRecord(
  compliance: ComplianceResult,
  policyVersion: number,
  snapshotVersion: number,
): AccountCompliance {
  return {
    compliant: compliance.compliant,
    gaps: compliance.gaps.map((gap) => ({ ...gap })),
    policyVersion,
    snapshotVersion,
    evaluatedAt: new Date().toISOString(),
  };
}

function toEvent(
  draft: DriftEventDraft,
  account: Pick<MerchantAccountEntity, 'id' | 'franchiseId'>,
  versions: { before: number | null; after: number | null; driftCheckId: string | null },
): NewEvent {
  return {
    type: draft.type,
    franchiseId: account.franchiseId,
    accountId: account.id,
    subject: { ...draft.subject },
    before: draft.before ?? null,
    after: draft.after ?? null,
    summary: draft.summary,
    snapshotVersionBefore: versions.before,
    snapshotVersionAfter: versions.after,
    driftCheckId: versions.driftCheckId,
  };
}
