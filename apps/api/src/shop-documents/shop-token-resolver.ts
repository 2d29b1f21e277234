import { Injectable } from '@nestjs/common';
import { AppConfig } from '@api/config/app-config';
import { TtlCache } from './ttl-cache';
import { ShopTokensRepository, type ShopTokenRef } from './shop-tokens.repository';

const MAX_CACHED_TOKENS = 50_000;

/**
 * Token hash → shop, remembered for SHOP_TOKEN_CACHE_TTL_MS so the hot path skips the
 * database. A revocation in this process forgets the token at once; another replica
 * notices within the TTL. Unknown hashes are not remembered: a token issued on another
 * replica works at once.
 */
@Injectable()
export class ShopTokenResolver {
  private readonly cache: TtlCache<string, ShopTokenRef>;
  private readonly refreshing = new Set<string>();

  constructor(
    config: AppConfig,
    private readonly tokens: ShopTokensRepository,
  ) {
    this.cache = new TtlCache(MAX_CACHED_TOKENS, config.SHOP_TOKEN_CACHE_TTL_MS);
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
