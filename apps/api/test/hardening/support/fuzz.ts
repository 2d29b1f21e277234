import fc from 'fast-check';
import type { PrincipalKind } from '@api/auth/principal';
import { FORMAT_EXAMPLES } from './examples';
import {
  resolveSchema,
  type OpenApiDocument,
  type Operation,
  type Parameter,
  type RouteAccess,
  type SchemaObject,
} from './openapi';
import type { World } from './world';

/** One generated request, before it is sent. */
export interface FuzzRequest {
  operationId: string;
  method: string;
  /** Path and query, already encoded. */
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** What kind of input this is (for the failure report). */
  kind: string;
}

export const DEFAULT_SEED = 20_251_125;
export const DEFAULT_RUNS = 60;

/** Strings that have broken APIs before: injections, traversal, encodings, control characters. */
export const HOSTILE_STRINGS = [
  "' OR '1'='1",
  "'; DROP TABLE franchises; --",
  "1' AND pg_sleep(5)--",
  '" OR ""="',
  "%' AND 1=1 --",
  "\\'; SELECT 1; --",
  '../../../../etc/passwd',
  '..%2F..%2F..%2Fetc%2Fpasswd',
  '..\\..\\windows\\win.ini',
  '/%2e%2e/%2e%2e/',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'x\ud83d',
  '\u202eevil\u202c',
  'שלום עולם',
  '𝕳𝖊𝖑𝖑𝖔 👩‍👩‍👧‍👦',
  '\ufeff',
  '\r\nX-Injected: 1',
  '<script>alert(1)</script>',
  '${jndi:ldap://x/a}',
  '{{7*7}}',
  '%s%n%x',
  '__proto__',
  'constructor',
  'NaN',
  '-0',
  '1e309',
  ' ',
  '',
];

/** Raw path segments that are not valid percent-encoding or decode to something awkward. */
const RAW_SEGMENTS = ['%', '%zz', '%E0%A4%A', '%00', '%2e%2e', '%2F', '%C0%AF', '%ED%A0%80', '..'];

const HUGE_STRING = 'A'.repeat(100_000);
const DEPTH = 10_000;
const DEEP_ARRAY = `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`;
const DEEP_OBJECT = `${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}`;

/** JSON nested `DEPTH` levels deep, objects and arrays alternating. */
const DEEP_MIXED = `${'{"a":['.repeat(DEPTH / 2)}1${']}'.repeat(DEPTH / 2)}`;
/**
 * Stands for a `DEPTH`-deep value inside a generated body (JSON.stringify would overflow this
 * process's stack on the real thing); `toJson` splices the deep JSON in.
 */
const DEEP_SENTINEL = '__fuzz_deep_nesting__';

/** JSON text of a generated value, with the deep-nesting sentinel replaced by deep JSON. */
function toJson(value: unknown): string {
  return JSON.stringify(value).split(`"${DEEP_SENTINEL}"`).join(DEEP_MIXED);
}

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 1, arbitrary: fc.constant(HUGE_STRING) },
  {
    weight: 2,
    arbitrary: fc.constantFrom<unknown>(
      -1,
      0,
      2 ** 53 + 1,
      1e308,
      -1e308,
      0.5,
      1e-300,
      true,
      false,
      null,
      [],
      {},
      [null],
      { $gt: '' },
      { toString: 'x' },
    ),
  },
  { weight: 1, arbitrary: fc.constant(DEEP_SENTINEL) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** Percent-encodes a path segment byte by byte (lone surrogates become U+FFFD, as UTF-8 does). */
function encodeSegment(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(char)
      ? char
      : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** A valid-looking value of a schema (types, formats, enums, bounds, required, `$ref`s). */
export function valueArb(
  document: OpenApiDocument,
  raw: SchemaObject,
  world: World,
  name = '',
  depth = 0,
): fc.Arbitrary<unknown> {
  const schema = resolveSchema(document, raw);
  let arb = plainValueArb(document, schema, world, name, depth);
  // The document's example is a value the API takes (arrays included: `sourceUrls`).
  if (schema.example !== undefined && schema.type === 'array')
    arb = fc.oneof(fc.constant(schema.example), arb);
  return schema.nullable ? fc.option(arb, { nil: null, freq: 6 }) : arb;
}

function plainValueArb(
  document: OpenApiDocument,
  schema: SchemaObject,
  world: World,
  name: string,
  depth: number,
): fc.Arbitrary<unknown> {
  if (depth > 6) return fc.constant(null);
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  if (schema.allOf?.length) return valueArb(document, schema.allOf[0], world, name, depth + 1);
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives?.length)
    return fc.oneof(...alternatives.map((s) => valueArb(document, s, world, name, depth + 1)));
  switch (schema.type) {
    case 'string':
      return stringArb(schema, world, name);
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? -1_000;
      const max = schema.maximum ?? Math.max(min + 1_000_000, 1_000_000);
      const integer = fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
      return schema.type === 'integer'
        ? integer
        : fc.oneof(integer, fc.double({ min, max, noNaN: true, noDefaultInfinity: true }));
    }
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(valueArb(document, schema.items ?? {}, world, name, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 3)),
      });
    default: {
      const properties = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const entries = Object.entries(properties).map(([key, sub]) => {
        const arb = valueArb(document, sub, world, key, depth + 1);
        return [key, required.has(key) ? arb : fc.option(arb, { nil: undefined })] as const;
      });
      return fc
        .record(Object.fromEntries(entries) as Record<string, fc.Arbitrary<unknown>>)
        .map((value) =>
          Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)),
        );
    }
  }
}

function stringArb(schema: SchemaObject, world: World, name: string): fc.Arbitrary<unknown> {
  const options: fc.Arbitrary<unknown>[] = [];
  const known = world.fields[name] ?? world.ids[name];
  if (known) options.push(fc.constant(known));
  if (schema.example !== undefined) options.push(fc.constant(schema.example));
  switch (schema.format) {
    case 'uuid':
      options.push(fc.uuid());
      break;
    case 'date-time':
    case 'date': {
      const date = fc
        .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString());
      options.push(schema.format === 'date' ? date.map((d) => d.slice(0, 10)) : date);
      break;
    }
    case 'email':
      options.push(fc.emailAddress());
      break;
    case 'uri':
      options.push(fc.webUrl());
      break;
    default:
      if (schema.format && FORMAT_EXAMPLES[schema.format])
        options.push(fc.constant(FORMAT_EXAMPLES[schema.format]));
  }
  const minLength = schema.minLength ?? 0;
  options.push(
    fc.string({ minLength, maxLength: Math.max(minLength, Math.min(schema.maxLength ?? 24, 24)) }),
  );
  return fc.oneof(...options);
}

/** Replaces the node at one (chosen) position of a JSON value with `replacement`. */
function replaceAt(value: unknown, choice: number, replacement: unknown): unknown {
  const paths: (string | number)[][] = [];
  const walk = (node: unknown, path: (string | number)[]) => {
    paths.push(path);
    if (Array.isArray(node)) node.forEach((child, i) => walk(child, [...path, i]));
    else if (node && typeof node === 'object')
      for (const [key, child] of Object.entries(node)) walk(child, [...path, key]);
  };
  walk(value, []);
  const path = paths[choice % paths.length];
  if (path.length === 0) return replacement;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
  node[path[path.length - 1]] = replacement;
  return copy;
}

const WRONG_CONTENT_TYPES = [
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/merge-patch+json',
  '',
];

const MALFORMED_JSON = [
  '{',
  '{"a":',
  '{"a":1,}',
  "{'a':1}",
  'nul',
  '\u0000',
  '\ufeff{}',
  '{"a":1}{"b":2}',
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
  '[1,2',
  '"\\x41"',
  '1e99999',
];

interface BodyVariant {
  kind: string;
  contentType?: string;
  body?: string;
  encoding?: string;
}

function jsonBodyArb(
  document: OpenApiDocument,
  schema: SchemaObject,
  world: World,
  bodyLimit: number,
): fc.Arbitrary<BodyVariant> {
  const valid = valueArb(document, schema, world);
  const json = (kind: string) => (value: unknown) => ({
    kind,
    contentType: 'application/json',
    body: toJson(value),
  });
  return fc.oneof(
    { weight: 4, arbitrary: valid.map(json('valid')) },
    {
      weight: 5,
      arbitrary: fc
        .tuple(valid, fc.nat(), hostileValue)
        .map(([value, choice, hostile]) =>
          json('hostile field')(replaceAt(value, choice, hostile)),
        ),
    },
    { weight: 1, arbitrary: hostileValue.map(json('hostile root')) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(valid, fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 })))
        .map(([value, extra]) =>
          json('unknown properties')(
            value && typeof value === 'object' && !Array.isArray(value)
              ? { ...extra, ...value }
              : extra,
          ),
        ),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(valid, fc.constantFrom('__proto__', 'constructor', 'prototype'))
        .map(([value, key]) => {
          const text = toJson(value);
          const inject = `"${key}":{"polluted":"yes","prototype":{"polluted":"yes"}}`;
          return {
            kind: 'prototype keys',
            contentType: 'application/json',
            body: text.startsWith('{')
              ? `{${inject}${text.length > 2 ? ',' : ''}${text.slice(1)}`
              : `{${inject}}`,
          };
        }),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(DEEP_ARRAY, DEEP_OBJECT).map((body) => ({
        kind: 'deep nesting',
        contentType: 'application/json',
        body,
      })),
    },
    {
      weight: 1,
      arbitrary: fc.constant({
        kind: 'oversized body',
        contentType: 'application/json',
        body: `{"name":"${'B'.repeat(bodyLimit + 16)}"}`,
      }),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...MALFORMED_JSON).map((body) => ({
        kind: 'malformed JSON',
        contentType: 'application/json',
        body,
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(valid, fc.constantFrom(...WRONG_CONTENT_TYPES))
        .map(([value, contentType]) => ({
          kind: 'wrong content type',
          contentType: contentType || undefined,
          body: toJson(value),
        })),
    },
    {
      weight: 1,
      arbitrary: valid.map((value) => ({
        kind: 'bogus content encoding',
        contentType: 'application/json',
        encoding: 'gzip',
        body: toJson(value),
      })),
    },
  );
}

function csvBodyArb(bodyLimit: number): fc.Arbitrary<BodyVariant> {
  const header = 'customerId,environment,label,username,password';
  const field = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom(...HOSTILE_STRINGS),
    fc.constantFrom('123456', 'test', 'live', '"quoted, comma"', '"unterminated'),
  );
  const row = fc.array(field, { minLength: 0, maxLength: 7 }).map((cells) => cells.join(','));
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.array(row, { maxLength: 5 }).map((rows) => ({
        kind: 'csv',
        contentType: 'text/csv',
        body: [header, ...rows].join('\n'),
      })),
    },
    {
      weight: 1,
      arbitrary: fc.constant({
        kind: 'oversized body',
        contentType: 'text/csv',
        body: `${header}\n${'1,test,x,y,z\n'.repeat(Math.ceil(bodyLimit / 12) + 1)}`,
      }),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(HUGE_STRING, '\u0000\u0001', '\ufeff' + header, DEEP_ARRAY)
        .map((body) => ({ kind: 'hostile csv', contentType: 'text/csv', body })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom('application/json', 'text/plain', '').map((contentType) => ({
        kind: 'wrong content type',
        contentType: contentType || undefined,
        body: `${header}\n123456,test,a,b,c`,
      })),
    },
  );
}

/** The body of an operation (none, or a stray one for operations that take none). */
function bodyArb(
  document: OpenApiDocument,
  operation: Operation,
  world: World,
  bodyLimit: number,
  clean: boolean,
): fc.Arbitrary<BodyVariant> {
  const content = operation.requestBody?.content;
  const none = fc.constant<BodyVariant>({ kind: 'no body' });
  if (clean) {
    if (content?.['application/json'])
      return valueArb(document, content['application/json'], world).map((value) => ({
        kind: 'valid',
        contentType: 'application/json',
        body: toJson(value),
      }));
    if (content?.['text/csv'])
      return fc.constant({
        kind: 'csv',
        contentType: 'text/csv',
        body: 'customerId,environment,label,username,password\n999001,test,Fuzz,API_999001_1,pw\n',
      });
    return none;
  }
  if (!content) {
    if (operation.method === 'GET' || operation.method === 'HEAD') return none;
    return fc.oneof(
      { weight: 4, arbitrary: none },
      {
        weight: 1,
        arbitrary: fc.constantFrom(DEEP_OBJECT, '{"a":', '[]').map((body) => ({
          kind: 'stray body',
          contentType: 'application/json',
          body,
        })),
      },
    );
  }
  const variants: fc.Arbitrary<BodyVariant>[] = [];
  if (content['application/json'])
    variants.push(jsonBodyArb(document, content['application/json'], world, bodyLimit));
  if (content['text/csv']) variants.push(csvBodyArb(bodyLimit));
  if (!operation.requestBody?.required) variants.push(none);
  return fc.oneof(...variants);
}

function pathParamArb(
  name: string,
  world: World,
  clean: boolean,
): fc.Arbitrary<{ kind: string; segment: string }> {
  const real = world.ids[name];
  if (clean)
    return real
      ? fc.constant({ kind: 'real id', segment: real })
      : fc.uuid().map((segment) => ({ kind: 'random uuid', segment }));
  const options: fc.WeightedArbitrary<{ kind: string; segment: string }>[] = [
    { weight: 1, arbitrary: fc.uuid().map((segment) => ({ kind: 'random uuid', segment })) },
    {
      weight: 1,
      arbitrary: fc
        .oneof(fc.constantFrom(...HOSTILE_STRINGS.filter(Boolean)), fc.string({ minLength: 1 }))
        .map((text) => ({ kind: 'hostile id', segment: encodeSegment(text) })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...RAW_SEGMENTS).map((segment) => ({ kind: 'raw id', segment })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        { kind: 'long id', segment: 'a'.repeat(4_000) },
        { kind: 'number id', segment: '-1' },
        { kind: 'number id', segment: '99999999999999999999' },
        { kind: 'number id', segment: '1.5' },
      ),
    },
  ];
  if (real) options.push({ weight: 5, arbitrary: fc.constant({ kind: 'real id', segment: real }) });
  return fc.oneof(...options);
}

function queryArb(
  document: OpenApiDocument,
  parameters: Parameter[],
  world: World,
  clean: boolean,
): fc.Arbitrary<string> {
  const one = (parameter: Parameter) => {
    const schema = resolveSchema(document, parameter.schema);
    const valid = valueArb(document, schema, world, parameter.name).map((value) =>
      Array.isArray(value) ? value.map(String) : [String(value)],
    );
    const hostile = fc
      .oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.constant(HUGE_STRING.slice(0, 6_000)))
      .map((value) => [value]);
    const repeated = fc.tuple(valid, valid).map(([a, b]) => [...a, ...b]);
    const choice = clean
      ? valid
      : fc.oneof(
          { weight: 6, arbitrary: valid },
          { weight: 2, arbitrary: hostile },
          { weight: 1, arbitrary: repeated },
        );
    return parameter.required
      ? choice
      : fc.oneof(
          { weight: 1, arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: choice },
        );
  };
  const query = parameters.filter((p) => p.in === 'query');
  const junk = fc.constantFrom(
    ['__proto__[polluted]', 'yes'],
    ['constructor[prototype][polluted]', 'yes'],
    ['limit[$gt]', '1'],
    ['cursor', 'eyJpZCI6IicgT1IgMT0xIn0'],
    ['cursor', HUGE_STRING.slice(0, 2_000)],
    ['unknownParam', '1'],
  );
  const extra = clean
    ? fc.constant(undefined)
    : fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: junk });
  return fc.tuple(fc.tuple(...query.map(one)), extra).map(([values, junk]) => {
    const search = new URLSearchParams();
    query.forEach((parameter, i) => {
      for (const value of values[i] ?? []) search.append(parameter.name, value);
    });
    if (junk) search.append(junk[0], junk[1]);
    const text = search.toString();
    return text ? `?${text}` : '';
  });
}

/** Header values must be printable ASCII on the wire; hostile ones stay within that. */
const HOSTILE_HEADER_VALUES = [
  "' OR '1'='1",
  '../../etc/passwd',
  '*',
  'W/"x", "y", *',
  '"',
  'x'.repeat(8_000),
  'gzip;q=2, br;q=-1, identity;q=0',
  '${jndi:ldap://x/a}',
];

/** The operation's documented header parameters, plus an Accept header now and then. */
function headersArb(operation: Operation, clean: boolean): fc.Arbitrary<Record<string, string>> {
  const value = clean
    ? fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 40 })
    : fc.oneof(
        fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 40 }),
        fc.constantFrom(...HOSTILE_HEADER_VALUES),
      );
  const names = operation.parameters.filter((p) => p.in === 'header').map((p) => p.name);
  const accept = fc.constantFrom(
    'application/json',
    'text/csv',
    'application/problem+json',
    'application/xml',
    '*/*',
    'text/html;q=0.9, */*;q=0.1',
    'garbage/',
  );
  return fc
    .record({
      documented: fc.tuple(...names.map(() => fc.option(value, { nil: undefined, freq: 2 }))),
      accept: clean ? fc.constant(undefined) : fc.option(accept, { nil: undefined, freq: 2 }),
    })
    .map(({ documented, accept: acceptValue }) => {
      const headers: Record<string, string> = {};
      names.forEach((name, i) => {
        if (documented[i] !== undefined) headers[name.toLowerCase()] = documented[i];
      });
      if (acceptValue) headers.accept = acceptValue;
      return headers;
    });
}

type Credential = PrincipalKind | 'none' | 'garbage' | 'malformed header';

function credentialArb(access: RouteAccess, clean: boolean): fc.Arbitrary<Credential> {
  const kinds: PrincipalKind[] = ['operator', 'shopToken', 'franchiseInvitation'];
  const allowed = access === 'public' ? kinds : access;
  if (clean) return fc.constantFrom<Credential>(...allowed);
  return fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom<Credential>(...allowed) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<Credential>(...kinds, 'none', 'garbage', 'malformed header'),
    },
  );
}

function authorization(credential: Credential, world: World): string | undefined {
  switch (credential) {
    case 'operator':
      return `Bearer ${world.operatorKey}`;
    case 'shopToken':
      return `Bearer ${world.shopToken}`;
    case 'franchiseInvitation':
      return `Bearer ${world.invitationToken}`;
    case 'garbage':
      return `Bearer sap_op_${'x'.repeat(43)}`;
    case 'malformed header':
      return `Basic ${Buffer.from('a:b').toString('base64')}`;
    case 'none':
      return undefined;
  }
}

/** Requests for one operation: path ids, query, body and credential, valid-looking or hostile. */
export function requestArb(
  document: OpenApiDocument,
  operation: Operation,
  access: RouteAccess,
  world: World,
  bodyLimit: number,
): fc.Arbitrary<FuzzRequest> {
  // A third of the requests are clean (real ids, valid-looking input, the right credential),
  // so they get past validation; the rest mix in hostile parts.
  const variant = (clean: boolean) =>
    fc.record({
      clean: fc.constant(clean),
      path: fc.tuple(...operation.pathParams.map((name) => pathParamArb(name, world, clean))),
      query: queryArb(document, operation.parameters, world, clean),
      body: bodyArb(document, operation, world, bodyLimit, clean),
      credential: credentialArb(access, clean),
      extraHeaders: headersArb(operation, clean),
    });
  return fc
    .oneof({ weight: 1, arbitrary: variant(true) }, { weight: 2, arbitrary: variant(false) })
    .map(({ clean, path, query, body, credential, extraHeaders }) => {
      let index = 0;
      const url = operation.path.replace(/\{[^}]+\}/g, () => path[index++].segment) + query;
      const headers: Record<string, string> = { ...extraHeaders };
      const auth = authorization(credential, world);
      if (auth) headers.authorization = auth;
      if (body.contentType) headers['content-type'] = body.contentType;
      if (body.encoding) headers['content-encoding'] = body.encoding;
      const kinds = [
        clean ? 'clean' : 'mixed',
        ...path.map((p) => p.kind),
        body.kind,
        `as ${credential}`,
      ];
      return {
        operationId: operation.operationId,
        method: operation.method,
        url,
        headers,
        body: body.body,
        kind: kinds.join(', '),
      };
    });
}
