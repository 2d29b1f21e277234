import type { AppConfig } from '@api/config/app-config';
import type { ClusterNotifications } from '@api/database/cluster-notifications';
import { SHOPS_DELETED, SHOP_TOKENS_REVOKED, ShopTokenResolver } from './shop-token-resolver';
import type { ShopTokenRef, ShopTokensRepository } from './shop-tokens.repository';

type Subscription = Parameters<ClusterNotifications['subscribe']>[1];

describe('ShopTokenResolver', () => {
  const notices = new Map<string, Subscription>();
  const ref: ShopTokenRef = { tokenId: 't1', tenantId: 'tenant', shopId: 'shop' };
  let stored: ShopTokenRef | undefined;
  let reads: number;
  let resolver: ShopTokenResolver;
  const flush = () => new Promise((resolve) => setImmediate(resolve));

  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    stored = ref;
    reads = 0;
    const repository = {
      findActiveByHash: () => {
        reads += 1;
        return Promise.resolve(stored);
      },
    } as unknown as ShopTokensRepository;
    notices.clear();
    const cluster = {
      subscribe: (topic: string, subscription: Subscription) => notices.set(topic, subscription),
    } as unknown as ClusterNotifications;
    resolver = new ShopTokenResolver(
      { SHOP_TOKEN_CACHE_TTL_MS: 1000 } as AppConfig,
      repository,
      cluster,
    );
  });
  afterEach(() => jest.useRealTimers());

  it('reads a token once, then serves it from memory', async () => {
    expect(resolver.peek('h')).toBeUndefined();
    expect(await resolver.resolve('h')).toEqual(ref);
    expect(resolver.peek('h')).toEqual(ref);
    expect(await resolver.resolve('h')).toEqual(ref);
    expect(reads).toBe(1);
  });

  it('refreshes a busy token in the background, so a revocation elsewhere counts within the TTL', async () => {
    await resolver.resolve('h');
    jest.advanceTimersByTime(600); // past half the TTL: still served, re-read behind
    stored = undefined; // revoked on another replica
    expect(resolver.peek('h')).toEqual(ref);
    await flush();
    expect(reads).toBe(2);
    expect(resolver.peek('h')).toBeUndefined();
  });

  it('never serves an entry past its TTL, and forgets a token revoked here at once', async () => {
    await resolver.resolve('h');
    jest.advanceTimersByTime(1000);
    expect(resolver.peek('h')).toBeUndefined();
    await resolver.resolve('h');
    resolver.forgetToken('t1');
    expect(resolver.peek('h')).toBeUndefined();
    await resolver.resolve('h');
    resolver.forgetShops(new Set(['shop']));
    expect(resolver.peek('h')).toBeUndefined();
  });

  it("forgets at once what another replica's notice names, and everything after a missed notice", async () => {
    await resolver.resolve('h');
    notices.get(SHOP_TOKENS_REVOKED)!.onIds(['another-token']);
    expect(resolver.peek('h')).toEqual(ref);
    notices.get(SHOP_TOKENS_REVOKED)!.onIds(['t1']);
    expect(resolver.peek('h')).toBeUndefined();

    await resolver.resolve('h');
    notices.get(SHOPS_DELETED)!.onIds([ref.shopId]);
    expect(resolver.peek('h')).toBeUndefined();

    await resolver.resolve('h');
    notices.get(SHOPS_DELETED)!.onResync();
    expect(resolver.peek('h')).toBeUndefined();
  });
});
