import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ManualClock,
  createSandbox,
  type Sandbox,
  type SandboxOptions,
} from '../../src/create-sandbox';
import { checkContractResponse } from './contract-check';

export const DEMO_FIXTURE = join(__dirname, '..', '..', 'fixtures', 'demo.json');

/** Wednesday 10 September 2025, 12:00 in Zurich. */
export const FIXED_NOW = '2025-09-10T10:00:00.000Z';

/** Accounts of fixtures/demo.json. */
export const PIZZA = {
  customerId: '123456',
  username: 'API_123456_10592483',
  password: 'Demo-Pizza-2025',
};
export const BAECKEREI = {
  customerId: '234567',
  username: 'API_234567_20481736',
  password: 'Demo-Baeckerei-2025',
};
export const VELO = {
  customerId: '345678',
  username: 'API_345678_30572911',
  password: 'Demo-Velo-rotated',
};
export const VELO_GIVEN_PASSWORD = 'Demo-Velo-2024';

/**
 * The demo fixture document; `maxTransactions` caps each account's generated transactions
 * (suites that restart the sandbox per test do not need the 3000-transaction account).
 */
export function demoFixture(maxTransactions?: number): unknown {
  const document = JSON.parse(readFileSync(DEMO_FIXTURE, 'utf8')) as {
    accounts: Array<{ transactions?: number }>;
  };
  if (maxTransactions !== undefined) {
    for (const account of document.accounts) {
      account.transactions = Math.min(account.transactions ?? 0, maxTransactions);
    }
  }
  return document;
}

export interface Credentials {
  username: string;
  password: string;
}

export interface Started {
  sandbox: Sandbox;
  clock: ManualClock;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Started> {
  const clock = new ManualClock(FIXED_NOW);
  const sandbox = createSandbox({ fixture: DEMO_FIXTURE, clock, ...options });
  await sandbox.start(0, '127.0.0.1');
  return { sandbox, clock };
}

export interface CallOptions {
  method?: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'PATCH';
  /** Basic credentials; null = no Authorization header. */
  auth?: Credentials | null;
  /** Header overrides; undefined removes a default header. */
  headers?: Record<string, string | undefined>;
  body?: unknown;
  rawBody?: string;
  signal?: AbortSignal;
  /**
   * The account is configured without this route (admin `licenseEndpoint: "not-found"`): expect
   * the web server's bare 404, which the contract does not describe. Nothing else skips the
   * contract check.
   */
  routeAbsent?: boolean;
}

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/** The parsed JSON body, typed by the caller. */
export function bodyOf<T>(result: CallResult): T {
  return result.json as T;
}

export function basic(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

/**
 * A Management API call with Saferpay's required headers (overridable). Every answer is checked
 * against the OpenAPI contract (support/contract-check.ts) before the test sees it: a violation
 * rejects with a ContractViolation listing the validator's errors. This is the only way the tests
 * reach `/api`; contract.spec.ts fails if a spec fetches on its own.
 */
export async function call(
  sandbox: Sandbox,
  path: string,
  options: CallOptions = {},
): Promise<CallResult> {
  const defaults: Record<string, string | undefined> = {
    Accept: 'application/json',
    'Saferpay-ApiVersion': '1.53',
    'Saferpay-RequestId': randomUUID(),
  };
  if (options.auth !== null && options.auth !== undefined)
    defaults.Authorization = basic(options.auth);
  const bodyText =
    options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (bodyText !== undefined) defaults['Content-Type'] = 'application/json; charset=utf-8';
  const merged = { ...defaults, ...options.headers };
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(merged)) if (value !== undefined) headers[key] = value;
  const method = options.method ?? (bodyText === undefined ? 'GET' : 'POST');
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers,
    body: bodyText,
    signal: options.signal,
  });
  const text = await response.text();
  checkContractResponse(
    {
      method,
      path,
      status: response.status,
      contentType: response.headers.get('content-type'),
      text,
    },
    { routeAbsent: options.routeAbsent },
  );
  let json: unknown;
  try {
    json = text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** `/api/rest/customers/:customerId` + rest */
export function customerPath(customerId: string, rest = ''): string {
  return `/api/rest/customers/${customerId}${rest}`;
}

/**
 * The Secure PayGate payment page behind a `PaymentLink` (not part of the Management API, so not
 * contract-checked; refuses `/api` URLs so it cannot be used to skip the check).
 */
export async function paymentPage(
  link: string,
  method: 'GET' | 'POST' = 'GET',
): Promise<{ status: number; text: string }> {
  if (!new URL(link).pathname.startsWith('/SecurePayGate/')) {
    throw new Error(`paymentPage() is for /SecurePayGate/ links, got ${link}`);
  }
  const response = await fetch(link, { method });
  return { status: response.status, text: await response.text() };
}

/** Admin API call (JSON, no auth; not part of the Saferpay contract). */
export async function admin(
  sandbox: Sandbox,
  path: string,
  method = 'GET',
  body?: unknown,
): Promise<CallResult> {
  const response = await fetch(`${sandbox.url}/__admin${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: text ? JSON.parse(text) : undefined,
  };
}
