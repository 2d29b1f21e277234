import { Injectable } from '@nestjs/common';
import {
  EMPTY_POLICY,
  isRequiredRow,
  type CapabilityPolicy,
  describeRow,
  diff,
  diffSummary,
  matrix,
  matrixToCsv,
  type CapabilitySnapshot,
  type MatrixAccountInput,
  type MatrixFilters,
} from '@platform/capabilities';
import { notFound, ProblemException } from '@api/common/problem/problem.exception';
import { PoliciesRepository } from '@api/compliance/policies.repository';
import { FranchisesService } from '@api/franchises/franchises.service';
import type { AccountCompliance } from '@api/merchant-accounts/merchant-account.entity';
import { MerchantAccountsRepository } from '@api/merchant-accounts/merchant-accounts.repository';
import type { CapabilitySnapshotEntity } from '@api/snapshots/capability-snapshot.entity';
import { SnapshotsRepository } from '@api/snapshots/snapshots.repository';
import {
  CapabilityMatrixDto,
  MatrixQueryDto,
  SnapshotDiffDto,
  SnapshotDto,
  SnapshotVersionDto,
  SnapshotVersionListDto,
} from './dto/capabilities.dto';
import { MatrixCache } from './matrix-cache';

/** Reads of stored snapshots: versions, diffs and the franchise matrix. */
@Injectable()
export class CapabilitiesService {
  constructor(
    private readonly snapshots: SnapshotsRepository,
    private readonly accounts: MerchantAccountsRepository,
    private readonly franchises: FranchisesService,
    private readonly cache: MatrixCache,
    private readonly policies: PoliciesRepository,
  ) {}

  async listVersions(tenantId: string, accountId: string): Promise<SnapshotVersionListDto> {
    await this.requireAccount(tenantId, accountId);
    return {
      items: (await this.snapshots.listVersions(tenantId, accountId)).map((s) =>
        SnapshotVersionDto.from(s),
      ),
    };
  }

  async latest(tenantId: string, accountId: string): Promise<SnapshotDto> {
    await this.requireAccount(tenantId, accountId);
    const snapshot = await this.snapshots.latest(tenantId, accountId);
    if (!snapshot)
      throw new ProblemException(
        'notFound',
        `Merchant account ${accountId} has not been read yet.`,
      );
    return SnapshotDto.withContent(snapshot);
  }

  async version(tenantId: string, accountId: string, version: number): Promise<SnapshotDto> {
    return SnapshotDto.withContent(await this.requireVersion(tenantId, accountId, version));
  }

  async diff(
    tenantId: string,
    accountId: string,
    from: number,
    to: number,
  ): Promise<SnapshotDiffDto> {
    const [a, b] = [
      await this.requireVersion(tenantId, accountId, from),
      await this.requireVersion(tenantId, accountId, to),
    ];
    const changes = diff(contentOf(a), contentOf(b));
    return { from, to, changes: changes.map((c) => ({ ...c })), summary: diffSummary(changes) };
  }

  async matrix(
    tenantId: string,
    franchiseId: string,
    query: MatrixQueryDto,
  ): Promise<CapabilityMatrixDto> {
    const { key, load, policy, complianceOf } = await this.matrixSource(
      tenantId,
      franchiseId,
      query,
    );
    return this.cache.getOrBuild(`json|${key}`, async () => {
      const built = matrix(await load(), filtersOf(query));
      const compliance = built.columns.map((column) => complianceOf(column.accountId));
      const compliant = compliance.filter((c) => c?.compliant).length;
      return {
        franchiseId,
        columns: built.columns.map((column, index) => ({
          ...column,
          terminals: [...column.terminals],
          compliance: compliance[index],
        })),
        rows: built.rows.map((row) => ({
          ...row,
          cells: row.cells.map((cell) =>
            cell ? { ...cell, terminals: [...cell.terminals] } : null,
          ),
          summary: { ...row.summary, sentence: describeRow(row) },
          required: isRequiredRow(row, policy.policy),
        })),
        compliance: {
          policyVersion: policy.version,
          compliant,
          of: built.columns.length,
          sentence: `${compliant} of ${built.columns.length} account${built.columns.length === 1 ? '' : 's'} meet the franchise policy.`,
        },
      };
    });
  }

  async matrixCsv(tenantId: string, franchiseId: string, query: MatrixQueryDto): Promise<string> {
    const { key, load, complianceOf } = await this.matrixSource(tenantId, franchiseId, query);
    return this.cache.getOrBuild(`csv|${key}`, async () => {
      const built = matrix(await load(), filtersOf(query));
      return matrixToCsv(built, {
        compliance: built.columns.map((column) => complianceOf(column.accountId)),
      });
    });
  }

  /**
   * The cache key of a franchise's matrix and a loader of its inputs. Only the
   * account list is read up front; the snapshots are loaded on a cache miss.
   */
  private async matrixSource(
    tenantId: string,
    franchiseId: string,
    query: MatrixQueryDto,
  ): Promise<{
    key: string;
    load: () => Promise<MatrixAccountInput[]>;
    policy: { policy: CapabilityPolicy; version: number };
    complianceOf: (accountId: string) => AccountCompliance | null;
  }> {
    await this.franchises.get(tenantId, franchiseId);
    const [accounts, stored] = await Promise.all([
      this.accounts.listForFranchise(tenantId, franchiseId),
      this.policies.find(tenantId, franchiseId),
    ]);
    const policy = stored ?? { policy: EMPTY_POLICY, version: 0 };
    const byId = new Map(accounts.map((account) => [account.id, account.compliance]));
    const complianceOf = (accountId: string) => byId.get(accountId) ?? null;
    const key = `${tenantId}|${franchiseId}|${JSON.stringify(filtersOf(query))}|${policy.version}|${MatrixCache.fingerprint(accounts)}`;
    const load = async (): Promise<MatrixAccountInput[]> => {
      const latest = new Map(
        (
          await this.snapshots.latestForAccounts(
            tenantId,
            accounts.map((a) => a.id),
          )
        ).map((s) => [s.accountId, s]),
      );
      return accounts.flatMap((account) => {
        const snapshot = latest.get(account.id);
        return snapshot
          ? [
              {
                accountId: account.id,
                label: account.label,
                state: account.state,
                snapshot: contentOf(snapshot),
              },
            ]
          : [];
      });
    };
    return { key, load, policy, complianceOf };
  }

  private async requireAccount(tenantId: string, accountId: string): Promise<void> {
    if (!(await this.accounts.findById(tenantId, accountId)))
      throw notFound('Merchant account', accountId);
  }

  private async requireVersion(
    tenantId: string,
    accountId: string,
    version: number,
  ): Promise<CapabilitySnapshotEntity> {
    await this.requireAccount(tenantId, accountId);
    const snapshot = await this.snapshots.findVersion(tenantId, accountId, version);
    if (!snapshot)
      throw new ProblemException(
        'notFound',
        `Merchant account ${accountId} has no snapshot version ${version}.`,
      );
    return snapshot;
  }
}

function filtersOf(query: MatrixQueryDto): MatrixFilters {
  return {
    ...(query.paymentMethod ? { paymentMethod: query.paymentMethod } : {}),
    ...(query.currency ? { currency: query.currency } : {}),
    ...(query.wallet ? { wallet: query.wallet } : {}),
    ...(query.feature ? { feature: query.feature } : {}),
    ...(query.terminalType ? { terminalType: query.terminalType } : {}),
    ...(query.accountState ? { accountState: query.accountState } : {}),
  };
}

function contentOf(entity: Pick<CapabilitySnapshotEntity, 'snapshot'>): CapabilitySnapshot {
  return entity.snapshot as unknown as CapabilitySnapshot;
}
