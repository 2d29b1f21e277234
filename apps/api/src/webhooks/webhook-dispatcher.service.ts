import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { AppConfig } from '@api/config/app-config';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import type { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookDeliveryRunner } from './webhook-delivery-runner';
import { WebhookWakeup } from './webhook-wakeup';

/** Margin of the lease over an attempt's longest run (DNS + request), for recording the outcome. */
const LEASE_MARGIN_MS = 30_000;

/**
 * Polls for due deliveries (and wakes on publish in this process), claims them
 * under a lease and runs them with bounded concurrency. At shutdown it stops
 * claiming and waits for the attempts in flight (each bounded by the timeout);
 * a process that dies instead leaves its claims to expire and be retried, so a
 * receiver may see an attempt twice (at-least-once; dedupe by webhook-id).
 */
@Injectable()
export class WebhookDispatcherService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly running = new Set<Promise<void>>();
  private stopping = false;
  private loop?: Promise<void>;
  private woken = false;
  private interruptWait?: () => void;
  private retryTimer?: { at: number; timer: NodeJS.Timeout };
  private unlisten?: () => void;

  constructor(
    private readonly config: AppConfig,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly runner: WebhookDeliveryRunner,
    private readonly wakeup: WebhookWakeup,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(WebhookDispatcherService.name);
  }

  onApplicationBootstrap(): void {
    if (this.config.WEBHOOK_DISPATCH_ENABLED) this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.unlisten = this.wakeup.listen(() => this.poke());
    this.loop = this.pollLoop();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.unlisten?.();
    if (this.retryTimer) clearTimeout(this.retryTimer.timer);
    this.retryTimer = undefined;
    this.poke();
    await this.loop;
    await Promise.allSettled([...this.running]);
    this.loop = undefined;
  }

  /** Look for due deliveries now rather than at the next poll. */
  poke(): void {
    this.woken = true;
    this.interruptWait?.();
  }

  private async pollLoop(): Promise<void> {
    while (!this.stopping) {
      this.woken = false;
      const free = this.config.WEBHOOK_DISPATCH_CONCURRENCY - this.running.size;
      let claimed: WebhookDeliveryEntity[] = [];
      if (free > 0) {
        try {
          claimed = await this.deliveries.claimDue(
            free,
            2 * this.config.WEBHOOK_TIMEOUT_MS + LEASE_MARGIN_MS,
          );
        } catch (error) {
          this.logger.error({ err: error }, 'Claiming webhook deliveries failed');
        }
      }
      for (const delivery of claimed) this.launch(delivery);
      // A full batch suggests more are due; otherwise sleep until a poke or the next poll.
      if (claimed.length === free && free > 0) continue;
      await this.sleep(this.config.WEBHOOK_POLL_INTERVAL_MS);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken || this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.interruptWait = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.interruptWait = done;
    });
  }

  private launch(delivery: WebhookDeliveryEntity): void {
    const task = this.runner
      .run(delivery)
      .then((nextAttemptAt) => {
        if (nextAttemptAt) this.wakeAt(nextAttemptAt);
      })
      .catch((error: unknown) => {
        // The lease runs out and another claim retries it.
        this.logger.error({ err: error, deliveryId: delivery.id }, 'Webhook attempt failed to run');
      })
      .finally(() => {
        this.running.delete(task);
        this.poke();
      });
    this.running.add(task);
  }

  /** A retry due before the next poll gets a timer, so short schedules are kept. */
  private wakeAt(at: Date): void {
    const due = at.getTime();
    if (this.stopping || due - Date.now() >= this.config.WEBHOOK_POLL_INTERVAL_MS) return;
    if (this.retryTimer && this.retryTimer.at <= due) return;
    if (this.retryTimer) clearTimeout(this.retryTimer.timer);
    const timer = setTimeout(
      () => {
        this.retryTimer = undefined;
        this.poke();
      },
      Math.max(0, due - Date.now()),
    );
    timer.unref();
    this.retryTimer = { at: due, timer };
  }
}
