import { Injectable } from '@nestjs/common';
import {
  describeRow,
  diff,
  diffSummary,
  matrix,
  matrixToCsv,
  type CapabilityMatrix,
  type CapabilitySnapshot,
  type MatrixFilters,
} from '@platform/capabilities';
import { notFound, ProblemException } from '@api/common/problem/problem.exception';
import { FranchisesService } from '@api/franchises/franchises.service';
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

/** Reads of stored snapshots: versions, diffs and the franchise matrix. */
@Injectable()
export class CapabilitiesService {
  constructor(
    private readonly snapshots: SnapshotsRepository,
    private readonly accounts: MerchantAccountsRepository,
    private readonly franchises: FranchisesService,
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
    const built = await this.buildMatrix(tenantId, franchiseId, query);
    return {
      franchiseId,
      columns: built.columns.map((column) => ({ ...column, terminals: [...column.terminals] })),
      rows: built.rows.map((row) => ({
        ...row,
        cells: row.cells.map((cell) => (cell ? { ...cell, terminals: [...cell.terminals] } : null)),
        summary: { ...row.summary, sentence: describeRow(row) },
      })),
    };
  }

  async matrixCsv(tenantId: string, franchiseId: string, query: MatrixQueryDto): Promise<string> {
    return matrixToCsv(await this.buildMatrix(tenantId, franchiseId, query));
  }

  private async buildMatrix(
    tenantId: string,
    franchiseId: string,
    query: MatrixQueryDto,
  ): Promise<CapabilityMatrix> {
    await this.franchises.get(tenantId, franchiseId);
    const accounts = await this.accounts.listForFranchise(tenantId, franchiseId);
    const latest = new Map(
      (
        await this.snapshots.latestForAccounts(
          tenantId,
          accounts.map((a) => a.id),
        )
      ).map((s) => [s.accountId, s]),
    );
    const filters: MatrixFilters = {
      ...(query.paymentMethod ? { paymentMethod: query.paymentMethod } : {}),
      ...(query.currency ? { currency: query.currency } : {}),
      ...(query.wallet ? { wallet: query.wallet } : {}),
      ...(query.feature ? { feature: query.feature } : {}),
      ...(query.terminalType ? { terminalType: query.terminalType } : {}),
      ...(query.accountState ? { accountState: query.accountState } : {}),
    };
    return matrix(
      accounts.flatMap((account) => {
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
      }),
      filters,
    );
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

function contentOf(entity: CapabilitySnapshotEntity): CapabilitySnapshot {
  return entity.snapshot as unknown as CapabilitySnapshot;
}
