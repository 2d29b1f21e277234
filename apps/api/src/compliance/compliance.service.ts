import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  EMPTY_POLICY,
  normalizePolicy,
  validatePolicy,
  type CapabilityPolicy,
  type CapabilitySnapshot,
} from '@platform/capabilities';
import { ProblemException } from '@api/common/problem/problem.exception';
import { FranchisesService } from '@api/franchises/franchises.service';
import { MerchantAccountsRepository } from '@api/merchant-accounts/merchant-accounts.repository';
import { SnapshotsRepository } from '@api/snapshots/snapshots.repository';
import { EventPublisher } from '@api/webhooks/event-publisher';
import { CapabilityRecorder } from './capability-recorder';
import {
  FranchiseComplianceDto,
  PolicyDto,
  type PolicyEvaluationDto,
  type PutPolicyDto,
} from './dto/policy.dto';
import { PoliciesRepository } from './policies.repository';

/** A franchise's required capabilities and how its accounts measure up. */
@Injectable()
export class ComplianceService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly franchises: FranchisesService,
    private readonly policies: PoliciesRepository,
    private readonly accounts: MerchantAccountsRepository,
    private readonly snapshots: SnapshotsRepository,
    private readonly recorder: CapabilityRecorder,
    private readonly publisher: EventPublisher,
  ) {}

  async getPolicy(tenantId: string, franchiseId: string): Promise<PolicyDto> {
    await this.franchises.get(tenantId, franchiseId);
    const stored = await this.policies.find(tenantId, franchiseId);
    return PolicyDto.from(
      franchiseId,
      stored ?? { policy: EMPTY_POLICY, version: 0, updatedAt: null },
    );
  }

  /** Replaces the policy and judges every account of the franchise by it, in one transaction. */
  async putPolicy(tenantId: string, franchiseId: string, body: PutPolicyDto): Promise<PolicyDto> {
    await this.franchises.get(tenantId, franchiseId);
    const problems = validatePolicy(body);
    if (problems.length) {
      throw new ProblemException(
        'validationFailed',
        `The policy has ${problems.length} problem${problems.length === 1 ? '' : 's'}.`,
        problems.map((problem) => ({ pointer: problem.pointer, detail: problem.detail })),
      );
    }
    return this.write(tenantId, franchiseId, normalizePolicy(body));
  }

  /** Back to no requirements (a new, empty version): every readable account becomes ready. */
  async deletePolicy(tenantId: string, franchiseId: string): Promise<void> {
    await this.franchises.get(tenantId, franchiseId);
    await this.write(tenantId, franchiseId, EMPTY_POLICY);
  }

  async franchiseCompliance(
    tenantId: string,
    franchiseId: string,
  ): Promise<FranchiseComplianceDto> {
    await this.franchises.get(tenantId, franchiseId);
    const [stored, accounts] = await Promise.all([
      this.policies.find(tenantId, franchiseId),
      this.accounts.listForFranchise(tenantId, franchiseId),
    ]);
    const judged = accounts.filter((account) => account.compliance);
    const compliant = judged.filter((account) => account.compliance?.compliant).length;
    return {
      franchiseId,
      policyVersion: stored?.version ?? 0,
      summary: `${compliant} of ${judged.length} account${judged.length === 1 ? '' : 's'} meet the franchise policy${accounts.length > judged.length ? ` (${accounts.length - judged.length} not read yet)` : ''}.`,
      accounts: accounts.map((account) => ({
        accountId: account.id,
        label: account.label,
        state: account.state,
        compliance: account.compliance,
      })),
    };
  }

  private async write(
    tenantId: string,
    franchiseId: string,
    policy: CapabilityPolicy,
  ): Promise<PolicyDto> {
    const { version, evaluated } = await this.dataSource.transaction(async (manager) => {
      const written = await this.policies.save(tenantId, franchiseId, policy, manager);
      return {
        version: written,
        evaluated: await this.reevaluateFranchise(
          tenantId,
          franchiseId,
          { policy, version: written },
          manager,
        ),
      };
    });
    this.publisher.wake();
    const stored = await this.policies.find(tenantId, franchiseId);
    return PolicyDto.from(franchiseId, stored ?? { policy, version, updatedAt: null }, evaluated);
  }

  private async reevaluateFranchise(
    tenantId: string,
    franchiseId: string,
    policy: { policy: CapabilityPolicy; version: number },
    manager: EntityManager,
  ): Promise<PolicyEvaluationDto> {
    const accounts = await this.accounts.lockForFranchise(tenantId, franchiseId, manager);
    const readable = accounts.filter((account) => account.latestSnapshotVersion !== null);
    const latest = await this.snapshots.latestForAccounts(
      tenantId,
      readable.map((account) => account.id),
      manager,
    );
    const byAccount = new Map(latest.map((row) => [row.accountId, row]));
    const result = { accounts: 0, compliant: 0, nonCompliant: 0, events: 0 };
    for (const account of readable) {
      const snapshot = byAccount.get(account.id);
      if (!snapshot) continue;
      const outcome = await this.recorder.reevaluate(
        tenantId,
        account,
        { version: snapshot.version, snapshot: snapshot.snapshot as unknown as CapabilitySnapshot },
        policy,
        manager,
      );
      result.events += outcome.events;
      result.accounts += 1;
      if (outcome.compliant) result.compliant += 1;
      else result.nonCompliant += 1;
    }
    return result;
  }
}
