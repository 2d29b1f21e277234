// startSandboxProcess runs the sandbox's build output (`npm test` builds first).
import { SandboxAdminError, startSandboxProcess, type SandboxProcess } from './sandbox-process';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: existence check only
    return true;
  } catch {
    return false;
  }
}

describe('startSandboxProcess', () => {
  const started: SandboxProcess[] = [];

  afterAll(async () => {
    await Promise.all(started.map((sandbox) => sandbox.stop()));
  });

  it('starts the built sandbox on 127.0.0.1 with a free port; stop() ends the process (idempotent)', async () => {
    const [a, b] = await Promise.all([
      startSandboxProcess({ accounts: 2, seed: 7 }),
      startSandboxProcess({ accounts: 3, seed: 7 }),
    ]);
    if (!a || !b) throw new Error('not started');
    started.push(a, b);

    expect(a.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(a.url).not.toBe(b.url);
    expect(a.apiBaseUrl).toBe(`${a.url}/api`);
    expect(a.adminUrl).toBe(`${a.url}/__admin`);
    await expect(a.admin.health()).resolves.toMatchObject({ status: 'ok', accounts: 2 });
    await expect(b.admin.health()).resolves.toMatchObject({ status: 'ok', accounts: 3 });
    expect(await a.admin.accounts()).toHaveLength(2);
    expect(a.output()).toContain('Saferpay Management API sandbox');

    expect(isAlive(a.pid)).toBe(true);
    await a.stop();
    expect(isAlive(a.pid)).toBe(false);
    await expect(a.stop()).resolves.toBeUndefined();
    await expect(fetch(`${a.adminUrl}/health`)).rejects.toThrow();
    // The other sandbox is unaffected.
    await expect(b.admin.health()).resolves.toMatchObject({ status: 'ok' });
  });

  it('loads a fixture and passes extra flags and environment', async () => {
    const sandbox = await startSandboxProcess({
      fixture: 'apps/saferpay-sandbox/fixtures/demo.json',
      extraArgs: ['--report-delay-ms', '10'],
      env: { SANDBOX_LOG_REQUESTS: 'false' },
    });
    started.push(sandbox);
    const ids = (await sandbox.admin.accounts()).map((a) => a.customerId);
    expect(ids).toEqual(['123456', '234567', '345678']);
  });

  it('admin helpers throw SandboxAdminError with the status for non-2xx answers', async () => {
    const sandbox = await startSandboxProcess({ accounts: 1 });
    started.push(sandbox);
    const error: unknown = await sandbox.admin.account('000000').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SandboxAdminError);
    expect(error).toMatchObject({ status: 404 });
  });

  it('fails with a clear message when the build output is missing', async () => {
    await expect(startSandboxProcess({ mainPath: 'dist/does-not-exist/main.js' })).rejects.toThrow(
      /build output missing: .*dist\/does-not-exist\/main\.js\. Run `npm run build`/,
    );
  });

  it('fails with the exit code and the sandbox output when the process exits early', async () => {
    await expect(startSandboxProcess({ extraArgs: ['--no-such-flag'] })).rejects.toThrow(
      /did not start: exited with 64[\s\S]*unknown option --no-such-flag/,
    );
  });
});
