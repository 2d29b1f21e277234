import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import type { components, operations } from './generated/management-api';

/** operationId of one of the 13 Management API operations. */
export type SaferpayOperationId = keyof operations;
/** Name of a component schema, e.g. `RestApi_Models_TerminalResult`. */
export type SaferpaySchemaName = keyof components['schemas'];

/** Outcome of a validation; `errors` are readable lines such as `/SourceUrls/0 must match pattern "^https://"`. */
export interface ContractValidationResult {
  valid: boolean;
  errors: string[];
}

/** Request parameters as they arrive over HTTP (strings); numbers are coerced per schema. */
export interface ContractRequestParameters {
  path?: Record<string, string>;
  query?: Record<string, string | undefined>;
  /** Header names are matched case-insensitively; headers the contract does not name are ignored. */
  header?: Record<string, string | undefined>;
}

export interface ContractValidator {
  /**
   * Validates a response body for `operationId` and HTTP `status`. Status lookup: exact code,
   * then the range (`5XX`), then `default`. `contentType` defaults to application/json (parameters
   * such as charset are ignored). For responses the contract documents without a body (the
   * DELETEs), `body` must be undefined, null or ''. Undocumented statuses/media types are invalid.
   */
  validateResponse(
    operationId: SaferpayOperationId,
    status: number,
    body: unknown,
    contentType?: string,
  ): ContractValidationResult;
  /** Validates a request body; operations without a request body accept only `undefined`. */
  validateRequestBody(operationId: SaferpayOperationId, body: unknown): ContractValidationResult;
  /** Validates path, query and header parameters (e.g. PageSize <= 2000 of getTransactions). */
  validateRequestParameters(
    operationId: SaferpayOperationId,
    parameters: ContractRequestParameters,
  ): ContractValidationResult;
  /** Validates a value against one component schema. */
  validateSchema(schemaName: SaferpaySchemaName, value: unknown): ContractValidationResult;
  /** The operationIds the document defines, in document order. */
  operationIds(): SaferpayOperationId[];
}

export interface ContractValidatorOptions {
  /** Defaults to the YAML beside `src/` (works when running from source, e.g. under Jest). */
  documentPath?: string;
}

/** Absolute path of the committed OpenAPI document when running from source. */
export const CONTRACT_DOCUMENT_PATH = path.join(__dirname, '..', 'management-api.openapi.yaml');

// Base URI under which the document is registered with Ajv; refs resolve as `${BASE}#/...`.
const BASE = 'https://contract.saferpay.local/management-api.openapi.yaml';
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
// Top-level OpenAPI fields and schema annotations that are not JSON Schema keywords; declared
// so Ajv's strict mode accepts the document while still rejecting typos inside schemas.
const NON_SCHEMA_KEYWORDS = [
  'openapi',
  'info',
  'servers',
  'paths',
  'components',
  'security',
  'tags',
  'webhooks',
  'jsonSchemaDialect',
  'externalDocs',
  'example',
  'discriminator',
  'xml',
];

type JsonObject = Record<string, unknown>;

interface OperationLocation {
  pointer: string;
  operation: JsonObject;
  pathItem: JsonObject;
}

interface ParameterSpec {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schemaRef: string;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function formatErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => {
    const where = error.instancePath === '' ? '(root)' : error.instancePath;
    const extra =
      error.keyword === 'additionalProperties' && isObject(error.params)
        ? ` (${String(error.params.additionalProperty)})`
        : '';
    return `${where} ${error.message ?? error.keyword}${extra}`;
  });
}

function ok(): ContractValidationResult {
  return { valid: true, errors: [] };
}

function fail(...errors: string[]): ContractValidationResult {
  return { valid: false, errors };
}

/**
 * Builds a validator for the Saferpay Management API contract (OpenAPI 3.1 = JSON Schema
 * 2020-12, validated with Ajv 2020 + ajv-formats). Loads the YAML once; compiled schemas are
 * cached per validator. Test and tooling use only: ajv and yaml are devDependencies.
 */
export function createContractValidator(options: ContractValidatorOptions = {}): ContractValidator {
  const documentPath = options.documentPath ?? CONTRACT_DOCUMENT_PATH;
  const document: unknown = parse(readFileSync(documentPath, 'utf8'));
  if (!isObject(document) || !isObject(document.paths)) {
    throw new Error(`${documentPath} is not an OpenAPI document with paths`);
  }
  const paths = document.paths;

  const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true });
  addFormats(ajv);
  for (const keyword of NON_SCHEMA_KEYWORDS) ajv.addKeyword(keyword);
  ajv.addSchema(document, BASE);

  // Parameters arrive as strings; a separate instance coerces them to the schema's types.
  const coercingAjv = new Ajv2020({
    strict: true,
    strictRequired: false,
    allErrors: true,
    coerceTypes: true,
  });
  addFormats(coercingAjv);
  for (const keyword of NON_SCHEMA_KEYWORDS) coercingAjv.addKeyword(keyword);
  coercingAjv.addSchema(document, BASE);

  const operationsById = new Map<string, OperationLocation>();
  for (const [pathKey, pathItem] of Object.entries(paths)) {
    if (!isObject(pathItem)) continue;
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (!isObject(operation) || typeof operation.operationId !== 'string') continue;
      operationsById.set(operation.operationId, {
        pointer: `#/paths/${escapePointer(pathKey)}/${method}`,
        operation,
        pathItem,
      });
    }
  }

  const compiled = new Map<string, ValidateFunction>();
  const compileRef = (ref: string, instance: Ajv2020 = ajv): ValidateFunction => {
    const key = `${instance === ajv ? 'plain' : 'coerce'}:${ref}`;
    let validate = compiled.get(key);
    if (!validate) {
      validate = instance.compile({ $ref: `${BASE}${ref}` });
      compiled.set(key, validate);
    }
    return validate;
  };

  const run = (ref: string, value: unknown): ContractValidationResult => {
    const validate = compileRef(ref);
    return validate(value) ? ok() : fail(...formatErrors(validate.errors));
  };

  const locate = (operationId: string): OperationLocation => {
    const location = operationsById.get(operationId);
    if (!location) throw new Error(`Unknown Saferpay operationId: ${operationId}`);
    return location;
  };

  // Resolves a local `$ref` object (parameters/responses) to its target, keeping the pointer.
  const resolve = (value: unknown, pointer: string): { value: unknown; pointer: string } => {
    if (isObject(value) && typeof value.$ref === 'string' && value.$ref.startsWith('#/')) {
      const target = value.$ref
        .slice(2)
        .split('/')
        .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce<unknown>((node, part) => (isObject(node) ? node[part] : undefined), document);
      return resolve(target, value.$ref);
    }
    return { value, pointer };
  };

  const parameterSpecs = (location: OperationLocation): ParameterSpec[] => {
    const specs = new Map<string, ParameterSpec>();
    const collect = (list: unknown, listPointer: string): void => {
      if (!Array.isArray(list)) return;
      list.forEach((entry, index) => {
        const { value, pointer } = resolve(entry, `${listPointer}/${index}`);
        if (!isObject(value) || typeof value.name !== 'string') return;
        if (value.in !== 'path' && value.in !== 'query' && value.in !== 'header') return;
        const name = value.in === 'header' ? value.name.toLowerCase() : value.name;
        // Operation-level parameters override path-level ones with the same name and location.
        specs.set(`${value.in}:${name}`, {
          name,
          in: value.in,
          required: value.required === true,
          schemaRef: `${pointer}/schema`,
        });
      });
    };
    const pathPointer = location.pointer.slice(0, location.pointer.lastIndexOf('/'));
    collect(location.pathItem.parameters, `${pathPointer}/parameters`);
    collect(location.operation.parameters, `${location.pointer}/parameters`);
    return [...specs.values()];
  };

  return {
    validateResponse(operationId, status, body, contentType = 'application/json') {
      const location = locate(operationId);
      const responses = location.operation.responses;
      if (!isObject(responses)) return fail(`${operationId} documents no responses`);
      const key = [String(status), `${String(status).charAt(0)}XX`, 'default'].find(
        (candidate) => candidate in responses,
      );
      if (!key) return fail(`${operationId} does not document HTTP status ${status}`);
      const { value: response, pointer } = resolve(
        responses[key],
        `${location.pointer}/responses/${escapePointer(key)}`,
      );
      if (!isObject(response)) return fail(`${operationId} ${key}: unreadable response object`);
      if (!isObject(response.content)) {
        return body === undefined || body === null || body === ''
          ? ok()
          : fail(`${operationId} ${key} has no body in the contract, got one`);
      }
      const mediaType = contentType.split(';')[0].trim().toLowerCase();
      if (!isObject(response.content[mediaType])) {
        return fail(`${operationId} ${key} does not document media type ${mediaType}`);
      }
      return run(`${pointer}/content/${escapePointer(mediaType)}/schema`, body);
    },

    validateRequestBody(operationId, body) {
      const location = locate(operationId);
      const requestBody = location.operation.requestBody;
      if (!isObject(requestBody)) {
        return body === undefined ? ok() : fail(`${operationId} takes no request body`);
      }
      if (body === undefined) {
        return requestBody.required === true ? fail(`${operationId} requires a body`) : ok();
      }
      return run(
        `${location.pointer}/requestBody/content/${escapePointer('application/json')}/schema`,
        body,
      );
    },

    validateRequestParameters(operationId, parameters) {
      const location = locate(operationId);
      const errors: string[] = [];
      const given: Record<ParameterSpec['in'], Record<string, string | undefined>> = {
        path: parameters.path ?? {},
        query: parameters.query ?? {},
        header: Object.fromEntries(
          Object.entries(parameters.header ?? {}).map(([name, value]) => [
            name.toLowerCase(),
            value,
          ]),
        ),
      };
      const specs = parameterSpecs(location);
      for (const spec of specs) {
        const value = given[spec.in][spec.name];
        if (value === undefined) {
          if (spec.required) errors.push(`${spec.in} parameter ${spec.name} is required`);
          continue;
        }
        // Ajv coerces a scalar root value for validation ("2000" against an integer schema).
        const validate = compileRef(spec.schemaRef, coercingAjv);
        if (!validate(value)) {
          errors.push(
            ...formatErrors(validate.errors).map(
              (line) => `${spec.in} parameter ${spec.name}: ${line.replace('(root) ', '')}`,
            ),
          );
        }
      }
      // Request precision: query and path parameters the contract does not name are errors.
      for (const where of ['path', 'query'] as const) {
        for (const name of Object.keys(given[where])) {
          if (!specs.some((spec) => spec.in === where && spec.name === name)) {
            errors.push(`${where} parameter ${name} is not defined for ${operationId}`);
          }
        }
      }
      return errors.length === 0 ? ok() : fail(...errors);
    },

    validateSchema(schemaName, value) {
      const schemas = isObject(document.components) ? document.components.schemas : undefined;
      if (!isObject(schemas) || !(schemaName in schemas)) {
        throw new Error(`Unknown Saferpay schema: ${schemaName}`);
      }
      return run(`#/components/schemas/${escapePointer(schemaName)}`, value);
    },

    operationIds() {
      return [...operationsById.keys()] as SaferpayOperationId[];
    },
  };
}
