import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  it('serves entries while fresh and keeps stale ones for peek', () => {
    let now = 0;
    const cache = new TtlCache<string, number>(10, 100, () => now);
    cache.set('a', 1);
    now = 99;
    expect(cache.get('a')).toBe(1);
    now = 100;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.peek('a')).toBe(1);
    cache.set('a', 1);
    expect(cache.get('a')).toBe(1);
  });

  it('says when an entry is past half its life', () => {
    let now = 0;
    const cache = new TtlCache<string, number>(10, 100, () => now);
    cache.set('a', 1);
    expect(cache.lookup('a')).toEqual({ value: 1, refreshDue: false });
    now = 50;
    expect(cache.lookup('a')).toEqual({ value: 1, refreshDue: true });
    now = 100;
    expect(cache.lookup('a')).toBeUndefined();
  });

  it('a TTL of 0 never serves from memory', () => {
    const cache = new TtlCache<string, number>(10, 0);
    cache.set('a', 1);
    expect(cache.get('a')).toBeUndefined();
  });

  it('evicts the least recently set entry', () => {
    const cache = new TtlCache<string, number>(2, 1000);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 1);
    cache.set('c', 3);
    expect([cache.peek('a'), cache.peek('b'), cache.peek('c')]).toEqual([1, undefined, 3]);
    cache.deleteWhere((value) => value === 1);
    expect(cache.size).toBe(1);
  });
});
