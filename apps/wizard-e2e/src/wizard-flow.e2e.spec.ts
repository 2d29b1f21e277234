import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import type { Schemas } from '@platform/api-types';
import {
  startSandboxProcess,
  type SandboxAccountDetail,
  type SandboxProcess,
} from '@platform/testing';
import { launchChromium, screenshot, seriousViolations } from './browser';

jest.setTimeout(240_000);

const ROOT = join(__dirname, '../../..');
const API_MAIN = join(ROOT, 'dist/apps/api/apps/api/src/main.js');

/**
 * The whole onboarding flow in a real browser (Debian's chromium via playwright-core) against
 * the built API (serving the built wizard) and the Saferpay sandbox: an operator invites
 * franchise staff, who add three accounts (one first with a wrong password), watch the bar
 * reach 100 %, see the policy gap in the matrix, create a shop with a Fields token; then the
 * operator sees a drift event after the sandbox changed an account. Each step is screenshotted
 * to test-output/wizard and checked with axe-core.
 */
describe('wizard and operator console in a browser', () => {
  let sandbox: SandboxProcess;
  let api: ChildProcess;
  let apiOutput = '';
  let baseUrl: string;
  let operatorKey: string;
  let browser: Browser;
  let dataDir: string;
  let accounts: SandboxAccountDetail[];
  let franchise: Schemas['FranchiseDto'];
  const screenshots: string[] = [];
  const violations: string[] = [];

  const operator = async <T>(path: string, init: { method?: string; json?: unknown } = {}) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${operatorKey}`,
        ...(init.json === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };

  /** Screenshot and axe check of the page as the user sees it now. */
  const step = async (page: Page, name: string) => {
    screenshots.push(await screenshot(page, name));
    violations.push(...(await seriousViolations(page)).map((v) => `${name}: ${v}`));
  };

  const ecomTerminal = (account: SandboxAccountDetail) =>
    account.terminals.find((terminal) => terminal.type === 'ECOM')!;

  beforeAll(async () => {
    sandbox = await startSandboxProcess({ accounts: 3, seed: 7 });
    const summaries = await sandbox.admin.accounts();
    accounts = await Promise.all(summaries.map((a) => sandbox.admin.account(a.customerId)));

    dataDir = mkdtempSync(join(tmpdir(), 'wizard-e2e-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      LOG_LEVEL: 'warn',
      PORT: '0',
      SAFERPAY_TEST_BASE_URL: sandbox.apiBaseUrl,
      SAFERPAY_LIVE_BASE_URL: sandbox.apiBaseUrl,
      JOBS_POLL_INTERVAL_MS: '100',
      PGLITE_DATA_DIR: join(dataDir, 'pglite'),
      ENCRYPTION_KEYS: `e2e:${randomBytes(32).toString('base64')}`,
      WIZARD_DIST_DIR: join(ROOT, 'dist/apps/wizard'),
    };
    delete env.DATABASE_URL;
    api = spawn(process.execPath, [API_MAIN, '--demo'], { env });
    api.stdout?.on('data', (chunk: Buffer) => (apiOutput += chunk.toString()));
    api.stderr?.on('data', (chunk: Buffer) => (apiOutput += chunk.toString()));
    for (let i = 0; i < 600 && !operatorKey; i += 1) {
      baseUrl = /API\s+(http:\/\/localhost:\d+)/.exec(apiOutput)?.[1] ?? '';
      operatorKey = /\(shown once\): (sap_op_\S+)/.exec(apiOutput)?.[1] ?? '';
      if (api.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (!operatorKey) throw new Error(`API did not start:\n${apiOutput}`);

    // The franchise and its policy: accounts must offer account 0's first ECOM method and
    // currency; account 2 loses it at Saferpay before onboarding, which makes the gap.
    franchise = await operator('/franchises', {
      method: 'POST',
      json: { name: 'Pizza Browser AG', externalRef: 'FR-E2E' },
    });
    const required = ecomTerminal(accounts[0]).paymentMethods[0];
    await operator(`/franchises/${franchise.id}/policy`, {
      method: 'PUT',
      json: {
        requiredPaymentMethods: [
          {
            paymentMethod: required.paymentMethod,
            currencies: [required.currencies[0]],
            terminalType: 'ECOM',
          },
        ],
      },
    });
    for (const terminal of accounts[2].terminals.filter((t) => t.type === 'ECOM')) {
      if (terminal.paymentMethods.some((m) => m.paymentMethod === required.paymentMethod)) {
        await sandbox.admin.removePaymentMethod(
          accounts[2].customerId,
          terminal.terminalId,
          required.paymentMethod,
          'ECOM',
        );
      }
    }
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    if (api && api.exitCode === null) {
      const exited = new Promise((resolve) => api.once('exit', resolve));
      api.kill('SIGTERM');
      await exited;
    }
    await sandbox?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs from the invitation to a shop with a Fields token, then shows drift to the operator', async () => {
    // --- Operator: sign in, create the invitation.
    const ops = await (await browser.newContext()).newPage();
    await ops.goto(`${baseUrl}/app/console`);
    await step(ops, '01-console-sign-in');
    await ops.getByLabel('Operator key').fill(operatorKey);
    await ops.getByRole('button', { name: 'Sign in' }).click();
    await ops.getByRole('button', { name: /Pizza Browser AG/ }).click();
    await ops.getByRole('button', { name: 'Create invitation' }).click();
    const link = await ops.getByTestId('invitation-link').getAttribute('href');
    expect(link).toMatch(/\/app\/invite#token=sap_inv_/);
    await step(ops, '02-console-invitation');

    // --- Franchise staff, in their own browser context.
    const wizard = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await wizard.goto(link!);
    await wizard.getByRole('heading', { name: 'Welcome, Pizza Browser AG' }).waitFor();
    expect(wizard.url()).not.toContain('token='); // dropped from the address bar
    expect(await wizard.evaluate(() => JSON.stringify(window.localStorage))).toBe('{}');
    await step(wizard, '03-wizard-welcome');

    // A wrong password: rejected, with Saferpay's reason in plain words.
    const [first, second, third] = accounts;
    const fillAccount = async (account: SandboxAccountDetail, password: string) => {
      await wizard.getByLabel('Customer ID').fill(account.customerId);
      await wizard.getByLabel('Name of the account').fill(account.name);
      await wizard.getByLabel('JSON API user').fill(account.username);
      await wizard.getByLabel('JSON API password', { exact: true }).fill(password);
    };
    await wizard.getByLabel('Customer ID').fill('12ab');
    await wizard.getByText('Only digits, please.').waitFor(); // validated as typed
    await fillAccount(first, 'not-the-password');
    await wizard.getByRole('button', { name: 'Add account' }).click();
    await wizard
      .locator('tr[data-state="credentials_rejected"] .reason')
      .waitFor({ timeout: 30_000 });
    const reason = await wizard
      .locator('tr[data-state="credentials_rejected"] .reason')
      .innerText();
    expect(reason.length).toBeGreaterThan(10);
    await step(wizard, '04-wizard-wrong-password');

    // Corrected in place; then the other two as a CSV.
    await wizard.getByLabel(`New password for ${first.name}`).fill(first.password);
    await wizard.getByRole('button', { name: 'Try again' }).click();
    await wizard
      .getByLabel('CSV contents')
      .fill(
        [
          'customerId,environment,label,username,password',
          ...[second, third].map(
            (a) => `${a.customerId},test,${a.name},${a.username},${a.password}`,
          ),
        ].join('\n'),
      );
    await wizard.getByRole('button', { name: 'Import accounts' }).click();
    await wizard.getByRole('button', { name: /Progress/ }).click();
    const bar = wizard.getByRole('progressbar', { name: 'Onboarding job' });
    await expectEventually(async () => (await bar.getAttribute('aria-valuenow')) === '100');
    await expectEventually(
      async () =>
        (await wizard.locator('tr[data-state="ready"], tr[data-state="non_compliant"]').count()) ===
        3,
    );
    await step(wizard, '05-wizard-progress-100');

    // The matrix: the policy's requirement is missing on the third account.
    await wizard.getByRole('button', { name: /Capabilities/ }).click();
    await wizard.locator('td.gap').first().waitFor({ timeout: 30_000 });
    await wizard.getByLabel('Only requirements').check();
    expect(await wizard.locator('td.gap').count()).toBeGreaterThanOrEqual(1);
    await step(wizard, '06-wizard-matrix-gap');

    // A shop with its HTTPS page and a Fields token.
    await wizard.getByRole('button', { name: /Shops/ }).click();
    await wizard.getByLabel('Shop name').fill('Pizza Online');
    await wizard.getByLabel('Account').selectOption({ label: first.name });
    const urls = wizard.getByLabel(/Pages that embed Saferpay Fields/);
    await urls.fill('http://insecure.example');
    await wizard.getByText('Line 1: must be an absolute https:// URL.').waitFor();
    await urls.fill('https://Pizza.Example.com');
    await wizard.getByRole('button', { name: 'Create shop' }).click();
    await wizard.getByRole('button', { name: /Create Fields token/ }).click();
    const token = await wizard.getByTestId('fields-token').innerText();
    expect(token.length).toBeGreaterThan(10);
    await step(wizard, '07-wizard-shop-fields-token');
    await wizard.getByRole('button', { name: /Summary/ }).click();
    await wizard.getByText('1 shop(s), 1 with a Fields token.').waitFor();
    await step(wizard, '08-wizard-summary');

    // --- Operator: the sandbox changes account 0, a drift check finds it.
    const terminal = ecomTerminal(first);
    const removed = terminal.paymentMethods[terminal.paymentMethods.length - 1];
    await sandbox.admin.removePaymentMethod(
      first.customerId,
      terminal.terminalId,
      removed.paymentMethod,
      'ECOM',
    );
    await ops.getByRole('button', { name: 'Drift events' }).click();
    await ops.getByRole('button', { name: 'Run drift check now' }).click();
    await ops
      .locator('tr[data-type="capability.removed"]', { hasText: removed.paymentMethod })
      .first()
      .waitFor({ timeout: 60_000 });
    await step(ops, '09-console-drift-event');
    await ops.getByRole('button', { name: 'Franchises' }).click();
    await ops.getByRole('button', { name: /Pizza Browser AG/ }).click();
    await ops.locator('td.gap').first().waitFor();
    await step(ops, '10-console-franchise');
    await ops.getByRole('button', { name: 'Jobs' }).click();
    await ops.getByRole('cell', { name: 'drift.check' }).first().waitFor();
    await step(ops, '11-console-jobs');
    await ops.getByRole('button', { name: 'Webhook endpoints' }).click();
    await step(ops, '12-console-webhooks');

    // German texts.
    await wizard.getByLabel('Language').selectOption('de');
    await wizard.getByRole('heading', { name: 'Willkommen, Pizza Browser AG' }).waitFor();
    await step(wizard, '13-wizard-german');

    expect(violations).toEqual([]);
    expect(screenshots).toHaveLength(13);
  });
});

async function expectEventually(probe: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await probe()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('condition not met in time');
}
