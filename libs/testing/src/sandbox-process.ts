// The Saferpay Management API sandbox (apps/saferpay-sandbox) as a real child process, for
// tests of projects that must not import the sandbox app (app → app). It runs the build
// output (`npm run build`; `npm test` builds first) on 127.0.0.1 with an OS-assigned port and
// offers typed helpers over its `/__admin` API. The process is stopped by its PID only.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { dirname, join, resolve } from 'node:path';

/** The sandbox entry point relative to the workspace root (output of saferpay-sandbox:build). */
export const SANDBOX_MAIN_RELATIVE_PATH =
  'dist/apps/saferpay-sandbox/apps/saferpay-sandbox/src/main.js';

export interface SandboxProcessOptions {
  /** Generated accounts (`--accounts`); the sandbox default is 5. Ignored with `fixture`. */
  accounts?: number;
  /** PRNG seed of the generated data (`--seed`); the sandbox default is 42. */
  seed?: number;
  /** Fixture file (`--fixture`), relative to the workspace root or absolute. */
  fixture?: string;
  /** Extra environment of the child (e.g. `SANDBOX_REPORT_DELAY_MS`); flags still win. */
  env?: Record<string, string>;
  /** Further CLI flags, appended last (e.g. `['--report-delay-ms', '300']`). */
  extraArgs?: string[];
  /** Keep the sandbox's per-request stdout lines (default false: `--quiet`). */
  logRequests?: boolean;
  /** How long to wait for the URL and a healthy `/__admin/health`; default 30 s. */
  startTimeoutMs?: number;
  /** Override of the entry point (default: {@link SANDBOX_MAIN_RELATIVE_PATH} in the workspace). */
  mainPath?: string;
}

export interface SandboxProcess {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** `http://127.0.0.1:PORT/api`: the `baseUrl` of a SaferpayClient. */
  readonly apiBaseUrl: string;
  /** `http://127.0.0.1:PORT/__admin` */
  readonly adminUrl: string;
  readonly admin: SandboxAdmin;
  readonly pid: number;
  /** stdout and stderr of the child so far (the last 64 KiB). */
  output(): string;
  /** SIGTERM by PID, SIGKILL after 5 s; resolves once the process has exited. Idempotent. */
  stop(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Admin API types (hand-written from apps/saferpay-sandbox/README.md; the app cannot be imported)

export type SandboxTerminalType = 'ECOM' | 'SPG' | 'MPO';
export type SandboxLicenseEndpoint = 'available' | 'not-found' | 'not-supported';
export type SandboxConfigCasing = 'PascalCase' | 'camelCase';
export type SandboxAmountShape = 'object' | 'flat';
export type SandboxOperationName =
  | 'GetLicense'
  | 'GetLicenseConfiguration'
  | 'GetPaymentPageConfigurations'
  | 'GetTerminals'
  | 'GetTerminal'
  | 'GetTerminalPaymentMethods'
  | 'CreateFieldsAccessToken'
  | 'DeleteFieldsAccessTokens'
  | 'DeleteFieldsAccessToken'
  | 'CreateSpgOffer'
  | 'GetSpgOffer'
  | 'DeleteSpgOffer'
  | 'GetTransactions';

/** The 13 operations in the sandbox's own order. */
export const SANDBOX_OPERATIONS: readonly SandboxOperationName[] = [
  'GetLicense',
  'GetLicenseConfiguration',
  'GetPaymentPageConfigurations',
  'GetTerminals',
  'GetTerminal',
  'GetTerminalPaymentMethods',
  'CreateFieldsAccessToken',
  'DeleteFieldsAccessTokens',
  'DeleteFieldsAccessToken',
  'CreateSpgOffer',
  'GetSpgOffer',
  'DeleteSpgOffer',
  'GetTransactions',
];

export interface SandboxHealth {
  status: 'ok';
  accounts: number;
  specVersion: string;
  now: string;
  startedAt: string;
}

interface SandboxCredentialsView {
  username: string;
  /** The password Saferpay has registered. */
  password: string;
  /** What the merchant handed over; differs from the registered one for "wrong password" accounts. */
  givenCredentials: { username: string; password: string };
  credentialsValid: boolean;
}

export interface SandboxAccountSummary extends SandboxCredentialsView {
  customerId: string;
  name: string;
  licensePackage: string;
  licenseEndpoint: SandboxLicenseEndpoint;
  paymentPageConfigCasing: SandboxConfigCasing;
  transactionAmountShape: SandboxAmountShape;
  terminals: { terminalId: string; type: SandboxTerminalType }[];
  transactionCount: number;
}

export interface SandboxLicenseItem {
  id: string;
  displayName: string;
}

export interface SandboxPaymentMethod {
  paymentMethod: string;
  currencies: string[];
  logoUrl: string;
}

export interface SandboxWallet {
  walletName: string;
  logoUrl: string;
}

export interface SandboxTerminal {
  terminalId: string;
  type: SandboxTerminalType;
  description: string;
  paymentMethods: SandboxPaymentMethod[];
  wallets: SandboxWallet[];
}

export interface SandboxPaymentPageConfig {
  name: string;
  isDefault: boolean;
  description: string;
}

export interface SandboxAccountDetail extends SandboxCredentialsView {
  customerId: string;
  name: string;
  license: { package: SandboxLicenseItem; features: SandboxLicenseItem[] };
  licenseEndpoint: SandboxLicenseEndpoint;
  paymentPageConfigCasing: SandboxConfigCasing;
  paymentPageConfigs: SandboxPaymentPageConfig[];
  transactionAmountShape: SandboxAmountShape;
  terminals: SandboxTerminal[];
  counts: { transactions: number; fieldsAccessTokens: number; spgOffers: number };
}

/** `PATCH /__admin/accounts/{customerId}`; `password` is the registered one. */
export interface SandboxAccountPatch {
  name?: string;
  password?: string;
  givenPassword?: string;
  licenseEndpoint?: SandboxLicenseEndpoint;
  paymentPageConfigCasing?: SandboxConfigCasing;
  transactionAmountShape?: SandboxAmountShape;
}

/** Fixture terminal schema; `terminalId` optional (the sandbox picks a free one). */
export interface SandboxTerminalInput {
  terminalId?: string;
  type: SandboxTerminalType;
  description?: string;
  paymentMethods?: { paymentMethod: string; currencies: string[]; logoUrl?: string }[];
  wallets?: (string | { walletName: string; logoUrl?: string })[];
}

export type SandboxFaultKind =
  | 'latency'
  | 'error'
  | 'hang'
  | 'reset'
  | 'html'
  | 'unauthorized'
  /** Process normally (the token is created), withhold the answer for latencyMs / until disconnect. */
  | 'late-response';
export type SandboxBehavior = 'DO_NOT_RETRY' | 'OTHER_MEANS' | 'RETRY' | 'RETRY_LATER';

export interface SandboxFaultInput {
  kind: SandboxFaultKind;
  /** Only this customer's requests; absent = every customer. */
  customerId?: string;
  /** Only this operation; absent = every operation. */
  operation?: SandboxOperationName;
  /** Fire at most N times. */
  count?: number;
  /** Let the first N matching requests through. */
  skip?: number;
  /** Share (0..1) of matching requests to fire on (seeded PRNG). */
  probability?: number;
  seed?: number;
  latencyMs?: number;
  status?: number;
  errorName?: string;
  behavior?: SandboxBehavior;
  errorMessage?: string;
  errorDetail?: string[];
}

export interface SandboxFault extends SandboxFaultInput {
  id: string;
  matched: number;
  fired: number;
  remaining: number | null;
  active: boolean;
}

export interface SandboxRequestLogEntry {
  seq: number;
  method: string;
  path: string;
  query: string;
  customerId?: string;
  terminalId?: string;
  operation?: SandboxOperationName;
  /** Saferpay-RequestId as sent. */
  requestId?: string;
  apiVersion?: string;
  username?: string;
  /** null while in flight or when no answer was sent (hang, reset, client timeout). */
  status: number | null;
  errorName?: string;
  fault?: string;
  aborted: boolean;
  startedAt: string;
  finishedAt?: string;
  durationMs?: number;
}

export interface SandboxRequestLogFilter {
  customerId?: string;
  operation?: SandboxOperationName;
  requestId?: string;
  method?: string;
  status?: number;
}

export interface SandboxFieldsAccessToken {
  accessToken: string;
  customerId: string;
  terminalId: string;
  description: string;
  sourceUrls: string[];
  createdAt: string;
}

/** A stored transaction as the admin API renders it (Management API fields, object amounts). */
export interface SandboxStoredTransaction {
  occurredAt: string;
  TransactionId: string;
  CustomerId: number;
  TerminalId: number;
  MerchantAmount: { Value: string; CurrencyCode: string };
  [field: string]: unknown;
}

export type SandboxOfferStatus = 'OPEN' | 'PAID' | 'EXPIRED' | 'DISABLED';

/** An SPG offer as `GET /__admin/spg-offers/{offerId}` shows it. */
export interface SandboxSpgOffer {
  OfferId: string;
  PaymentLink: string;
  Status: SandboxOfferStatus;
  Payment: {
    Amount: { Value: string; CurrencyCode: string };
    OrderId: string;
    Description: string;
  };
  CreationDate: string;
  ExpirationDate: string;
  TransactionId?: string;
  customerId: string;
  terminalId: string;
  sessionStartedAt: string | null;
  maxPaymentAttempts: number | null;
  configSet: string | null;
  request: unknown;
}

export interface SandboxClock {
  now: string;
  offsetMs: number;
}

/** A non-2xx answer of the admin API (`{ error, message }`). */
export class SandboxAdminError extends Error {
  override readonly name = 'SandboxAdminError';

  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`sandbox admin ${method} ${path} answered ${status}: ${body.slice(0, 500)}`);
  }
}

type AdminMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

function queryOf(params: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) search.set(key, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

const segment = encodeURIComponent;

/** Typed helpers over the sandbox's `/__admin` API (see apps/saferpay-sandbox/README.md). */
export class SandboxAdmin {
  constructor(readonly adminUrl: string) {}

  /**
   * Raw call; JSON in and out, throws {@link SandboxAdminError} on a non-2xx answer. Each call
   * has a connection of its own: a test that blocks its event loop (spawnSync) cannot notice
   * the sandbox closing an idle keep-alive socket, and a reused one fails ('other side closed').
   */
  async request<T>(method: AdminMethod, path: string, body?: unknown): Promise<T> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const { status, text } = await new Promise<{ status: number; text: string }>(
      (resolve, reject) => {
        const req = httpRequest(
          `${this.adminUrl}${path}`,
          {
            method,
            agent: false,
            headers: payload === undefined ? {} : { 'Content-Type': 'application/json' },
          },
          (res) => {
            let received = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (received += chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text: received }));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(payload);
      },
    );
    if (status < 200 || status >= 300) throw new SandboxAdminError(method, path, status, text);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  health(): Promise<SandboxHealth> {
    return this.request('GET', '/health');
  }

  async accounts(filter: { credentialsValid?: boolean } = {}): Promise<SandboxAccountSummary[]> {
    const path = `/accounts${queryOf({ credentialsValid: filter.credentialsValid })}`;
    return (await this.request<{ accounts: SandboxAccountSummary[] }>('GET', path)).accounts;
  }

  account(customerId: string): Promise<SandboxAccountDetail> {
    return this.request('GET', `/accounts/${segment(customerId)}`);
  }

  patchAccount(customerId: string, patch: SandboxAccountPatch): Promise<SandboxAccountDetail> {
    return this.request('PATCH', `/accounts/${segment(customerId)}`, patch);
  }

  addTerminal(customerId: string, terminal: SandboxTerminalInput): Promise<SandboxTerminal> {
    return this.request('POST', `/accounts/${segment(customerId)}/terminals`, terminal);
  }

  /** Removes every entry with the id, or only the one of `type`. */
  async removeTerminal(
    customerId: string,
    terminalId: string,
    type?: SandboxTerminalType,
  ): Promise<void> {
    const path = `/accounts/${segment(customerId)}/terminals/${segment(terminalId)}`;
    await this.request('DELETE', `${path}${queryOf({ type })}`);
  }

  /** Adds or replaces a payment method on the terminal (all entries with the id, or `type`'s). */
  setPaymentMethod(
    customerId: string,
    terminalId: string,
    method: { paymentMethod: string; currencies: string[]; logoUrl?: string },
    type?: SandboxTerminalType,
  ): Promise<SandboxTerminal[]> {
    const path = `/accounts/${segment(customerId)}/terminals/${segment(terminalId)}/payment-methods`;
    return this.request('POST', `${path}${queryOf({ type })}`, method);
  }

  removePaymentMethod(
    customerId: string,
    terminalId: string,
    paymentMethod: string,
    type?: SandboxTerminalType,
  ): Promise<SandboxTerminal[]> {
    const path =
      `/accounts/${segment(customerId)}/terminals/${segment(terminalId)}` +
      `/payment-methods/${segment(paymentMethod)}`;
    return this.request('DELETE', `${path}${queryOf({ type })}`);
  }

  async fieldsAccessTokens(customerId: string): Promise<SandboxFieldsAccessToken[]> {
    const path = `/accounts/${segment(customerId)}/fields-access-tokens`;
    return (await this.request<{ tokens: SandboxFieldsAccessToken[] }>('GET', path)).tokens;
  }

  /** Stored transactions, always in the object amount shape (minor units), plus `occurredAt`. */
  async transactions(
    customerId: string,
    state?: 'SUCCESSFUL' | 'FAILED' | 'PENDING',
  ): Promise<SandboxStoredTransaction[]> {
    const path = `/accounts/${segment(customerId)}/transactions${queryOf({ state })}`;
    return (await this.request<{ transactions: SandboxStoredTransaction[] }>('GET', path))
      .transactions;
  }

  /**
   * Adds exactly `count` transactions in [from, to) (default: yesterday, Zurich), all in
   * `state` when given: report volumes for paging tests and benchmarks.
   */
  seedTransactions(
    customerId: string,
    body: {
      count: number;
      from?: string;
      to?: string;
      state?: 'SUCCESSFUL' | 'FAILED' | 'PENDING';
      seed?: number;
    },
  ): Promise<{ added: number; total: number; from: string; to: string }> {
    return this.request('POST', `/accounts/${segment(customerId)}/transactions`, body);
  }

  offer(offerId: string): Promise<SandboxSpgOffer> {
    return this.request('GET', `/spg-offers/${segment(offerId)}`);
  }

  /** The payer opens the link (starts a payment session). */
  openOffer(offerId: string): Promise<SandboxSpgOffer> {
    return this.request('POST', `/spg-offers/${segment(offerId)}/open`, {});
  }

  /** The payer pays: the offer becomes PAID with a TransactionId. */
  async payOffer(
    offerId: string,
    body: { paymentMethod?: string } = {},
  ): Promise<{ offer: SandboxSpgOffer; transaction: Record<string, unknown> }> {
    return await this.request('POST', `/spg-offers/${segment(offerId)}/pay`, body);
  }

  /** Sets the offer's ExpirationDate to now: EXPIRED. */
  expireOffer(offerId: string): Promise<SandboxSpgOffer> {
    return this.request('POST', `/spg-offers/${segment(offerId)}/expire`, {});
  }

  addFault(fault: SandboxFaultInput): Promise<SandboxFault> {
    return this.request('POST', '/faults', fault);
  }

  async faults(): Promise<SandboxFault[]> {
    return (await this.request<{ faults: SandboxFault[] }>('GET', '/faults')).faults;
  }

  /** Removes every fault rule (or one customer's); returns how many were removed. */
  async clearFaults(customerId?: string): Promise<number> {
    const path = `/faults${queryOf({ customerId })}`;
    return (await this.request<{ removed: number }>('DELETE', path)).removed;
  }

  async removeFault(faultId: string): Promise<void> {
    await this.request('DELETE', `/faults/${segment(faultId)}`);
  }

  /** The request log, oldest first. */
  async requests(filter: SandboxRequestLogFilter = {}): Promise<SandboxRequestLogEntry[]> {
    const path = `/requests${queryOf({ ...filter })}`;
    return (await this.request<{ requests: SandboxRequestLogEntry[] }>('GET', path)).requests;
  }

  async clearRequests(): Promise<number> {
    return (await this.request<{ removed: number }>('DELETE', '/requests')).removed;
  }

  clock(): Promise<SandboxClock> {
    return this.request('GET', '/clock');
  }

  setClock(to: { now: string } | { advanceMs: number }): Promise<SandboxClock> {
    return this.request('PUT', '/clock', to);
  }

  resetClock(): Promise<SandboxClock> {
    return this.request('DELETE', '/clock');
  }

  /** Back to the initial data (or reseeded); clears tokens, offers, faults, log and clock. */
  async reset(body: { seed?: number; accounts?: number; fixture?: unknown } = {}): Promise<void> {
    await this.request('POST', '/reset', body);
  }
}

// ---------------------------------------------------------------------------------------------
// Process

/** The directory holding nx.json above `from` (the workspace root). */
function workspaceRoot(from: string = __dirname): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

const OUTPUT_LIMIT = 64 * 1024;
const BANNER_URL = /Saferpay Management API sandbox\s+(http:\/\/\S+)/;
const delay = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** Child environment: the parent's without SANDBOX_* (only options decide), plus `env`. */
function childEnv(extra: Record<string, string> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('SANDBOX_')) env[key] = value;
  }
  return { ...env, ...extra };
}

function cliArgs(options: SandboxProcessOptions, root: string): string[] {
  const args = ['--port', '0', '--host', '127.0.0.1'];
  if (options.accounts !== undefined) args.push('--accounts', String(options.accounts));
  if (options.seed !== undefined) args.push('--seed', String(options.seed));
  if (options.fixture !== undefined) args.push('--fixture', resolve(root, options.fixture));
  if (options.logRequests !== true) args.push('--quiet');
  return [...args, ...(options.extraArgs ?? [])];
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * Starts the built sandbox on 127.0.0.1 with an OS-assigned port and resolves once
 * `/__admin/health` answers. Fails with a clear message when the build output is missing, the
 * process exits early (e.g. a bad flag: exit 64, a bad fixture: 78) or it is not healthy in time.
 */
export async function startSandboxProcess(
  options: SandboxProcessOptions = {},
): Promise<SandboxProcess> {
  const root = workspaceRoot();
  const main = resolve(root, options.mainPath ?? SANDBOX_MAIN_RELATIVE_PATH);
  if (!existsSync(main)) {
    throw new Error(
      `Saferpay sandbox build output missing: ${main}. Run \`npm run build\` ` +
        '(or `npx nx run saferpay-sandbox:build`) first.',
    );
  }
  const timeoutMs = options.startTimeoutMs ?? 30_000;
  const child = spawn(process.execPath, [main, ...cliArgs(options, root)], {
    cwd: root,
    env: childEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;

  let output = '';
  const append = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
    if (output.length > OUTPUT_LIMIT) output = output.slice(-OUTPUT_LIMIT);
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));

  // Last resort if the test process ends without stop(): never leave the sandbox running.
  const killOnExit = (): void => {
    if (!hasExited(child)) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (!hasExited(child) && pid !== undefined) {
        child.kill('SIGTERM');
        const forced = setTimeout(() => {
          if (!hasExited(child)) child.kill('SIGKILL');
        }, 5_000);
        await exited;
        clearTimeout(forced);
      }
      process.removeListener('exit', killOnExit);
    })();
    return stopping;
  };

  const fail = async (reason: string): Promise<never> => {
    await stop();
    const log = output.trim();
    throw new Error(
      `Saferpay sandbox (${main}) did not start: ${reason}${log ? `\n--- sandbox output ---\n${log}` : ''}`,
    );
  };

  const deadline = Date.now() + timeoutMs;
  let url: string | undefined;
  while (url === undefined) {
    if (spawnError) return await fail(`spawn failed: ${spawnError.message}`);
    if (hasExited(child)) {
      return await fail(
        `exited with ${child.exitCode ?? child.signalCode} before printing its URL`,
      );
    }
    if (Date.now() > deadline) return await fail(`no URL printed within ${timeoutMs} ms`);
    url = BANNER_URL.exec(output)?.[1];
    if (url === undefined) await delay(20);
  }

  const admin = new SandboxAdmin(`${url}/__admin`);
  for (;;) {
    try {
      const health = await admin.health();
      if (health.status === 'ok') break;
    } catch {
      // Not ready yet.
    }
    if (hasExited(child)) return await fail(`exited with ${child.exitCode ?? child.signalCode}`);
    if (Date.now() > deadline) return await fail(`/__admin/health not ok within ${timeoutMs} ms`);
    await delay(20);
  }

  return {
    url,
    apiBaseUrl: `${url}/api`,
    adminUrl: admin.adminUrl,
    admin,
    pid: pid ?? -1,
    output: () => output,
    stop,
  };
}
