import { resolveSchema, type OpenApiDocument, type Operation, type SchemaObject } from './openapi';

/** A plausible value of each string format the document uses. */
export const FORMAT_EXAMPLES: Record<string, string> = {
  uuid: '6f1c2b0e-8d3a-4c5e-9f7a-1b2c3d4e5f60',
  'date-time': '2025-01-01T00:00:00.000Z',
  date: '2025-01-01',
  email: 'ops@example.com',
  uri: 'https://example.com/',
};

/**
 * A minimal valid-looking value of a schema: required properties only, the schema's `example`
 * where it has one, else the first enum member, a format's example, the bounds of numbers and
 * lengths. `overrides` replaces properties by name at any depth (e.g. `accountId` with a real id).
 */
export function exampleOf(
  document: OpenApiDocument,
  raw: SchemaObject,
  overrides: Record<string, unknown> = {},
  depth = 0,
): unknown {
  const schema = resolveSchema(document, raw);
  if (depth > 8) return null;
  if (schema.example !== undefined && schema.type !== 'object') return schema.example;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.allOf?.length) return exampleOf(document, schema.allOf[0], overrides, depth + 1);
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives?.length) return exampleOf(document, alternatives[0], overrides, depth + 1);
  switch (schema.type) {
    case 'string': {
      if (schema.format && FORMAT_EXAMPLES[schema.format]) return FORMAT_EXAMPLES[schema.format];
      const length = Math.max(schema.minLength ?? 1, Math.min(schema.maxLength ?? 8, 8));
      return 'x'.repeat(length);
    }
    case 'integer':
    case 'number':
      return schema.minimum ?? Math.min(schema.maximum ?? 1, 1);
    case 'boolean':
      return false;
    case 'array': {
      const count = schema.minItems ?? 0;
      return Array.from({ length: count }, () =>
        exampleOf(document, schema.items ?? {}, overrides, depth + 1),
      );
    }
    default: {
      const object: Record<string, unknown> = {};
      for (const name of schema.required ?? []) {
        object[name] =
          name in overrides
            ? overrides[name]
            : exampleOf(document, schema.properties?.[name] ?? {}, overrides, depth + 1);
      }
      return object;
    }
  }
}

/** The body of an operation as `fetch` options (JSON, or the documented CSV), if it takes one. */
export function exampleBody(
  document: OpenApiDocument,
  operation: Operation,
  overrides: Record<string, unknown> = {},
): { contentType: string; body: string } | undefined {
  const content = operation.requestBody?.content;
  if (!content) return undefined;
  if (content['application/json']) {
    return {
      contentType: 'application/json',
      body: JSON.stringify(exampleOf(document, content['application/json'], overrides)),
    };
  }
  if (content['text/csv']) {
    return {
      contentType: 'text/csv',
      body: 'customerId,environment,label,username,password\n123456,test,Shop,API_123456_1,secret\n',
    };
  }
  throw new Error(`${operation.operationId}: no example for ${Object.keys(content).join(', ')}`);
}

/** `?name=value&…` of the operation's required query parameters (empty when none). */
export function exampleQuery(document: OpenApiDocument, operation: Operation): string {
  const query = new URLSearchParams();
  for (const parameter of operation.parameters) {
    if (parameter.in !== 'query' || !parameter.required) continue;
    query.set(parameter.name, String(exampleOf(document, parameter.schema)));
  }
  const text = query.toString();
  return text ? `?${text}` : '';
}
