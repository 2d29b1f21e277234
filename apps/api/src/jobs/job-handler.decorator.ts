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
  /** Aborted when the process shuts down or the job's lease was lost: stop and return soon. */
  readonly signal: AbortSignal;
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
