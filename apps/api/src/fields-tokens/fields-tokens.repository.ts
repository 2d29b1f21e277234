import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, LessThan, Repository, type EntityManager } from 'typeorm';
import type { CursorPosition } from '@platform/pagination';
import { keysetPage } from '@api/common/database/keyset-page';
import { FieldsTokenEntity, type FieldsTokenState } from './fields-token.entity';

export type NewFieldsToken = Pick<
  FieldsTokenEntity,
  | 'id'
  | 'shopId'
  | 'accountId'
  | 'terminalId'
  | 'requestId'
  | 'description'
  | 'sourceUrls'
  | 'replacesId'
>;

export type FieldsTokenChange = Partial<
  Pick<
    FieldsTokenEntity,
    | 'state'
    | 'tokenCiphertext'
    | 'tokenHint'
    | 'lastError'
    | 'activatedAt'
    | 'retireAfter'
    | 'revokedAt'
  >
>;

/** Data access only; every method is scoped by the tenant id it is given (the sweep's finders excepted: they list work across tenants). */
@Injectable()
export class FieldsTokensRepository {
  constructor(
    @InjectRepository(FieldsTokenEntity) private readonly repo: Repository<FieldsTokenEntity>,
  ) {}

  private repository(manager?: EntityManager): Repository<FieldsTokenEntity> {
    return manager?.getRepository(FieldsTokenEntity) ?? this.repo;
  }

  insert(
    tenantId: string,
    values: NewFieldsToken,
    manager?: EntityManager,
  ): Promise<FieldsTokenEntity> {
    const repo = this.repository(manager);
    return repo.save(repo.create({ ...values, tenantId, state: 'provisioning' }));
  }

  findById(
    tenantId: string,
    id: string,
    manager?: EntityManager,
  ): Promise<FieldsTokenEntity | null> {
    return this.repository(manager).findOneBy({ tenantId, id });
  }

  findForShop(
    tenantId: string,
    shopId: string,
    states: FieldsTokenState[],
    manager?: EntityManager,
  ): Promise<FieldsTokenEntity[]> {
    return this.repository(manager).find({
      where: { tenantId, shopId, state: In(states) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  listPage(
    tenantId: string,
    shopId: string,
    options: { limit: number; after?: CursorPosition },
  ): Promise<FieldsTokenEntity[]> {
    const query = this.repo
      .createQueryBuilder('token')
      .where('token.tenant_id = :tenantId AND token.shop_id = :shopId', { tenantId, shopId });
    return keysetPage(query, { ...options, order: 'DESC' }).getMany();
  }

  /**
   * Moves a token to a new state only from one of the expected states, so two
   * workers never both act on it; true when this call made the change.
   */
  async transition(
    tenantId: string,
    id: string,
    from: FieldsTokenState[],
    change: FieldsTokenChange,
    manager?: EntityManager,
  ): Promise<boolean> {
    const result = await this.repository(manager).update({ tenantId, id, state: In(from) }, change);
    return (result.affected ?? 0) > 0;
  }

  async setShopTokensState(
    tenantId: string,
    shopId: string,
    from: FieldsTokenState[],
    change: FieldsTokenChange,
    manager: EntityManager,
  ): Promise<string[]> {
    const rows = await this.findForShop(tenantId, shopId, from, manager);
    if (rows.length) {
      await this.repository(manager).update({ tenantId, id: In(rows.map((r) => r.id)) }, change);
    }
    return rows.map((r) => r.id);
  }

  /**
   * Whether any other live token (not revoked or failed) of ours exists on this
   * Saferpay terminal, across accounts and tenants that registered the same
   * customer: the safety check before a terminal-level delete.
   */
  async otherLiveOnTerminal(
    token: Pick<FieldsTokenEntity, 'id' | 'terminalId'>,
    customerId: string,
    environment: string,
  ): Promise<boolean> {
    const count = await this.repo
      .createQueryBuilder('token')
      .innerJoin('merchant_accounts', 'account', 'account.id = token.account_id')
      .where('account.customer_id = :customerId AND account.environment = :environment', {
        customerId,
        environment,
      })
      .andWhere('token.terminal_id = :terminalId AND token.id <> :id', {
        terminalId: token.terminalId,
        id: token.id,
      })
      .andWhere("token.state NOT IN ('revoked', 'failed')")
      .getCount();
    return count > 0;
  }

  /** Sweep: `provisioning` intents untouched since `before`, across tenants. */
  staleProvisioning(before: Date, manager?: EntityManager): Promise<FieldsTokenEntity[]> {
    return this.repository(manager).findBy({ state: 'provisioning', updatedAt: LessThan(before) });
  }

  /** Sweep: `retiring` tokens whose grace ended, and every `revoking` one, across tenants. */
  async dueDeletions(now: Date, manager?: EntityManager): Promise<FieldsTokenEntity[]> {
    const repo = this.repository(manager);
    return [
      ...(await repo.findBy({ state: 'retiring', retireAfter: LessThan(now) })),
      ...(await repo.findBy({ state: 'revoking' })),
    ];
  }

  /** Sweep: active tokens activated before `before` (maximum age), across tenants. */
  activeOlderThan(before: Date, manager?: EntityManager): Promise<FieldsTokenEntity[]> {
    return this.repository(manager).findBy({ state: 'active', activatedAt: LessThan(before) });
  }
}
