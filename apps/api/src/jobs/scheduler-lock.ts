import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * Runs a scheduled step on at most one replica at a time. The advisory lock is
 * transaction-scoped, so the step must do its writes through the manager it is
 * given (that also keeps PGlite's single connection free of a second session).
 */
@Injectable()
export class SchedulerLock {
  constructor(private readonly dataSource: DataSource) {}

  /** Returns undefined when another replica holds the lock right now. */
  runExclusive<T>(
    name: string,
    step: (manager: EntityManager) => Promise<T>,
  ): Promise<T | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const rows: { locked: boolean }[] = await manager.query(
        'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked',
        [`scheduler:${name}`],
      );
      return rows[0]?.locked ? step(manager) : undefined;
    });
  }
}
