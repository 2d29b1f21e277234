import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { SaferpayAttemptObservation } from '@platform/saferpay-client';

export const METRICS_PREFIX = 'saferpay_platform_';

/** Where the queue gauge reads its value on each scrape. */
export type QueueDepthSource = () => Promise<number>;

/**
 * The process's Prometheus series, behind typed methods: instrumented classes
 * call these and never import prom-client. Labels stay low-cardinality: route
 * templates, operation ids, job types, outcomes; never tenant or account ids.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  private queueDepth?: QueueDepthSource;

  private readonly httpDuration = new Histogram({
    name: `${METRICS_PREFIX}http_request_duration_seconds`,
    help: 'HTTP request latency by method, route template and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly saferpayRequests = new Counter({
    name: `${METRICS_PREFIX}saferpay_requests_total`,
    help: 'Saferpay Management API HTTP attempts by operation, status (HTTP status or timeout/network/aborted/invalid-response) and ErrorName.',
    labelNames: ['operation', 'status', 'error_name'] as const,
    registers: [this.registry],
  });

  private readonly saferpayDuration = new Histogram({
    name: `${METRICS_PREFIX}saferpay_request_duration_seconds`,
    help: 'Saferpay Management API attempt latency by operation.',
    labelNames: ['operation'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 100],
    registers: [this.registry],
  });

  private readonly jobDuration = new Histogram({
    name: `${METRICS_PREFIX}jobs_duration_seconds`,
    help: 'Job run durations by type and outcome (succeeded, failed, retry, deferred, requeued).',
    labelNames: ['type', 'outcome'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900],
    registers: [this.registry],
  });

  private readonly events = new Counter({
    name: `${METRICS_PREFIX}events_total`,
    help: 'Events published (drift, compliance, onboarding ...) by type.',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });

  private readonly webhookDeliveries = new Counter({
    name: `${METRICS_PREFIX}webhook_deliveries_total`,
    help: 'Webhook delivery attempts by outcome (succeeded, retry, exhausted, gone).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  private readonly queued = new Gauge({
    name: `${METRICS_PREFIX}jobs_queued`,
    help: 'Jobs waiting in the queue (read from the database on each scrape).',
    registers: [this.registry],
    collect: () => this.collectQueued(),
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: METRICS_PREFIX });
  }

  private async collectQueued(): Promise<void> {
    if (this.queueDepth) this.queued.set(await this.queueDepth());
  }

  /** The queue gauge's source (the jobs repository registers itself). */
  setQueueDepthSource(source: QueueDepthSource): void {
    this.queueDepth = source;
  }

  httpRequest(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status: String(status) }, seconds);
  }

  saferpayAttempt(observation: SaferpayAttemptObservation): void {
    const { operation, status, errorName, durationMs } = observation;
    this.saferpayRequests.inc({ operation, status, error_name: errorName ?? '' });
    this.saferpayDuration.observe({ operation }, durationMs / 1000);
  }

  jobFinished(type: string, outcome: string, seconds: number): void {
    this.jobDuration.observe({ type, outcome }, seconds);
  }

  eventsPublished(types: readonly string[]): void {
    for (const type of types) this.events.inc({ type });
  }

  webhookDelivery(outcome: string): void {
    this.webhookDeliveries.inc({ outcome });
  }

  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
