import type { AppConfig } from '@api/config/app-config';
import type { SaferpayAttemptObservation } from '@platform/saferpay-client';

/** The job a run span describes (a structural subset of the job entity). */
export interface TracedJob {
  id: string;
  type: string;
  attempts: number;
}

/** What the API asks of tracing; `open-telemetry.ts` implements it when tracing is on. */
export interface TracingBackend {
  jobRun<T>(job: TracedJob, run: () => Promise<T>): Promise<T>;
  jobOutcome(outcome: string): void;
  saferpayAttempt(observation: SaferpayAttemptObservation): void;
  /** `traceId`/`spanId` of the active span for log lines; empty without one. */
  logFields(): Record<string, string>;
  /** Flushes the spans still buffered and stops exporting. */
  shutdown(): Promise<void>;
}

let backend: TracingBackend | undefined;

/**
 * Starts OpenTelemetry when OTEL_TRACING_ENABLED is set. Must run before express, pg and
 * http are loaded (main.ts loads the app only afterwards): the instrumentations patch those
 * modules as they are required. Off, nothing of OpenTelemetry is loaded and every helper
 * below is a plain call of the function it is given.
 */
export async function startTracing(config: AppConfig): Promise<boolean> {
  if (!config.OTEL_TRACING_ENABLED || backend) return backend !== undefined;
  const { startOpenTelemetry } = await import('./open-telemetry');
  backend = startOpenTelemetry(config);
  return true;
}

export function tracingEnabled(): boolean {
  return backend !== undefined;
}

/** Runs one job run inside its span (`job <type>`, a trace of its own); off: just runs it. */
export function traceJobRun<T>(job: TracedJob, run: () => Promise<T>): Promise<T> {
  return backend ? backend.jobRun(job, run) : run();
}

/** Records how the job run in progress ended (`succeeded`, `failed`, `retry`...) on its span. */
export function recordJobOutcome(outcome: string): void {
  backend?.jobOutcome(outcome);
}

/** A span for one Saferpay HTTP attempt, ending now (the Saferpay client's observer). */
export function traceSaferpayAttempt(observation: SaferpayAttemptObservation): void {
  backend?.saferpayAttempt(observation);
}

/** The pino mixin adding the active trace to each log line, or undefined when tracing is off. */
export function traceLogMixin(): (() => Record<string, string>) | undefined {
  const active = backend;
  return active ? () => active.logFields() : undefined;
}

/** Flushes and stops tracing (at shutdown, after the app closed). */
export async function stopTracing(): Promise<void> {
  const active = backend;
  backend = undefined;
  await active?.shutdown();
}
