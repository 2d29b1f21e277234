export type TakeResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const ALLOWED: TakeResult = Object.freeze({ allowed: true });

/**
 * Token buckets, one per key, each holding up to one minute's allowance and refilled
 * continuously: `perMinute` requests in any minute, bursts included. In memory, per
 * process. Full buckets carry no information, so `prune` drops them to bound memory.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;

  constructor(
    private readonly perMinute: number,
    private readonly maxBuckets = 100_000,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.perMs = perMinute / 60_000;
  }

  take(key: string): TakeResult {
    const now = this.now();
    const bucket = this.buckets.get(key);
    const tokens = bucket
      ? Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * this.perMs)
      : this.perMinute;
    if (tokens < 1) {
      // A refused request takes nothing, so retrying after Retry-After succeeds.
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000)),
      };
    }
    if (bucket) {
      bucket.tokens = tokens - 1;
      bucket.at = now;
    } else {
      if (this.buckets.size >= this.maxBuckets) this.prune();
      this.buckets.set(key, { tokens: tokens - 1, at: now });
    }
    return ALLOWED;
  }

  /** Drops buckets that have refilled; if that is not enough, the oldest ones. */
  prune(): void {
    const now = this.now();
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * this.perMs >= this.perMinute)
        this.buckets.delete(key);
    }
    for (const key of this.buckets.keys()) {
      if (this.buckets.size < this.maxBuckets) break;
      this.buckets.delete(key);
    }
  }

  get size(): number {
    return this.buckets.size;
  }
}
