import { Injectable } from '@nestjs/common';
import { AppConfig } from '@api/config/app-config';
import { ClusterNotifications } from '@api/database/cluster-notifications';
import { TtlCache } from './ttl-cache';
import { ShopTokensRepository, type ShopTokenRef } from './shop-tokens.repository';

const MAX_CACHED_TOKENS = 50_000;

/** Revoked shop tokens, by token id: every replica forgets them. */
export const SHOP_TOKENS_REVOKED = 'shop-tokens.revoked';
/** Deleted shops, by shop id: every replica forgets their tokens. */
export const SHOPS_DELETED = 'shops.deleted';

/**
 * Token hash → shop, remembered for SHOP_TOKEN_CACHE_TTL_MS so the hot path skips the
 * database. A revocation forgets the token at once in this process and, through a cluster
 * notice, on the other replicas (within the TTL should the notice be lost). Unknown hashes
 * are not remembered: a token issued on another replica works at once.
 */
@Injectable()
export class ShopTokenResolver {
  private readonly cache: TtlCache<string, ShopTokenRef>;
  private readonly refreshing = new Set<string>();

  constructor(
    config: AppConfig,
    private readonly tokens: ShopTokensRepository,
    cluster: ClusterNotifications,
  ) {
    this.cache = new TtlCache(MAX_CACHED_TOKENS, config.SHOP_TOKEN_CACHE_TTL_MS);
    const forgetAll = () => this.cache.deleteWhere(() => true);
    cluster.subscribe(SHOP_TOKENS_REVOKED, {
      onIds: (ids) => ids.forEach((id) => this.forgetToken(id)),
      onResync: forgetAll,
    });
    cluster.subscribe(SHOPS_DELETED, {
      onIds: (ids) => this.forgetShops(new Set(ids)),
      onResync: forgetAll,
    });
  }

  /**
   * Synchronous: the remembered answer while fresh. Past half its TTL it is re-read in the
   * background, so a busy token never expires: a revocation elsewhere still counts within the TTL.
   */
  peek(tokenHash: string): ShopTokenRef | undefined {
    const hit = this.cache.lookup(tokenHash);
    if (hit?.refreshDue && !this.refreshing.has(tokenHash)) {
      this.refreshing.add(tokenHash);
      this.reload(tokenHash)
        // A failed read: the entry expires and the next request reads (and reports) through Nest.
        .catch(() => undefined)
        .finally(() => this.refreshing.delete(tokenHash));
    }
    return hit?.value;
  }

  async resolve(tokenHash: string): Promise<ShopTokenRef | undefined> {
    return this.cache.get(tokenHash) ?? this.reload(tokenHash);
  }

  private async reload(tokenHash: string): Promise<ShopTokenRef | undefined> {
    const found = await this.tokens.findActiveByHash(tokenHash);
    if (found) this.cache.set(tokenHash, found);
    else this.cache.delete(tokenHash);
    return found;
  }

  forgetToken(tokenId: string): void {
    this.cache.deleteWhere((ref) => ref.tokenId === tokenId);
  }

  forgetShops(shopIds: ReadonlySet<string>): void {
    this.cache.deleteWhere((ref) => shopIds.has(ref.shopId));
  }

  forgetShop(shopId: string): void {
    this.cache.deleteWhere((ref) => ref.shopId === shopId);
  }
}
