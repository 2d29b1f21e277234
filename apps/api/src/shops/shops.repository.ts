import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import type { CursorPosition } from '@platform/pagination';
import { keysetPage } from '@api/common/database/keyset-page';
import { ShopEntity } from './shop.entity';

export type ShopValues = Pick<
  ShopEntity,
  'franchiseId' | 'accountId' | 'terminalId' | 'name' | 'sourceUrls'
>;

/** Data access only; every method is scoped by the tenant id it is given. */
@Injectable()
export class ShopsRepository {
  constructor(@InjectRepository(ShopEntity) private readonly repo: Repository<ShopEntity>) {}

  private repository(manager?: EntityManager): Repository<ShopEntity> {
    return manager?.getRepository(ShopEntity) ?? this.repo;
  }

  insert(tenantId: string, values: ShopValues): Promise<ShopEntity> {
    return this.repo.save(this.repo.create({ ...values, tenantId }));
  }

  findById(tenantId: string, id: string, manager?: EntityManager): Promise<ShopEntity | null> {
    return this.repository(manager).findOneBy({ tenantId, id });
  }

  listPage(
    tenantId: string,
    franchiseId: string,
    options: { limit: number; after?: CursorPosition },
  ): Promise<ShopEntity[]> {
    const query = this.repo
      .createQueryBuilder('shop')
      .where('shop.tenant_id = :tenantId AND shop.franchise_id = :franchiseId', {
        tenantId,
        franchiseId,
      });
    return keysetPage(query, options).getMany();
  }

  async update(
    tenantId: string,
    id: string,
    values: Partial<ShopValues>,
    manager?: EntityManager,
  ): Promise<void> {
    await this.repository(manager).update({ tenantId, id }, values);
  }

  async delete(tenantId: string, id: string, manager?: EntityManager): Promise<boolean> {
    const result = await this.repository(manager).delete({ tenantId, id });
    return (result.affected ?? 0) > 0;
  }
}
