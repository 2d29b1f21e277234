import {
  createContractValidator,
  type SaferpayOperationId,
  type operations,
  type paths,
} from '@platform/saferpay-contract';

/**
 * Checks every Management API response the sandbox tests receive against the OpenAPI document of
 * `@platform/saferpay-contract`. `call()` (harness.ts) runs {@link checkContractResponse} after
 * each answer; a violation throws {@link ContractViolation}, which fails the test. The tally below
 * lets `contract.spec.ts` prove that every operation's success and error paths went through it.
 */

export type HttpMethod = 'GET' | 'POST' | 'DELETE' | 'PUT' | 'PATCH';
type ContractMethod = 'get' | 'post' | 'delete';

/**
 * Where each operation lives in the document. The type makes the compiler check that every
 * operationId has an entry, that each path is a key of the generated `paths`, and that the
 * document defines that method on it; contract.spec.ts compares the table with the YAML itself.
 */
type RouteOf<Op extends SaferpayOperationId> = {
  [P in keyof paths]: {
    [M in ContractMethod]: [paths[P][M]] extends [operations[Op]]
      ? [operations[Op]] extends [paths[P][M]]
        ? { method: M; path: P }
        : never
      : never;
  }[ContractMethod];
}[keyof paths];

export const CONTRACT_ROUTES: { readonly [Op in SaferpayOperationId]: RouteOf<Op> } = {
  getLicense: { method: 'get', path: '/rest/customers/{customerId}/license' },
  getLicenseConfiguration: {
    method: 'get',
    path: '/rest/customers/{customerId}/license-configuration',
  },
  getPaymentPageConfigurations: {
    method: 'get',
    path: '/rest/customers/{customerId}/payment-page/configurations',
  },
  getTerminals: { method: 'get', path: '/rest/customers/{customerId}/terminals' },
  getTerminal: { method: 'get', path: '/rest/customers/{customerId}/terminals/{terminalId}' },
  getPaymentMethods: {
    method: 'get',
    path: '/rest/customers/{customerId}/terminals/{terminalId}/payment-methods',
  },
  createFieldsAccessToken: {
    method: 'post',
    path: '/rest/customers/{customerId}/terminals/{terminalId}/fields-access-tokens',
  },
  deleteFieldsAccessTokens: {
    method: 'delete',
    path: '/rest/customers/{customerId}/terminals/{terminalId}/fields-access-tokens',
  },
  deleteFieldsAccessToken: {
    method: 'delete',
    path: '/rest/customers/{customerId}/terminals/{terminalId}/fields-access-tokens/{accessToken}',
  },
  createSpgOffer: {
    method: 'post',
    path: '/rest/customers/{customerId}/terminals/{terminalId}/spg-offers',
  },
  getSpgOffer: {
    method: 'get',
    path: '/rest/customers/{customerId}/terminals/{terminalId}/spg-offers/{offerId}',
  },
  deleteSpgOffer: {
    method: 'delete',
    path: '/rest/customers/{customerId}/terminals/{terminalId}/spg-offers/{offerId}',
  },
  getTransactions: { method: 'get', path: '/rest/customers/{customerId}/transactions' },
};

/** The contract's paths are relative to the server URL, which ends in `/api`. */
const SERVER_PREFIX = '/api';

interface CompiledRoute {
  operationId: SaferpayOperationId;
  method: string;
  template: string;
  pattern: RegExp;
}

const COMPILED_ROUTES: CompiledRoute[] = (
  Object.entries(CONTRACT_ROUTES) as Array<[SaferpayOperationId, { method: string; path: string }]>
).map(([operationId, route]) => ({
  operationId,
  method: route.method.toUpperCase(),
  template: route.path,
  pattern: new RegExp(
    `^${SERVER_PREFIX}${route.path
      .split(/\{[^}]+\}/)
      .map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^/]+')}$`,
  ),
}));

export type RouteMatch =
  | { kind: 'operation'; operationId: SaferpayOperationId }
  /** A path of the document, with a method the document does not define there. */
  | { kind: 'method-not-defined'; allowed: string[] }
  /** Under /api but no path of the document. */
  | { kind: 'no-route' };

/** Maps method + request path (query string ignored) to the contract's operation. */
export function matchContractRoute(method: string, requestPath: string): RouteMatch {
  const pathname = requestPath.split('?')[0] ?? '';
  const onPath = COMPILED_ROUTES.filter((route) => route.pattern.test(pathname));
  if (onPath.length === 0) return { kind: 'no-route' };
  const route = onPath.find((candidate) => candidate.method === method.toUpperCase());
  if (route) return { kind: 'operation', operationId: route.operationId };
  return { kind: 'method-not-defined', allowed: onPath.map((candidate) => candidate.method) };
}

/** A sandbox response that the OpenAPI document (or the harness's transport rules) rejects. */
export class ContractViolation extends Error {
  constructor(
    readonly what: string,
    readonly errors: readonly string[],
  ) {
    super(
      `Sandbox response violates the Saferpay contract: ${what}\n` +
        errors.map((line) => `  - ${line}`).join('\n'),
    );
    this.name = 'ContractViolation';
  }
}

export interface ObservedResponse {
  method: string;
  /** Request path incl. query, e.g. `/api/rest/customers/123456/terminals`. */
  path: string;
  status: number;
  /** Content-Type header as received (null when absent). */
  contentType: string | null;
  /** Raw body text. */
  text: string;
}

export interface CheckOptions {
  /**
   * The account is configured without this route (`licenseEndpoint: "not-found"`): the sandbox
   * answers like a web server for an unknown route (bare HTML 404), which the document does not
   * describe. The response must be exactly that; it is tallied as `routeAbsent`, not validated.
   */
  routeAbsent?: boolean;
}

export type CheckOutcome =
  | { kind: 'validated'; operationId: SaferpayOperationId }
  | { kind: 'route-absent'; operationId: SaferpayOperationId }
  | { kind: 'outside-contract'; status: number };

export interface OperationTally {
  /** Validated 2xx responses. */
  success: number;
  /** Validated non-2xx responses. */
  error: number;
  /** Validated statuses, for diagnostics. */
  statuses: number[];
  /** Bare 404s of accounts without the route (not validated, see {@link CheckOptions}). */
  routeAbsent: number;
}

const contract = createContractValidator();
const tallies = new Map<SaferpayOperationId, OperationTally>();
let outsideContract = 0;

function tallyOf(operationId: SaferpayOperationId): OperationTally {
  let tally = tallies.get(operationId);
  if (!tally) {
    tally = { success: 0, error: 0, statuses: [], routeAbsent: 0 };
    tallies.set(operationId, tally);
  }
  return tally;
}

/** Validated responses per operation in this test file (Jest isolates modules per file). */
export function contractTally(): ReadonlyMap<SaferpayOperationId, Readonly<OperationTally>> {
  return tallies;
}

/** Bare 404/405 answers to routes the document does not define (checked, not validated). */
export function outsideContractCount(): number {
  return outsideContract;
}

/** The operationIds of the document (in document order). */
export function contractOperationIds(): SaferpayOperationId[] {
  return contract.operationIds();
}

function mediaTypeOf(contentType: string): { type: string; charset?: string } {
  const [type = '', ...parameters] = contentType.split(';').map((part) => part.trim());
  const charset = parameters
    .map((parameter) => /^charset=(.*)$/i.exec(parameter)?.[1])
    .find((value) => value !== undefined);
  return { type: type.toLowerCase(), charset: charset?.replace(/"/g, '').toLowerCase() };
}

function parsesAsJsonContainer(text: string): boolean {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return false;
  try {
    JSON.parse(trimmed);
    return true;
  } catch {
    return false;
  }
}

function isBareHtml(response: ObservedResponse): boolean {
  return response.contentType !== null && mediaTypeOf(response.contentType).type === 'text/html';
}

/**
 * Validates one response: determines the operation from method + path, then checks status,
 * media type and body with the contract validator. Rules on top of the validator:
 * - a body that is JSON must be sent as `application/json` (charset, if any, UTF-8), and an
 *   `application/json` body must parse;
 * - a response without Content-Type must have an empty body and is validated as "no body", so it
 *   passes only where the document declares no content (the DELETEs' 200);
 * - routes the document does not define must get the web server's bare HTML 404 / 405.
 * Throws {@link ContractViolation} listing the validator's errors.
 */
export function checkContractResponse(
  response: ObservedResponse,
  options: CheckOptions = {},
): CheckOutcome {
  const what = `${response.method} ${response.path} → ${response.status} (${response.contentType ?? 'no Content-Type'})`;
  if (!response.path.startsWith(`${SERVER_PREFIX}/`)) {
    throw new ContractViolation(what, [
      'not a Management API path (use admin() / paymentPage() for the rest)',
    ]);
  }
  const route = matchContractRoute(response.method, response.path);
  if (route.kind !== 'operation') {
    const expected = route.kind === 'no-route' ? 404 : 405;
    if (response.status !== expected || !isBareHtml(response)) {
      throw new ContractViolation(what, [
        `${route.kind === 'no-route' ? 'no path' : 'no such method on this path'} in the contract: expected the web server's bare HTML ${expected}`,
      ]);
    }
    outsideContract += 1;
    return { kind: 'outside-contract', status: response.status };
  }

  const { operationId } = route;
  if (options.routeAbsent === true) {
    if (response.status !== 404 || !isBareHtml(response)) {
      throw new ContractViolation(`${operationId}: ${what}`, [
        'routeAbsent: expected the bare HTML 404 of a deployment without this route',
      ]);
    }
    tallyOf(operationId).routeAbsent += 1;
    return { kind: 'route-absent', operationId };
  }

  const errors: string[] = [];
  let result;
  if (response.contentType === null) {
    if (response.text !== '') errors.push('a body without Content-Type');
    result = contract.validateResponse(operationId, response.status, undefined);
  } else {
    const { type, charset } = mediaTypeOf(response.contentType);
    if (type === 'application/json') {
      if (charset !== undefined && charset !== 'utf-8') {
        errors.push(`JSON must be UTF-8, got charset=${charset}`);
      }
      let body: unknown;
      try {
        body = response.text === '' ? undefined : JSON.parse(response.text);
      } catch {
        errors.push('Content-Type is application/json but the body is not JSON');
      }
      result = contract.validateResponse(operationId, response.status, body, type);
    } else {
      if (parsesAsJsonContainer(response.text)) {
        errors.push(`a JSON body must be sent as application/json, not ${type}`);
      }
      result = contract.validateResponse(operationId, response.status, response.text, type);
    }
  }
  errors.push(...result.errors);
  if (errors.length > 0) {
    const excerpt = response.text.length > 300 ? `${response.text.slice(0, 300)}…` : response.text;
    throw new ContractViolation(`${operationId}: ${what}`, [...errors, `body: ${excerpt}`]);
  }

  const tally = tallyOf(operationId);
  if (response.status >= 200 && response.status < 300) tally.success += 1;
  else tally.error += 1;
  if (!tally.statuses.includes(response.status)) tally.statuses.push(response.status);
  return { kind: 'validated', operationId };
}
