import { hostname } from 'node:os';
import {
  diag,
  DiagLogLevel,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Tracer,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  NodeTracerProvider,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-node';
import type { SaferpayAttemptObservation } from '@platform/saferpay-client';
import { createRootLogger } from '@api/common/http/logging';
import type { AppConfig } from '@api/config/app-config';
import type { TracedJob, TracingBackend } from './tracing';

const TRACER_NAME = 'saferpay-platform-api';
/** Probes and scrapes would drown the requests that matter. */
const UNTRACED_PATHS = /^\/(health|metrics)(\/|\?|$)/;
/** Job outcomes that mean this run did not do its work. */
const FAILED_OUTCOMES = new Set(['failed', 'retry']);

/**
 * The OpenTelemetry SDK: a Node tracer provider (AsyncLocalStorage context, W3C trace
 * context), a batching OTLP/HTTP (JSON) exporter and the http, express and pg
 * instrumentations. Only `tracing.ts` loads this file, and only when tracing is on.
 */
export function startOpenTelemetry(config: AppConfig): TracingBackend {
  const logger = createRootLogger(config).child({ context: 'OpenTelemetry' });
  diag.setLogger(
    {
      error: (message, ...args) => logger.error({ args: args.map(String) }, message),
      warn: (message, ...args) => logger.warn({ args: args.map(String) }, message),
      info: (message) => logger.debug(message),
      debug: (message) => logger.debug(message),
      verbose: (message) => logger.trace(message),
    },
    { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true },
  );

  const provider = new NodeTracerProvider({
    resource: defaultResource().merge(
      resourceFromAttributes({
        'service.name': config.OTEL_SERVICE_NAME,
        'service.instance.id': `${hostname()}:${process.pid}`,
      }),
    ),
    sampler: new ParentBasedSampler({
      root: new TraceIdRatioBasedSampler(config.OTEL_TRACES_SAMPLE_RATIO),
    }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: config.otlpTracesUrl }))],
  });
  provider.register();

  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.test(request.url ?? ''),
        // The only outgoing node:http requests are webhook deliveries to tenants' URLs: they
        // must not carry our trace context (and are counted by the webhook metrics).
        disableOutgoingRequestInstrumentation: true,
        // The request id (X-Request-Id, also in the logs and problems) beside the trace id.
        applyCustomAttributesOnSpan: (span, _request, response) => {
          const requestId =
            'getHeader' in response ? response.getHeader('x-request-id') : undefined;
          if (typeof requestId === 'string') span.setAttribute('http.request_id', requestId);
        },
      }),
      // Route templates (`/franchises/:id`) on the server span; middleware layers are noise.
      new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
      // Statements only (parameters are never recorded), and only inside a request or job:
      // the workers' idle polling would otherwise be a trace per poll.
      new PgInstrumentation({
        requireParentSpan: true,
        enhancedDatabaseReporting: false,
        ignoreConnectSpans: true,
      }),
    ],
  });

  const tracer = trace.getTracer(TRACER_NAME);

  return {
    jobRun<T>(job: TracedJob, run: () => Promise<T>): Promise<T> {
      const attributes: Attributes = {
        'job.type': job.type,
        'job.id': job.id,
        'job.attempt': job.attempts,
      };
      return tracer.startActiveSpan(
        `job ${job.type}`,
        { kind: SpanKind.CONSUMER, root: true, attributes },
        async (span) => {
          try {
            return await run();
          } catch (error) {
            span.recordException(error instanceof Error ? error : String(error));
            span.setStatus({ code: SpanStatusCode.ERROR });
            throw error;
          } finally {
            span.end();
          }
        },
      );
    },

    jobOutcome(outcome: string): void {
      const span = trace.getActiveSpan();
      if (!span) return;
      span.setAttribute('job.outcome', outcome);
      if (FAILED_OUTCOMES.has(outcome)) span.setStatus({ code: SpanStatusCode.ERROR });
    },

    saferpayAttempt(observation: SaferpayAttemptObservation): void {
      recordSaferpayAttempt(tracer, observation);
    },

    logFields(): Record<string, string> {
      const context = trace.getActiveSpan()?.spanContext();
      return context ? { traceId: context.traceId, spanId: context.spanId } : {};
    },

    async shutdown(): Promise<void> {
      await provider.shutdown();
    },
  };
}

/**
 * One Saferpay HTTP attempt as a client span ending now, under the active span. Only what the
 * metrics get: operation, status, ErrorName, attempt; never credentials, URLs (they carry the
 * customer id) or bodies. Failed attempts (HTTP >= 400, timeout, network...) are errors.
 */
export function recordSaferpayAttempt(
  tracer: Tracer,
  observation: SaferpayAttemptObservation,
): void {
  const { operation, status, errorName, attempt, durationMs } = observation;
  const endTime = Date.now();
  const httpStatus = /^\d{3}$/.test(status) ? Number(status) : undefined;
  const span = tracer.startSpan(`saferpay ${operation}`, {
    kind: SpanKind.CLIENT,
    startTime: endTime - durationMs,
    attributes: {
      'saferpay.operation': operation,
      'saferpay.status': status,
      'saferpay.attempt': attempt,
      ...(httpStatus !== undefined ? { 'http.response.status_code': httpStatus } : {}),
      ...(errorName ? { 'saferpay.error_name': errorName } : {}),
    },
  });
  if (httpStatus === undefined || httpStatus >= 400) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: errorName ?? status });
  }
  span.end(endTime);
}
