import { Injectable } from '@nestjs/common';
import { AppConfig } from '@api/config/app-config';
import { TtlLru } from './ttl-lru';
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
  private readonly cache: TtlLru<string, ShopTokenRef>;

  constructor(
    config: AppConfig,
    private readonly tokens: ShopTokensRepository,
  ) {
    this.cache = new TtlLru(MAX_CACHED_TOKENS, config.SHOP_TOKEN_CACHE_TTL_MS);
  }

  /** Synchronous: the remembered, still fresh answer, if any. */
  peek(tokenHash: string): ShopTokenRef | undefined {
    return this.cache.get(tokenHash);
  }

  async resolve(tokenHash: string): Promise<ShopTokenRef | undefined> {
    const cached = this.cache.get(tokenHash);
    if (cached) return cached;
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
