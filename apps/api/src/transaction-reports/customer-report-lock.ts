import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@api/config/app-config';

export class LockNotAcquired extends Error {}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * One GetTransactions request at a time per Saferpay customer across every replica: a
 * lease row per `<environment>:<customerId>`, taken with one atomic upsert that only
 * succeeds on a free or expired lease, renewed while the holder works and deleted after.
 * No database connection is held while Saferpay answers (PGlite has only one).
 */
@Injectable()
export class CustomerReportLock {
  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  /**
   * Runs `work` holding the customer's lease; waits up to `maxWaitMs` for it. The signal
   * given to `work` aborts when the lease is lost (renewal failed), so a request is never
   * sent or continued without it.
   */
  async run<T>(
    key: string,
    signal: AbortSignal,
    work: (signal: AbortSignal) => Promise<T>,
    maxWaitMs = 60_000,
  ): Promise<T> {
    const holder = randomUUID();
    const deadline = Date.now() + maxWaitMs;
    while (!(await this.tryAcquire(key, holder))) {
      if (signal.aborted || Date.now() > deadline) {
        throw new LockNotAcquired(`report lock ${key} is held by another worker`);
      }
      await sleep(50 + Math.random() * 100, signal);
    }
    const lost = new AbortController();
    const onAbort = () => lost.abort(signal.reason);
    signal.addEventListener('abort', onAbort);
    const ttl = this.config.REPORTING_LOCK_TTL_MS;
    const renew = setInterval(
      () => {
        this.renew(key, holder).then(
          (held) => held || lost.abort(new Error(`report lock ${key} lost`)),
          () => undefined, // a failed renewal is retried on the next tick; expiry aborts
        );
      },
      Math.max(250, Math.floor(ttl / 3)),
    );
    try {
      return await work(lost.signal);
    } finally {
      clearInterval(renew);
      signal.removeEventListener('abort', onAbort);
      await this.release(key, holder);
    }
  }

  private async tryAcquire(key: string, holder: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO transaction_report_locks (lock_key, holder, acquired_at, expires_at)
       VALUES ($1, $2, now(), now() + make_interval(secs => $3::double precision / 1000))
       ON CONFLICT (lock_key) DO UPDATE
          SET holder = EXCLUDED.holder, acquired_at = EXCLUDED.acquired_at,
              expires_at = EXCLUDED.expires_at
        WHERE transaction_report_locks.expires_at < now()
       RETURNING holder`,
      [key, holder, this.config.REPORTING_LOCK_TTL_MS],
    );
    return rows.length === 1;
  }

  private async renew(key: string, holder: string): Promise<boolean> {
    const result: unknown = await this.dataSource.query(
      `UPDATE transaction_report_locks
          SET expires_at = now() + make_interval(secs => $3::double precision / 1000)
        WHERE lock_key = $1 AND holder = $2 RETURNING holder`,
      [key, holder, this.config.REPORTING_LOCK_TTL_MS],
    );
    // pg answers [rows, rowCount] for UPDATE … RETURNING through TypeORM.
    return Array.isArray(result) && result[1] === 1;
  }

  private async release(key: string, holder: string): Promise<void> {
    await this.dataSource.query(
      'DELETE FROM transaction_report_locks WHERE lock_key = $1 AND holder = $2',
      [key, holder],
    );
  }
}
