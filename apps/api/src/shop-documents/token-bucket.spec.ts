import { TokenBuckets } from './token-bucket';

describe('TokenBuckets', () => {
  it("allows a minute's allowance at once, then refuses with the seconds until the next request", () => {
    let now = 0;
    const buckets = new TokenBuckets(6, 100, () => now);
    for (let i = 0; i < 6; i += 1) expect(buckets.take('a')).toEqual({ allowed: true });
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterSeconds: 10 });
    // Other keys are independent.
    expect(buckets.take('b')).toEqual({ allowed: true });
    now = 9_000;
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now = 10_000;
    expect(buckets.take('a')).toEqual({ allowed: true });
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterSeconds: 10 });
  });

  it('does not charge refused requests', () => {
    let now = 0;
    const buckets = new TokenBuckets(60, 100, () => now);
    for (let i = 0; i < 60; i += 1) buckets.take('a');
    for (let i = 0; i < 100; i += 1) expect(buckets.take('a').allowed).toBe(false);
    now = 1000;
    expect(buckets.take('a').allowed).toBe(true);
  });

  it('prunes refilled buckets and stays within its bound', () => {
    let now = 0;
    const buckets = new TokenBuckets(60, 3, () => now);
    for (const key of ['a', 'b', 'c']) buckets.take(key);
    now = 5_000; // all refilled
    buckets.take('d');
    expect(buckets.size).toBe(1);
    for (const key of ['e', 'f', 'g', 'h']) buckets.take(key);
    expect(buckets.size).toBeLessThanOrEqual(3);
  });
});
