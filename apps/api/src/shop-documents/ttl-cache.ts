/**
 * A bounded map whose entries are fresh for `ttlMs` after they were set. Past `maxEntries`
 * the least recently set entry goes (reads do not reorder: that would cost the hot path two
 * map writes, and busy entries are set again by their refreshes anyway).
 * Stale entries stay readable (`peek`) so a caller can revalidate instead of refetching,
 * and `lookup` says when an entry is past half its life, so a busy caller can refresh it
 * ahead of time and never wait at expiry.
 */
export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: V; setAt: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** The value if it is still fresh. */
  get(key: K): V | undefined {
    return this.lookup(key)?.value;
  }

  /** A fresh value, and whether it is past half its TTL (time to refresh it in the background). */
  lookup(key: K): { value: V; refreshDue: boolean } | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const age = this.now() - entry.setAt;
    if (age >= this.ttlMs) return undefined;
    return { value: entry.value, refreshDue: age * 2 >= this.ttlMs };
  }

  /** The value, fresh or stale. */
  peek(key: K): V | undefined {
    return this.entries.get(key)?.value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, setAt: this.now() });
    if (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as K);
    }
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  deleteWhere(predicate: (value: V, key: K) => boolean): void {
    for (const [key, entry] of this.entries) {
      if (predicate(entry.value, key)) this.entries.delete(key);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
