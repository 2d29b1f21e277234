// Throwaway PostgreSQL 15 cluster for the real-server test pass (TEST_DB=postgres).
//
// The cluster lives entirely inside a fresh temp directory, listens on 127.0.0.1 on a free
// port plus a unix socket inside that directory, and is destroyed by `stop()`. It never
// touches any other cluster, data directory or port.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const DEFAULT_PG_BIN_DIR = '/usr/lib/postgresql/15/bin';
const REQUIRED_BINARIES = ['initdb', 'pg_ctl', 'postgres'] as const;
const OS_USER = 'postgres';

export interface PostgresCluster {
  /** Superuser URL of the cluster's `postgres` database, e.g. postgres://postgres@127.0.0.1:PORT/postgres */
  readonly adminUrl: string;
  readonly port: number;
  /** Temp directory holding data/, the socket directory and the server log. */
  readonly baseDir: string;
  /** Stops the server (`pg_ctl stop -m immediate`) and removes the temp directory. Idempotent. */
  stop(): Promise<void>;
}

export type StartPostgresClusterResult =
  | { readonly available: true; readonly cluster: PostgresCluster }
  | { readonly available: false; readonly reason: string };

/** `PG_BIN_DIR` if set, otherwise the Debian location of PostgreSQL 15. */
export function postgresBinDir(): string {
  const fromEnv = process.env.PG_BIN_DIR?.trim();
  return fromEnv ? fromEnv : DEFAULT_PG_BIN_DIR;
}

/** Names of the required binaries missing from `binDir` (empty when all are present). */
export function missingPostgresBinaries(binDir: string = postgresBinDir()): string[] {
  return REQUIRED_BINARIES.filter((name) => !existsSync(join(binDir, name)));
}

function isCi(): boolean {
  return process.env.CI === 'true';
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function aptInstall(packageName: string): boolean {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Child stdout goes to our stderr so that a caller's stdout stays clean.
  const stdio: ['ignore', number, number] = ['ignore', 2, 2];
  const update = spawnSync('apt-get', ['update'], { stdio, env });
  if (update.status !== 0) return false;
  const install = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', packageName], {
    stdio,
    env,
  });
  return install.status === 0;
}

/**
 * Makes sure the PostgreSQL binaries exist. When they are missing and CI=true, tries
 * `apt-get install postgresql-15` (then `postgresql`). Returns the bin dir, or the reason
 * why PostgreSQL is unavailable.
 */
export function ensurePostgresBinaries(): { binDir: string } | { reason: string } {
  const binDir = postgresBinDir();
  let missing = missingPostgresBinaries(binDir);
  if (missing.length > 0 && isCi()) {
    process.stderr.write(
      `[testing] PostgreSQL binaries missing in ${binDir}; CI=true, installing postgresql-15 via apt-get\n`,
    );
    // `postgresql` (the distribution's default version) only if postgresql-15 is not packaged.
    if (!aptInstall('postgresql-15')) aptInstall('postgresql');
    missing = missingPostgresBinaries(binDir);
  }
  if (missing.length > 0) {
    return {
      reason:
        `PostgreSQL 15 not installed: ${missing.join(', ')} not found in ${binDir} ` +
        `(install postgresql-15 or set PG_BIN_DIR)`,
    };
  }
  return { binDir };
}

function run(file: string, args: readonly string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          const detail = [stdout, stderr].filter((s) => s.trim() !== '').join('\n');
          reject(new Error(`${file} ${args.join(' ')} failed: ${error.message}\n${detail}`));
          return;
        }
        resolve({ stdout, stderr });
      },
    );
  });
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Command + args that run `argv` as the `postgres` OS user when we are root, directly otherwise. */
function asClusterOwner(argv: readonly string[]): [string, string[]] {
  if (!isRoot()) {
    const [file, ...rest] = argv;
    return [file, rest];
  }
  if (existsSync('/usr/sbin/runuser') || existsSync('/sbin/runuser')) {
    return ['runuser', ['-u', OS_USER, '--', ...argv]];
  }
  return ['su', [OS_USER, '-s', '/bin/sh', '-c', argv.map(shellQuote).join(' ')]];
}

function runAsClusterOwner(argv: readonly string[]): Promise<{ stdout: string; stderr: string }> {
  const [file, args] = asClusterOwner(argv);
  return run(file, args);
}

function lookupOsUser(name: string): { uid: number; gid: number } {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
    if (Number.isInteger(uid) && Number.isInteger(gid)) return { uid, gid };
  } catch {
    // fall through
  }
  throw new Error(
    `OS user "${name}" not found: initdb refuses to run as root, so the cluster must be owned ` +
      `by "${name}" (installing the postgresql-15 package creates it)`,
  );
}

/** Asks the kernel for a free TCP port on 127.0.0.1. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

async function readLogTail(logFile: string): Promise<string> {
  try {
    const text = await readFile(logFile, 'utf8');
    return text.split('\n').slice(-30).join('\n');
  } catch {
    return '(no server log)';
  }
}

/**
 * Starts a throwaway PostgreSQL cluster. Returns `{ available: false }` when the binaries are
 * missing outside CI; throws when they are missing with CI=true or when startup fails.
 */
export async function startPostgresCluster(): Promise<StartPostgresClusterResult> {
  const binaries = ensurePostgresBinaries();
  if ('reason' in binaries) {
    if (isCi()) throw new Error(`CI=true but ${binaries.reason}`);
    return { available: false, reason: binaries.reason };
  }
  const { binDir } = binaries;
  const initdb = join(binDir, 'initdb');
  const pgCtl = join(binDir, 'pg_ctl');

  const baseDir = await mkdtemp(join(tmpdir(), 'platform-pg-'));
  const dataDir = join(baseDir, 'data');
  const socketDir = join(baseDir, 'sock');
  const logFile = join(baseDir, 'postgres.log');
  let started = false;
  let port = 0;

  const stopServer = async (): Promise<void> => {
    if (!started) return;
    started = false;
    try {
      await runAsClusterOwner([pgCtl, '-D', dataDir, '-m', 'immediate', '-w', 'stop']);
    } catch (error) {
      process.stderr.write(`[testing] pg_ctl stop failed: ${String(error)}\n`);
    }
  };

  // Last resort if the process exits or is interrupted without calling stop() (e.g. Ctrl-C
  // or Jest crashing before globalTeardown): stop the server synchronously so it does not
  // outlive the run. pg_ctl daemonizes the postmaster, so nothing else would stop it.
  const stopSync = (): void => {
    if (!started) return;
    started = false;
    const [file, args] = asClusterOwner([pgCtl, '-D', dataDir, '-m', 'immediate', '-w', 'stop']);
    spawnSync(file, args, { stdio: 'ignore' });
    spawnSync('rm', ['-rf', '--', baseDir], { stdio: 'ignore' });
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const onSignal = (signal: NodeJS.Signals): void => {
    removeProcessHooks();
    stopSync();
    // Re-raise so the default behaviour (or other handlers) still apply.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const addProcessHooks = (): void => {
    process.once('exit', stopSync);
    for (const signal of signals) process.once(signal, onSignal);
  };
  const removeProcessHooks = (): void => {
    process.removeListener('exit', stopSync);
    for (const signal of signals) process.removeListener(signal, onSignal);
  };

  try {
    await mkdir(socketDir);
    if (isRoot()) {
      const { uid, gid } = lookupOsUser(OS_USER);
      await chown(baseDir, uid, gid);
      await chown(socketDir, uid, gid);
    }

    await runAsClusterOwner([
      initdb,
      '-D',
      dataDir,
      '-U',
      'postgres',
      '-A',
      'trust',
      '--no-sync',
      '-E',
      'UTF8',
      '--locale=C',
    ]);

    // The port is picked before the server binds it, so another process could grab it in
    // between; retry a few times on a fresh port in that unlikely case.
    let lastError: unknown;
    for (let attempt = 1; attempt <= 3 && !started; attempt++) {
      port = await findFreePort();
      const serverOptions = [
        `-p ${port}`,
        `-k ${shellQuote(socketDir)}`,
        '-c listen_addresses=127.0.0.1',
        '-c fsync=off',
        '-c full_page_writes=off',
        '-c synchronous_commit=off',
        '-c max_connections=200',
      ].join(' ');
      try {
        await runAsClusterOwner([
          pgCtl,
          '-D',
          dataDir,
          '-o',
          serverOptions,
          '-w',
          '-l',
          logFile,
          'start',
        ]);
        started = true;
      } catch (error) {
        lastError = error;
        // `-w` may have timed out while the server is still coming up: make sure it is down.
        await runAsClusterOwner([pgCtl, '-D', dataDir, '-m', 'immediate', 'stop']).catch(
          () => undefined,
        );
      }
    }
    if (!started) {
      throw new Error(
        `could not start PostgreSQL: ${String(lastError)}\n--- server log ---\n${await readLogTail(logFile)}`,
      );
    }
    addProcessHooks();
  } catch (error) {
    await stopServer();
    await rm(baseDir, { recursive: true, force: true });
    throw error;
  }

  let stopped = false;
  const cluster: PostgresCluster = {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    baseDir,
    async stop(): Promise<void> {
      if (stopped) return;
      stopped = true;
      removeProcessHooks();
      await stopServer();
      await rm(baseDir, { recursive: true, force: true });
    },
  };
  return { available: true, cluster };
}
