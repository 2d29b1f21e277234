import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createTestDatabase,
  startSandboxProcess,
  type SandboxProcess,
  type SandboxProcessOptions,
  type TestDatabase,
} from '@platform/testing';
import { apiProcessEnv, startApiProcess } from './api-process';

/**
 * The built API as a process that crash tests kill and start again, against a
 * sandbox process and a database that outlive it: embedded PGlite in a data
 * folder, or with TEST_DB=postgres a real server. Every start shares the env,
 * including the encryption key, so a restart reads what the last run stored.
 */
export interface RestartableApi {
  readonly sandbox: SandboxProcess;
  readonly env: NodeJS.ProcessEnv;
  /** Set in postgres mode, for direct row counts. */
  readonly database?: TestDatabase;
  /** Starts the API; resolves with its base URL. */
  start(): Promise<string>;
  /** What the API last started wrote to stdout and stderr (its logs). */
  output(): string;
  /** Sends the signal to the running API and waits for it to exit. */
  stop(signal: 'SIGKILL' | 'SIGTERM'): Promise<void>;
  dispose(): Promise<void>;
}

export async function startRestartableApi(options: {
  sandbox: SandboxProcessOptions;
  env?: Record<string, string>;
}): Promise<RestartableApi> {
  const sandbox = await startSandboxProcess(options.sandbox);
  const dataDir = mkdtempSync(join(tmpdir(), 'restartable-api-'));
  const env = apiProcessEnv({
    LOG_LEVEL: 'warn',
    PORT: '0',
    SAFERPAY_TEST_BASE_URL: sandbox.apiBaseUrl,
    JOBS_POLL_INTERVAL_MS: '100',
    JOBS_LEASE_MS: '2000',
    PGLITE_DATA_DIR: join(dataDir, 'pglite'),
    ENCRYPTION_KEYS: `crash:${randomBytes(32).toString('base64')}`,
    ...options.env,
  });
  const database = process.env.TEST_DB === 'postgres' ? await createTestDatabase() : undefined;
  if (database) env.DATABASE_URL = database.url;
  let api: ChildProcess | undefined;
  let output = (): string => '';
  const running = () => api !== undefined && api.exitCode === null && api.signalCode === null;

  const stop = async (signal: 'SIGKILL' | 'SIGTERM') => {
    if (!running()) return;
    const exited = new Promise((resolve) => api!.once('exit', resolve));
    api!.kill(signal);
    await exited;
  };
  return {
    sandbox,
    env,
    database,
    start: async () => {
      const started = await startApiProcess(env);
      api = started.process;
      output = started.output;
      return started.baseUrl;
    },
    output: () => output(),
    stop,
    dispose: async () => {
      await stop('SIGKILL');
      await sandbox.stop();
      await database?.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
