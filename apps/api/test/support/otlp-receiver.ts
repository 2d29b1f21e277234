import { Receiver, type Received } from './webhook-receiver';

/** One span as an OTLP/HTTP JSON export carried it, attributes decoded to plain values. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  attributes: Record<string, unknown>;
  /** OTLP StatusCode: 0 unset, 1 ok, 2 error. */
  statusCode: number;
  resource: Record<string, unknown>;
}

interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}
interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
  arrayValue?: { values?: OtlpAnyValue[] };
}
interface OtlpTraceRequest {
  resourceSpans?: {
    resource?: { attributes?: OtlpKeyValue[] };
    scopeSpans?: {
      spans?: (Omit<ReceivedSpan, 'attributes' | 'statusCode' | 'resource'> & {
        attributes?: OtlpKeyValue[];
        status?: { code?: number };
      })[];
    }[];
  }[];
}

function valueOf(value: OtlpAnyValue): unknown {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(valueOf);
  return undefined;
}

function attributesOf(list: OtlpKeyValue[] = []): Record<string, unknown> {
  return Object.fromEntries(list.map(({ key, value }) => [key, valueOf(value)]));
}

/**
 * A collector stand-in: takes OTLP/HTTP trace exports (`POST /v1/traces`, JSON, as
 * `@opentelemetry/exporter-trace-otlp-http` sends them), answers `{}` and decodes the spans.
 */
export class OtlpReceiver {
  private readonly receiver = new Receiver({ contentType: 'application/json', body: () => '{}' });

  start(): Promise<void> {
    return this.receiver.start();
  }

  stop(): Promise<void> {
    return this.receiver.stop();
  }

  /** The OTEL_EXPORTER_OTLP_ENDPOINT to configure (the exporter appends `/v1/traces`). */
  get endpoint(): string {
    return this.receiver.url('');
  }

  /** Every request received, on any path. */
  get requests(): Received[] {
    return this.receiver.requests;
  }

  spans(): ReceivedSpan[] {
    return this.receiver.at('/v1/traces').flatMap((request) => {
      const decoded = JSON.parse(request.body) as OtlpTraceRequest;
      return (decoded.resourceSpans ?? []).flatMap((resourceSpans) => {
        const resource = attributesOf(resourceSpans.resource?.attributes);
        return (resourceSpans.scopeSpans ?? []).flatMap((scope) =>
          (scope.spans ?? []).map(({ attributes, status, ...span }) => ({
            ...span,
            parentSpanId: span.parentSpanId || undefined,
            attributes: attributesOf(attributes),
            statusCode: status?.code ?? 0,
            resource,
          })),
        );
      });
    });
  }
}
