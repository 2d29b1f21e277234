import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** The built entry points, as `npm start` runs them (npm test builds first). */
export const API_MAIN = join(__dirname, '../../../../dist/apps/api/apps/api/src/main.js');
export const API_CLI = join(__dirname, '../../../../dist/apps/api/apps/api/src/cli.js');

/** The test process's environment without its DATABASE_URL, plus `extra`. */
export function apiProcessEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const inherited = { ...process.env };
  delete inherited.DATABASE_URL;
  return { ...inherited, ...extra };
}

export interface ApiProcess {
  process: ChildProcess;
  /** `http://localhost:PORT`, read from the start-up banner. */
  baseUrl: string;
  output(): string;
}

/** Starts the built API as a real process (PORT=0 picks a free port) and waits for its banner. */
export async function startApiProcess(
  env: NodeJS.ProcessEnv,
  args: string[] = [],
): Promise<ApiProcess> {
  const child = spawn(process.execPath, [API_MAIN, ...args], { env });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  for (let i = 0; i < 300; i += 1) {
    const baseUrl = /API\s+(http:\/\/localhost:\d+)/.exec(output)?.[1];
    if (baseUrl) return { process: child, baseUrl, output: () => output };
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`API did not start:\n${output}`);
}

/** `platform tenants:create --json` against the database `env` points at. */
export function createTenantWithCli(
  env: NodeJS.ProcessEnv,
  name: string,
): { tenantId: string; operatorKey: string } {
  const created = spawnSync(
    process.execPath,
    [API_CLI, 'tenants:create', '--name', name, '--json'],
    {
      env,
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  if (created.status !== 0)
    throw new Error(`tenants:create failed (${created.status}):\n${created.stderr}`);
  return JSON.parse(created.stdout.trim().split('\n').pop()!) as {
    tenantId: string;
    operatorKey: string;
  };
}

/** Sends `signal` to an API process (unless it already exited) and resolves with how it ended. */
export function stopApiProcess(
  child: ChildProcess,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => {
    child.once('exit', (code, exitSignal) => resolve({ code, signal: exitSignal }));
    child.kill(signal);
  });
}
