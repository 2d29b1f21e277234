import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import { recordSaferpayAttempt } from './open-telemetry';

describe('recordSaferpayAttempt', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer('test');

  beforeEach(() => exporter.reset());
  afterAll(() => provider.shutdown());

  it('records a successful attempt with its operation and HTTP status, spanning its duration', () => {
    const before = Date.now();
    recordSaferpayAttempt(tracer, {
      operation: 'getLicense',
      status: '200',
      attempt: 1,
      durationMs: 250,
    });
    const [span] = exporter.getFinishedSpans();
    expect(span.name).toBe('saferpay getLicense');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes).toEqual({
      'saferpay.operation': 'getLicense',
      'saferpay.status': '200',
      'saferpay.attempt': 1,
      'http.response.status_code': 200,
    });
    const startMs = span.startTime[0] * 1000 + span.startTime[1] / 1e6;
    const endMs = span.endTime[0] * 1000 + span.endTime[1] / 1e6;
    expect(Math.round(endMs - startMs)).toBe(250);
    expect(endMs).toBeGreaterThanOrEqual(before);
  });

  it("marks a refused attempt as an error with Saferpay's ErrorName", () => {
    recordSaferpayAttempt(tracer, {
      operation: 'getTerminals',
      status: '402',
      errorName: 'PERMISSION_DENIED',
      attempt: 2,
      durationMs: 5,
    });
    const [span] = exporter.getFinishedSpans();
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'PERMISSION_DENIED' });
    expect(span.attributes).toMatchObject({
      'http.response.status_code': 402,
      'saferpay.error_name': 'PERMISSION_DENIED',
      'saferpay.attempt': 2,
    });
  });

  it.each(['timeout', 'network', 'aborted', 'invalid-response'])(
    'marks an attempt without an HTTP answer (%s) as an error without a status code',
    (status) => {
      recordSaferpayAttempt(tracer, {
        operation: 'getTerminal',
        status,
        attempt: 1,
        durationMs: 1,
      });
      const [span] = exporter.getFinishedSpans();
      expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: status });
      expect(span.attributes['saferpay.status']).toBe(status);
      expect(span.attributes).not.toHaveProperty('http.response.status_code');
    },
  );
});
