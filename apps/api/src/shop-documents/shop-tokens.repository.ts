import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { ShopEntity } from '@api/shops/shop.entity';
import { ShopTokenEntity } from './shop-token.entity';

/** The columns the hot path needs of a token. */
export interface ShopTokenRef {
  tokenId: string;
  tenantId: string;
  shopId: string;
}

/** Data access only; every method is scoped by the tenant id it is given (the hash lookup excepted). */
@Injectable()
export class ShopTokensRepository {
  constructor(
    @InjectRepository(ShopTokenEntity) private readonly repo: Repository<ShopTokenEntity>,
    @InjectRepository(ShopEntity) private readonly shops: Repository<ShopEntity>,
  ) {}

  /** Deliberately not tenant-scoped: the hash is how the tenant is found. One indexed row, no join. */
  async findActiveByHash(tokenHash: string): Promise<ShopTokenRef | undefined> {
    const row = await this.repo.findOne({
      where: { tokenHash, revokedAt: IsNull() },
      select: { id: true, tenantId: true, shopId: true },
    });
    return row ? { tokenId: row.id, tenantId: row.tenantId, shopId: row.shopId } : undefined;
  }

  shopExists(tenantId: string, shopId: string): Promise<boolean> {
    return this.shops.existsBy({ tenantId, id: shopId });
  }

  create(
    tenantId: string,
    values: Pick<ShopTokenEntity, 'shopId' | 'name' | 'tokenHash' | 'hint'>,
  ): Promise<ShopTokenEntity> {
    return this.repo.save(
      this.repo.create({ ...values, tenantId, lastUsedAt: null, revokedAt: null }),
    );
  }

  listForShop(tenantId: string, shopId: string): Promise<ShopTokenEntity[]> {
    return this.repo.find({
      where: { tenantId, shopId },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
  }

  findForTenant(tenantId: string, id: string): Promise<ShopTokenEntity | null> {
    return this.repo.findOneBy({ tenantId, id });
  }

  async revoke(tenantId: string, id: string, at: Date): Promise<void> {
    await this.repo.update({ tenantId, id, revokedAt: IsNull() }, { revokedAt: at });
  }

  /**
   * Last-used times of many tokens in one statement; never moves a time backwards
   * (another replica may have written a later one).
   */
  async recordLastUsed(usage: Map<string, Date>): Promise<void> {
    if (!usage.size) return;
    await this.repo.query(
      `UPDATE shop_tokens AS t SET last_used_at = u.at
         FROM unnest($1::uuid[], $2::timestamptz[]) AS u(id, at)
        WHERE t.id = u.id AND (t.last_used_at IS NULL OR t.last_used_at < u.at)`,
      [[...usage.keys()], [...usage.values()].map((at) => at.toISOString())],
    );
  }
}
