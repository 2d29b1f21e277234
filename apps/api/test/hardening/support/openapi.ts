import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { ALLOWED_PRINCIPALS, PUBLIC_ROUTE } from '@api/auth/auth.decorators';
import type { PrincipalKind } from '@api/auth/principal';

/** A JSON Schema object of the document (OpenAPI 3.0 flavour: `nullable`, `$ref`). */
export type SchemaObject = Record<string, unknown> & {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  items?: SchemaObject;
  allOf?: SchemaObject[];
  oneOf?: SchemaObject[];
  anyOf?: SchemaObject[];
  additionalProperties?: boolean | SchemaObject;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
};

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: SchemaObject;
}

export interface Operation {
  operationId: string;
  method: string;
  /** The path template, e.g. `/franchises/{franchiseId}`. */
  path: string;
  parameters: Parameter[];
  pathParams: string[];
  /** Content type → schema of the request body, when there is one. */
  requestBody?: { required: boolean; content: Record<string, SchemaObject> };
  /** Status → content types documented for it. */
  responses: Record<string, string[]>;
  /** No credential needed (no `security` requirement). */
  isPublic: boolean;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { schemas: Record<string, SchemaObject> };
}

/** The committed contract, `libs/api-types/openapi.json`. */
export function loadDocument(): OpenApiDocument {
  const file = join(__dirname, '../../../../../libs/api-types/openapi.json');
  return JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** Every operation of the document, in document order. */
export function operationsOf(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, raw] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const op = raw as {
        operationId: string;
        parameters?: Parameter[];
        requestBody?: { required?: boolean; content: Record<string, { schema: SchemaObject }> };
        responses: Record<string, { content?: Record<string, unknown> }>;
        security?: unknown[];
      };
      const parameters = op.parameters ?? [];
      operations.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        path,
        parameters,
        pathParams: [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]),
        requestBody: op.requestBody && {
          required: op.requestBody.required ?? false,
          content: Object.fromEntries(
            Object.entries(op.requestBody.content).map(([type, media]) => [type, media.schema]),
          ),
        },
        responses: Object.fromEntries(
          Object.entries(op.responses).map(([status, response]) => [
            status,
            Object.keys(response.content ?? {}),
          ]),
        ),
        isPublic: !op.security || op.security.length === 0,
      });
    }
  }
  return operations;
}

/** Follows `$ref`s (`#/components/schemas/X`) until a schema object. */
export function resolveSchema(document: OpenApiDocument, schema: SchemaObject): SchemaObject {
  let current = schema;
  for (let i = 0; current.$ref && i < 20; i += 1) {
    const name = /^#\/components\/schemas\/(.+)$/.exec(current.$ref)?.[1];
    const target = name ? document.components.schemas[name] : undefined;
    if (!target) throw new Error(`unresolvable $ref ${current.$ref}`);
    current = target;
  }
  return current;
}

/** `/franchises/{franchiseId}` with `{ franchiseId: 'x' }` → `/franchises/x` (encoded). */
export function fillPath(template: string, values: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    if (values[name] === undefined) throw new Error(`no value for path parameter ${name}`);
    return encodeURIComponent(values[name]);
  });
}

export type RouteAccess = 'public' | PrincipalKind[];

/**
 * Who may call each operation, read from the running app's controllers: the operation id is
 * the handler's method name (see openapi-document.ts), the principals its `@AllowPrincipals`
 * (operators when unstated), `@Public()` none. Nothing here is a hand-kept list.
 */
export function accessByOperation(app: INestApplication): Map<string, RouteAccess> {
  const access = new Map<string, RouteAccess>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!type?.prototype) continue;
      const prototype = type.prototype as Record<string, unknown>;
      for (const method of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[method];
        if (method === 'constructor' || typeof handler !== 'function') continue;
        const meta = (key: string): unknown =>
          Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, type);
        access.set(
          method,
          meta(PUBLIC_ROUTE)
            ? 'public'
            : ((meta(ALLOWED_PRINCIPALS) as PrincipalKind[] | undefined) ?? ['operator']),
        );
      }
    }
  }
  return access;
}
