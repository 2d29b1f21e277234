import { randomBytes } from 'node:crypto';
import type { Repository } from 'typeorm';
import type { AppConfig } from '@api/config/app-config';
import type { ClusterNotifications } from '@api/database/cluster-notifications';
import { CredentialCipher } from '@api/secrets/credential-cipher';
import { documentHash } from './capability-document';
import type { ShopDocumentEntity } from './shop-document.entity';
import { ShopDocumentCache, shopDocumentAad } from './shop-document-cache';

describe('ShopDocumentCache', () => {
  const cipher = new CredentialCipher([{ id: 'k', key: randomBytes(32) }], 'k');
  const sealed = (shopId: string, json: string) => {
    const hash = documentHash(Buffer.from(json));
    return {
      shopId,
      contentHash: hash,
      bodyCiphertext: cipher.encrypt(json, shopDocumentAad(shopId, hash)),
    };
  };
  let row: Partial<ShopDocumentEntity> | null;
  let gate: Promise<void> | undefined;
  let cache: ShopDocumentCache;
  let decrypts: jest.SpyInstance;

  beforeEach(() => {
    row = sealed('s1', '{"v":1}');
    gate = undefined;
    const repo = {
      findOne: async () => {
        const answer = row; // read now, answer later: like a query racing a commit
        await gate;
        return answer;
      },
    } as unknown as Repository<ShopDocumentEntity>;
    decrypts = jest.spyOn(cipher, 'decrypt');
    decrypts.mockClear();
    cache = new ShopDocumentCache(
      { SHOP_DOCUMENT_CACHE_TTL_MS: 60_000 } as AppConfig,
      cipher,
      repo,
      { subscribe: () => undefined } as unknown as ClusterNotifications,
    );
  });

  it('decrypts once per content and serves from memory after', async () => {
    const first = await cache.load('t', 's1');
    expect(first?.bytes.toString()).toBe('{"v":1}');
    expect(cache.peek('t', 's1')).toBe(first);
    cache.invalidate(['s1']); // e.g. a commit that left the content as it was
    expect(cache.peek('t', 's1')).toBeUndefined();
    expect((await cache.load('t', 's1'))?.hash).toBe(first?.hash);
    row = sealed('s1', '{"v":2}');
    cache.invalidate(['s1']);
    expect((await cache.load('t', 's1'))?.bytes.toString()).toBe('{"v":2}');
    expect(decrypts).toHaveBeenCalledTimes(3);
  });

  it('does not remember a read that an invalidation overtook', async () => {
    let open!: () => void;
    gate = new Promise((resolve) => (open = resolve));
    const reading = cache.load('t', 's1'); // reads the old row…
    row = sealed('s1', '{"v":2}');
    cache.invalidate(['s1']); // …while the new one commits
    open();
    expect((await reading)?.bytes.toString()).toBe('{"v":1}');
    gate = undefined;
    expect(cache.peek('t', 's1')).toBeUndefined();
    expect((await cache.load('t', 's1'))?.bytes.toString()).toBe('{"v":2}');
  });

  it('refreshes ahead in the background, dropping a document deleted meanwhile', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] });
    try {
      const first = await cache.load('t', 's1');
      jest.advanceTimersByTime(30_000); // half the TTL: still served, re-read behind
      row = null; // the shop was deleted on another replica
      expect(cache.peek('t', 's1')).toBe(first);
      await new Promise((resolve) => setImmediate(resolve));
      expect(cache.peek('t', 's1')).toBeUndefined();
    } finally {
      jest.useRealTimers();
    }
  });

  it('treats a document it cannot decrypt (a retired key) as missing', async () => {
    row = { ...sealed('s1', '{"v":1}'), bodyCiphertext: 'v1.retired.AAAA.AAAA.AAAA' };
    expect(await cache.load('t', 's1')).toBeUndefined();
  });
});
