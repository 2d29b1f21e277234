import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, type EntityManager } from 'typeorm';
import type { CursorPosition } from '@platform/pagination';
import { keysetPage } from '@api/common/database/keyset-page';
import {
  MerchantAccountEntity,
  type AccountCompliance,
  type AccountState,
} from './merchant-account.entity';

export type NewMerchantAccount = Pick<
  MerchantAccountEntity,
  'id' | 'franchiseId' | 'customerId' | 'environment' | 'label' | 'credentialsCiphertext'
>;

export interface AccountStateChange {
  state: AccountState;
  stateReason?: string | null;
  stateDetail?: string | null;
  latestSnapshotVersion?: number;
  lastReadAt?: Date;
  compliance?: AccountCompliance | null;
}

/** Data access only; every method is scoped by the tenant id it is given. */
@Injectable()
export class MerchantAccountsRepository {
  constructor(
    @InjectRepository(MerchantAccountEntity)
    private readonly repo: Repository<MerchantAccountEntity>,
  ) {}

  private repository(manager?: EntityManager): Repository<MerchantAccountEntity> {
    return manager?.getRepository(MerchantAccountEntity) ?? this.repo;
  }

  async insertMany(
    tenantId: string,
    accounts: NewMerchantAccount[],
    manager: EntityManager,
  ): Promise<MerchantAccountEntity[]> {
    const repo = this.repository(manager);
    return repo.save(
      accounts.map((account) => repo.create({ ...account, tenantId, state: 'pending' })),
    );
  }

  findById(
    tenantId: string,
    id: string,
    manager?: EntityManager,
  ): Promise<MerchantAccountEntity | null> {
    return this.repository(manager).findOneBy({ tenantId, id });
  }

  findByIds(
    tenantId: string,
    ids: string[],
    manager?: EntityManager,
  ): Promise<MerchantAccountEntity[]> {
    return ids.length
      ? this.repository(manager).findBy({ tenantId, id: In(ids) })
      : Promise.resolve([]);
  }

  /** Reads the row and locks it until the transaction ends (recorders of one account take turns). */
  lockForUpdate(
    tenantId: string,
    id: string,
    manager: EntityManager,
  ): Promise<MerchantAccountEntity | null> {
    return this.repository(manager).findOne({
      where: { tenantId, id },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** Every account of a franchise, locked until the transaction ends. */
  lockForFranchise(
    tenantId: string,
    franchiseId: string,
    manager: EntityManager,
  ): Promise<MerchantAccountEntity[]> {
    return this.repository(manager).find({
      where: { tenantId, franchiseId },
      order: { createdAt: 'ASC', id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
  }

  listForFranchise(tenantId: string, franchiseId: string): Promise<MerchantAccountEntity[]> {
    return this.repo.find({
      where: { tenantId, franchiseId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  listPage(
    tenantId: string,
    franchiseId: string,
    options: { limit: number; after?: CursorPosition; state?: AccountState },
  ): Promise<MerchantAccountEntity[]> {
    const query = this.repo
      .createQueryBuilder('account')
      .where('account.tenant_id = :tenantId AND account.franchise_id = :franchiseId', {
        tenantId,
        franchiseId,
      });
    if (options.state) query.andWhere('account.state = :state', { state: options.state });
    return keysetPage(query, { limit: options.limit, after: options.after }).getMany();
  }

  async update(
    tenantId: string,
    id: string,
    values: Partial<Pick<MerchantAccountEntity, 'label' | 'credentialsCiphertext'>> &
      Partial<AccountStateChange>,
    manager?: EntityManager,
  ): Promise<void> {
    await this.repository(manager).update({ tenantId, id }, values);
  }

  async setState(
    tenantId: string,
    ids: string[],
    change: AccountStateChange,
    manager?: EntityManager,
  ): Promise<void> {
    if (ids.length) await this.repository(manager).update({ tenantId, id: In(ids) }, change);
  }

  /** Ids of accounts in the given states, of the tenant or one franchise or one account. */
  async listIdsInStates(
    tenantId: string,
    states: readonly AccountState[],
    scope: { franchiseId?: string; accountId?: string },
    manager?: EntityManager,
  ): Promise<string[]> {
    const rows = await this.repository(manager).find({
      select: { id: true },
      where: {
        tenantId,
        state: In([...states]),
        ...(scope.franchiseId ? { franchiseId: scope.franchiseId } : {}),
        ...(scope.accountId ? { id: scope.accountId } : {}),
      },
      order: { id: 'ASC' },
    });
    return rows.map((row) => row.id);
  }

  countForFranchise(tenantId: string, franchiseId: string): Promise<number> {
    return this.repo.countBy({ tenantId, franchiseId });
  }
}
