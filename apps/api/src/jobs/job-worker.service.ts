import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { PinoLogger } from 'nestjs-pino';
import { AppConfig } from '@api/config/app-config';
import { Metrics } from '@api/metrics/metrics.service';
import { recordJobOutcome, traceJobRun } from '@api/tracing/tracing';
import type { JobEntity } from './job.entity';
import {
  ContinueJobLater,
  JOB_HANDLER_TYPE,
  PermanentJobError,
  type JobContext,
  type JobHandlerInstance,
  type JobProgress,
} from './job-handler.decorator';
import { JobsRepository } from './jobs.repository';

const MAX_BACKOFF_MS = 10 * 60_000;

/** How one run of a job ended, the `outcome` label of the job duration metric. */
type JobRunOutcome = 'succeeded' | 'failed' | 'retry' | 'deferred' | 'requeued';

/** Exponential backoff with full jitter: 5 s, 10 s, 20 s ... capped at 10 minutes. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, 5_000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Polls the job table and runs claimed jobs with bounded concurrency. At shutdown it drains:
 * it stops claiming, tells running handlers to take no new item (`stopping`), gives them
 * `JOBS_SHUTDOWN_GRACE_MS` to finish and checkpoint the items in hand, then cuts off the rest
 * (`signal`). A handler that stopped early throws `stoppedEarly()`; that job, and every job cut
 * off, goes back to the queue with its attempt refunded, so another replica resumes it from its
 * checkpoints without repeating a completed Saferpay call.
 */
@Injectable()
export class JobWorkerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly handlers = new Map<string, JobHandlerInstance>();
  private readonly running = new Map<
    string,
    { controller: AbortController; drain: AbortController; done: Promise<void> }
  >();
  private stopping = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(
    private readonly config: AppConfig,
    private readonly jobs: JobsRepository,
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly logger: PinoLogger,
    private readonly metrics: Metrics,
  ) {
    logger.setContext(JobWorkerService.name);
  }

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const type = wrapper.metatype
        ? this.reflector.get<string | undefined>(JOB_HANDLER_TYPE, wrapper.metatype)
        : undefined;
      if (!type) continue;
      if (this.handlers.has(type)) throw new Error(`Two handlers for job type ${type}`);
      this.handlers.set(type, wrapper.instance as JobHandlerInstance);
    }
    if (this.config.JOBS_WORKER_ENABLED) this.start();
  }

  /** Job types this process can run. */
  get handledTypes(): string[] {
    return [...this.handlers.keys()].sort();
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.pollLoop();
  }

  /** Wakes the loop now instead of at the next poll (after an enqueue in this process). */
  poke(): void {
    this.wake?.();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** True from the start of a shutdown: readiness reports it so traffic moves elsewhere. */
  get draining(): boolean {
    return this.stopping;
  }

  async stop(graceMs = this.config.JOBS_SHUTDOWN_GRACE_MS): Promise<void> {
    this.stopping = true;
    this.poke();
    // Wait for the loop first: a claim in flight may still launch one last job.
    await this.loop;
    const entries = [...this.running.values()];
    if (entries.length) {
      this.logger.info({ jobs: entries.length, graceMs }, 'Draining running jobs');
      for (const { drain } of entries) drain.abort(new Error('worker draining'));
      const settled = Promise.allSettled(entries.map((entry) => entry.done));
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<'grace over'>((resolve) => {
        timer = setTimeout(() => resolve('grace over'), graceMs);
      });
      if ((await Promise.race([settled, graceOver])) === 'grace over') {
        this.logger.warn({ jobs: this.running.size }, 'Grace period over: cutting off jobs');
      }
      clearTimeout(timer);
      for (const { controller } of this.running.values()) {
        controller.abort(new Error('shutdown grace period over'));
      }
      await settled;
    }
    this.loop = undefined;
  }

  private async pollLoop(): Promise<void> {
    while (!this.stopping) {
      let claimed: JobEntity | null = null;
      if (this.running.size < this.config.JOBS_CONCURRENCY) {
        try {
          await this.failAbandoned();
          claimed = await this.jobs.claimNext(this.workerId, this.config.JOBS_LEASE_MS);
        } catch (error) {
          this.logger.error({ err: error }, 'Claiming a job failed');
        }
      }
      if (claimed) {
        this.launch(claimed);
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.config.JOBS_POLL_INTERVAL_MS);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  private async failAbandoned(): Promise<void> {
    for (const job of await this.jobs.failAbandoned()) {
      this.logger.error(job, 'Job failed: its worker stopped during every attempt');
    }
  }

  private launch(job: JobEntity): void {
    if (this.running.has(job.id)) return;
    const controller = new AbortController();
    const drain = new AbortController();
    const done = traceJobRun(job, () => this.execute(job, controller, drain.signal)).finally(() => {
      this.running.delete(job.id);
      this.poke();
    });
    this.running.set(job.id, { controller, drain, done });
  }

  private async execute(
    job: JobEntity,
    controller: AbortController,
    drain: AbortSignal,
  ): Promise<void> {
    const log = this.logger;
    const handler = this.handlers.get(job.type);
    if (!handler) {
      await this.jobs.finish(job.id, this.workerId, {
        status: 'failed',
        error: { message: `No handler for job type ${job.type}` },
      });
      return;
    }
    const leaseMs = this.config.JOBS_LEASE_MS;
    const heartbeat = async (progress: JobProgress = {}) => {
      const owned = await this.jobs.heartbeat(job.id, this.workerId, leaseMs, {
        ...(progress.total !== undefined ? { progressTotal: progress.total } : {}),
        ...(progress.done !== undefined ? { progressDone: progress.done } : {}),
        ...(progress.failed !== undefined ? { progressFailed: progress.failed } : {}),
      });
      if (!owned) controller.abort(new Error('lease lost'));
    };
    const timer = setInterval(
      () => {
        heartbeat().catch((error: unknown) =>
          log.warn({ err: error, jobId: job.id }, 'Heartbeat failed'),
        );
      },
      Math.max(250, Math.floor(leaseMs / 3)),
    );
    const stopping = AbortSignal.any([drain, controller.signal]);
    const context: JobContext = {
      job,
      signal: controller.signal,
      stopping,
      reportProgress: heartbeat,
    };
    const started = Date.now();
    let outcome: JobRunOutcome = 'requeued';
    try {
      const result = await handler.run(context);
      if (controller.signal.aborted) {
        // Cut off (lease lost, grace over): the next run skips what is checkpointed.
        await this.jobs.requeue(job.id, this.workerId, new Date(), job.error, {
          refundAttempt: true,
        });
        return;
      }
      await this.jobs.finish(job.id, this.workerId, {
        status: 'succeeded',
        result: result ?? null,
      });
      outcome = 'succeeded';
      log.info({ jobId: job.id, type: job.type, ms: Date.now() - started }, 'Job succeeded');
    } catch (error) {
      outcome = await this.afterFailure(job, controller, error);
    } finally {
      clearInterval(timer);
      this.metrics.jobFinished(job.type, outcome, (Date.now() - started) / 1000);
      recordJobOutcome(outcome);
    }
  }

  private async afterFailure(
    job: JobEntity,
    controller: AbortController,
    error: unknown,
  ): Promise<JobRunOutcome> {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof ContinueJobLater && !controller.signal.aborted) {
      this.logger.info({ jobId: job.id, type: job.type, runAt: error.runAt }, message);
      await this.jobs.requeue(job.id, this.workerId, error.runAt, null, { refundAttempt: true });
      return 'deferred';
    }
    if (controller.signal.aborted) {
      // Shutdown or lost lease: not the job's fault, so it is handed back untouched.
      await this.jobs.requeue(job.id, this.workerId, new Date(), job.error, {
        refundAttempt: true,
      });
      return 'requeued';
    }
    const permanent = error instanceof PermanentJobError;
    if (permanent || job.attempts >= job.maxAttempts) {
      this.logger.error({ err: error, jobId: job.id, type: job.type }, 'Job failed');
      await this.jobs.finish(job.id, this.workerId, {
        status: 'failed',
        error: { message, ...(permanent && error.items ? { items: error.items } : {}) },
      });
      return 'failed';
    }
    const delay = retryDelayMs(job.attempts);
    this.logger.warn(
      { err: error, jobId: job.id, type: job.type, retryInMs: delay },
      'Job attempt failed',
    );
    await this.jobs.requeue(job.id, this.workerId, new Date(Date.now() + delay), { message });
    return 'retry';
  }
}
