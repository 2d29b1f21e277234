/** Releases a permit; calling it more than once has no effect. */
export type Release = () => void;

function abortError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new Error('aborted');
}

interface Waiter {
  grant: () => void;
}

/**
 * Counting semaphore with FIFO fairness and AbortSignal support (an aborted waiter leaves the
 * queue and rejects with the signal's reason). Written here because it is ~50 lines and the
 * client needs nothing else from a dependency.
 */
export class Semaphore {
  private active = 0;
  private readonly waiters: Waiter[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError('limit must be an integer >= 1');
  }

  /** Permits currently held. */
  get inUse(): number {
    return this.active;
  }

  /** Callers waiting for a permit. */
  get waiting(): number {
    return this.waiters.length;
  }

  acquire(signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    if (this.active < this.limit) {
      this.active += 1;
      return Promise.resolve(this.releaser());
    }
    return new Promise<Release>((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(abortError(signal));
      };
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          this.active += 1;
          resolve(this.releaser());
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(signal);
    try {
      return await task();
    } finally {
      release();
    }
  }

  private releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active -= 1;
      const next = this.waiters.shift();
      next?.grant();
    };
  }
}

/**
 * One semaphore per key, created on demand and dropped when idle so the map does not grow
 * with every customer ever seen.
 */
export class KeyedSemaphore {
  private readonly semaphores = new Map<string, Semaphore>();

  constructor(readonly limitPerKey: number) {}

  async run<T>(key: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    let semaphore = this.semaphores.get(key);
    if (!semaphore) {
      semaphore = new Semaphore(this.limitPerKey);
      this.semaphores.set(key, semaphore);
    }
    try {
      return await semaphore.run(task, signal);
    } finally {
      if (semaphore.inUse === 0 && semaphore.waiting === 0) this.semaphores.delete(key);
    }
  }

  /** Keys with a held or awaited permit (for tests and diagnostics). */
  get activeKeys(): number {
    return this.semaphores.size;
  }
}
