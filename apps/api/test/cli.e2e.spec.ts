import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createTestDatabase,
  startSandboxProcess,
  type SandboxAccountSummary,
  type SandboxProcess,
  type TestDatabase,
} from '@platform/testing';
import { API_CLI, apiProcessEnv } from './support/api-process';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

interface ImportReport {
  imported: number;
  rejected: { line: number; errors: { field: string; detail: string }[] }[];
  job: { id: string; status: string; progress: { total: number; done: number; failed: number } };
}

/**
 * The built `platform` CLI end to end, against one database (a PGlite directory, or
 * TEST_DB=postgres) and the sandbox: tenants, keys, a 200-row CSV import with a malformed
 * row, the matrix, a drift check, and the exit codes scripts rely on.
 */
describe('the platform CLI', () => {
  let sandbox: SandboxProcess;
  let database: TestDatabase | undefined;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let tenantId: string;
  let franchiseId: string;
  let validAccounts: SandboxAccountSummary[];

  const cli = (args: string[], extra: Record<string, string> = {}): Run => {
    const result = spawnSync(process.execPath, [API_CLI, ...args], {
      env: { ...env, ...extra },
      encoding: 'utf8',
      timeout: 240_000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  /** A franchise through the API's service, in the same database (no server needed). */
  const createFranchise = (name: string): string => {
    const made = spawnSync(
      process.execPath,
      [
        '-e',
        `require('reflect-metadata');
        const { loadConfig } = require('${join(API_CLI, '../config/app-config.js')}');
        const { createApp, openDatabase } = require('${join(API_CLI, '../create-app.js')}');
        const { FranchisesService } = require('${join(API_CLI, '../franchises/franchises.service.js')}');
        (async () => {
          const config = Object.assign(loadConfig(), { JOBS_WORKER_ENABLED: false, SCHEDULER_ENABLED: false, WEBHOOK_DISPATCH_ENABLED: false });
          const db = await openDatabase(config);
          const app = await createApp(config, db.url);
          await app.init();
          const f = await app.get(FranchisesService).create(process.env.TENANT, { name: process.env.NAME, externalRef: null, contactEmail: null });
          process.stdout.write(f.id);
          await app.close();
          await db.stop();
        })().catch((e) => { console.error(e); process.exit(1); });`,
      ],
      { env: { ...env, TENANT: tenantId, NAME: name }, encoding: 'utf8', timeout: 60_000 },
    );
    expect(made.stderr).toBe('');
    return made.stdout.trim();
  };
  const lastJson = <T>(run: Run): T => JSON.parse(run.stdout.trim().split('\n').pop()!) as T;

  beforeAll(async () => {
    sandbox = await startSandboxProcess({ accounts: 240, seed: 11 }); // about 85% have valid credentials;
    dataDir = mkdtempSync(join(tmpdir(), 'platform-cli-'));
    env = apiProcessEnv({
      LOG_LEVEL: 'warn',
      PGLITE_DATA_DIR: join(dataDir, 'pglite'),
      SAFERPAY_TEST_BASE_URL: sandbox.apiBaseUrl,
      SAFERPAY_LIVE_BASE_URL: sandbox.apiBaseUrl,
      JOBS_POLL_INTERVAL_MS: '50',
      ENCRYPTION_KEYS: `cli:${randomBytes(32).toString('base64')}`,
    });
    database = process.env.TEST_DB === 'postgres' ? await createTestDatabase() : undefined;
    if (database) env.DATABASE_URL = database.url;
    // Read once, before any spawnSync: a blocked event loop cannot notice the sandbox closing an
    // idle keep-alive socket, and the next fetch on it fails ('other side closed').
    validAccounts = (await sandbox.admin.accounts()).filter((account) => account.credentialsValid);
    const created = cli(['tenants:create', '--name', 'CLI tenant', '--json']);
    expect(created.status).toBe(0);
    tenantId = lastJson<{ tenantId: string }>(created).tenantId;
  }, 120_000);

  afterAll(async () => {
    await sandbox?.stop();
    await database?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('exits 2 on an unknown command, a missing flag or a bad id, and 78 on bad configuration', () => {
    expect(cli([]).status).toBe(2);
    const unknown = cli(['tenants:explode']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'tenants:explode'");
    const missing = cli(['accounts:import', '--tenant', tenantId, '--file', 'x.csv']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--franchise');
    expect(cli(['matrix', '--tenant', 'not-a-uuid', '--franchise', tenantId]).status).toBe(2);
    expect(cli(['migrate'], { PORT: 'eighty' }).status).toBe(78);
    expect(cli(['--help']).status).toBe(0);
  });

  it('issues another operator key for a tenant', () => {
    const issued = cli(['operator-keys:create', '--tenant', tenantId, '--name', 'ci', '--json']);
    expect(issued.status).toBe(0);
    expect(lastJson<{ operatorKey: string }>(issued).operatorKey).toMatch(/^sap_op_/);
  });

  it('imports a 200-row CSV: the malformed row reported by line, the other 199 onboarded', () => {
    franchiseId = createFranchise('CLI franchise');

    const accounts = validAccounts.slice(0, 199);
    expect(accounts).toHaveLength(199);
    const lines = ['customerId,environment,label,username,password'];
    for (const [index, account] of accounts.entries()) {
      if (index === 49) lines.push('not-a-customer-id,test,Broken row,,'); // line 51
      const { username, password } = account.givenCredentials;
      lines.push(`${account.customerId},test,"${account.name}",${username},${password}`);
    }
    expect(lines).toHaveLength(201);
    const file = join(dataDir, 'accounts.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);

    const run = cli([
      'accounts:import',
      '--tenant',
      tenantId,
      '--franchise',
      franchiseId,
      '--file',
      file,
      '--json',
    ]);
    expect(run.stderr).toBe('');
    // 3: partial success (rows rejected, the rest imported and onboarded).
    expect(run.status).toBe(3);
    const report = lastJson<ImportReport>(run);
    expect(report.imported).toBe(199);
    expect(report.rejected).toHaveLength(1);
    expect(report.rejected[0].line).toBe(51);
    expect(report.rejected[0].errors.map((error) => error.field).sort()).toEqual(
      expect.arrayContaining(['customerId', 'password', 'username']),
    );
    expect(report.job).toMatchObject({
      status: 'succeeded',
      progress: { total: 199, done: 199, failed: 0 },
    });
  }, 300_000);

  it('without --json, names rejected rows on stderr; no valid row at all exits 1', () => {
    const file = join(dataDir, 'one.csv');
    writeFileSync(file, 'customerId,environment,label,username,password\n1,test,x,,\n');
    const run = cli([
      'accounts:import',
      '--tenant',
      tenantId,
      '--franchise',
      franchiseId,
      '--file',
      file,
    ]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Line 2 rejected');
    expect(run.stdout).toContain('No valid row to import.');
  });

  it('without --json on a non-terminal, prints progress lines; a short row is rejected by line', () => {
    const other = createFranchise('CLI franchise 2');
    const accounts = validAccounts.slice(199, 202);
    expect(accounts).toHaveLength(3);
    const rows = accounts.map(
      (a) =>
        `${a.customerId},test,${a.customerId},${a.givenCredentials.username},${a.givenCredentials.password}`,
    );
    const file = join(dataDir, 'three.csv');
    writeFileSync(
      file,
      [
        'customerId,environment,label,username,password',
        rows[0],
        '123456,test',
        ...rows.slice(1),
      ].join('\n'),
    );
    const run = cli([
      'accounts:import',
      '--tenant',
      tenantId,
      '--franchise',
      other,
      '--file',
      file,
    ]);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('Line 3 rejected');
    expect(run.stderr).toContain('Onboarding: 3/3');
    expect(run.stdout).toContain('Imported 3 account(s), rejected 1 row(s)');
  }, 120_000);

  it('exits 1 with the problem as JSON when the franchise does not exist', () => {
    const file = join(dataDir, 'three.csv');
    const run = cli([
      'accounts:import',
      '--tenant',
      tenantId,
      '--franchise',
      tenantId, // a UUID, but no franchise
      '--file',
      file,
      '--json',
    ]);
    expect(run.status).toBe(1);
    expect(lastJson<{ error: { status: number } }>(run).error.status).toBe(404);
  });

  it('prints the matrix as CSV and as an aligned table', () => {
    const csv = cli(['matrix', '--tenant', tenantId, '--franchise', franchiseId, '--csv']);
    expect(csv.status).toBe(0);
    const rows = csv.stdout.trim().split('\n');
    expect(rows.length).toBeGreaterThan(2);
    expect(rows[0].split(',').length).toBeGreaterThan(199);
    const table = cli(['matrix', '--tenant', tenantId, '--franchise', franchiseId]);
    expect(table.status).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^Capability\s+/);
    expect(table.stdout).toContain('✓');
  });

  it('runs a drift check now and waits for it', () => {
    const run = cli([
      'drift:check',
      '--tenant',
      tenantId,
      '--franchise',
      franchiseId,
      '--wait',
      '--json',
    ]);
    expect(run.status).toBe(0);
    const report = lastJson<{ scope: string; accounts: number; job: { status: string } }>(run);
    expect(report).toMatchObject({
      scope: 'franchise',
      accounts: 199,
      job: { status: 'succeeded' },
    });
  }, 300_000);
});
