import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Schemas } from '@platform/api-types';
import { API_CLI, API_MAIN, apiProcessEnv } from './support/api-process';
import { call } from './support/http';

const MAIN = API_MAIN;
const CLI = API_CLI;

function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  return apiProcessEnv({ LOG_LEVEL: 'warn', PGLITE_DATA_DIR: 'memory://', ...extra });
}

describe('the built API process', () => {
  beforeAll(() => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first`);
  });

  it.each([
    ['PORT', 'eighty'],
    ['DATABASE_URL', 'mysql://root@db/app'],
    ['JOBS_CONCURRENCY', '0'],
    ['LOG_LEVEL', 'chatty'],
  ])('refuses to start when %s=%s, naming the variable', (variable, value) => {
    const result = spawnSync(process.execPath, [MAIN], {
      env: env({ [variable]: value }),
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain(`${variable}:`);
    expect(result.stderr).toContain('did not start');
  });

  describe('started with --demo on embedded PGlite', () => {
    let child: ChildProcess;
    let output = '';

    beforeAll(async () => {
      child = spawn(process.execPath, [MAIN, '--demo'], { env: env({ PORT: '0' }) });
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      for (let i = 0; i < 300 && !/Bearer sap_op_/.test(output); i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });
    afterAll(async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    });

    it('prints its URL and a working demo operator key; the documented curl flow works', async () => {
      const key = /Demo operator key \(shown once\): (sap_op_\S+)/.exec(output)?.[1];
      const baseUrl = /API\s+(http:\/\/localhost:\d+)/.exec(output)?.[1];
      expect({ key, baseUrl }).toEqual({ key: expect.any(String), baseUrl: expect.any(String) });

      const created = await call<Schemas['FranchiseDto']>(baseUrl!, '/franchises', {
        method: 'POST',
        key,
        json: { name: 'From the README' },
      });
      expect(created.status).toBe(201);
      const listed = await call<Schemas['FranchisePageDto']>(baseUrl!, '/franchises', { key });
      expect(listed.body.items.map((f) => f.name)).toEqual(
        expect.arrayContaining(['Pizza Nord AG', 'From the README']),
      );
    });

    it('exits cleanly on SIGTERM', async () => {
      const code = await new Promise<number | null>((resolve) => {
        child.once('exit', (exitCode) => resolve(exitCode));
        child.kill('SIGTERM');
      });
      expect(code).toBe(0);
    });
  });

  it('bootstraps a tenant from the CLI and prints its key once, as JSON for scripts', () => {
    const result = spawnSync(
      process.execPath,
      [CLI, 'tenants:create', '--name', 'Acme Integrations', '--json'],
      {
        env: env({}),
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(result.status).toBe(0);
    const printed = JSON.parse(result.stdout.trim().split('\n').pop()!) as {
      tenantId: string;
      operatorKey: string;
    };
    expect(printed.operatorKey).toMatch(/^sap_op_/);
    expect(printed.tenantId).toMatch(/^[0-9a-f-]{36}$/);

    const usage = spawnSync(process.execPath, [CLI, 'tenants:create'], {
      env: env({}),
      encoding: 'utf8',
    });
    expect(usage.status).toBe(2);
  });
});
