import { SetMetadata } from '@nestjs/common';
import type { JobEntity } from './job.entity';

export const JOB_HANDLER_TYPE = 'jobs:handler-type';

/**
 * Marks a provider as the handler of one job type. The worker finds handlers
 * through Nest's discovery, so adding a job type touches no central list.
 */
export const JobHandler = (type: string): ClassDecorator => SetMetadata(JOB_HANDLER_TYPE, type);

export interface JobProgress {
  total?: number;
  done?: number;
  failed?: number;
}

export interface JobContext {
  readonly job: Readonly<JobEntity>;
  /**
   * Aborted when the job must stop now: its lease was lost, or the shutdown grace period ran
   * out. Pass it to in-flight calls (Saferpay requests) so they are cut off.
   */
  readonly signal: AbortSignal;
  /**
   * Aborted when the worker starts draining (shutdown) and whenever `signal` is: take no new
   * item, let the ones in hand finish and checkpoint, then throw `stoppedEarly()` if work is
   * left, so the job goes back to the queue and another replica resumes it.
   */
  readonly stopping: AbortSignal;
  /** Persists progress counters and extends the lease. */
  readonly reportProgress: (progress: JobProgress) => Promise<void>;
}

export interface JobHandlerInstance {
  /** Must be resumable: a job is re-run after a crash, so skip work already checkpointed. */
  run(context: JobContext): Promise<Record<string, unknown> | void>;
}

/** Thrown by a handler for a failure that retrying cannot fix. */
export class PermanentJobError extends Error {
  constructor(
    message: string,
    readonly items?: { ref: string; message: string; code?: string }[],
  ) {
    super(message);
  }
}

/**
 * Thrown by a handler whose remaining work is not due yet (items waiting out a backoff):
 * the job goes back to the queue until `runAt` without using up an attempt.
 */
export class ContinueJobLater extends Error {
  constructor(
    readonly runAt: Date,
    message: string,
  ) {
    super(message);
  }
}

/**
 * What a handler throws when it stopped taking items because `stopping` was aborted and work
 * is left: the job is queued again at once, without using up an attempt.
 */
export function stoppedEarly(): ContinueJobLater {
  return new ContinueJobLater(new Date(), 'Stopped at shutdown; resumes from its checkpoints');
}
