// Per-test-file database for Jest tests. The mode is chosen by env TEST_DB:
//   - `pglite` (default): an in-memory PGlite (Postgres compiled to WASM) exposed over the
//     Postgres wire protocol on 127.0.0.1 by @electric-sql/pglite-socket.
//   - `postgres`: a fresh database `t_<hex>` on the throwaway PostgreSQL 15 cluster started
//     by jest-global-setup.ts (admin URL in env TEST_PG_ADMIN_URL).
//
// IMPORTANT (pglite mode): PGlite is a single session. The socket server accepts ONE
// connection and every statement runs in that one session, so clients must use a `pg` pool
// with `max: 1` (TypeORM: `extra: { max: 1 }`, which the API does itself). A second
// concurrent connection is refused ("Too many connections").
import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { Client } from 'pg';

export type TestDatabaseMode = 'pglite' | 'postgres';

export interface TestDatabase {
  /** Connection URL, e.g. postgres://postgres:postgres@127.0.0.1:PORT/postgres */
  readonly url: string;
  readonly mode: TestDatabaseMode;
  /** Drops the database (postgres) or stops the socket server and closes PGlite. Idempotent. */
  dispose(): Promise<void>;
}

/** Mode selected by env TEST_DB (`pglite` when unset or empty). */
export function testDatabaseMode(): TestDatabaseMode {
  const raw = (process.env.TEST_DB ?? '').trim().toLowerCase();
  if (raw === '' || raw === 'pglite') return 'pglite';
  if (raw === 'postgres') return 'postgres';
  throw new Error(`TEST_DB must be "pglite" or "postgres", got "${process.env.TEST_DB}"`);
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const mode = testDatabaseMode();
  switch (mode) {
    case 'pglite':
      return createPgliteDatabase();
    case 'postgres':
      return createPostgresDatabase();
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let pending: Promise<void> | undefined;
  return () => (pending ??= fn());
}

// PGlite runs in a worker thread, outside Jest's module sandbox: its CommonJS build loads
// node built-ins with dynamic import(), which the Jest vm only supports behind
// --experimental-vm-modules. The worker also keeps the WASM heap off the test's thread.
// Set TEST_PGLITE_TEMPLATE=off to always run initdb instead of using the cached template.
const PGLITE_WORKER_SOURCE = `
const { parentPort, workerData, threadId } = require('node:worker_threads');
const { createRequire } = require('node:module');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const load = createRequire(workerData.resolveFrom);
const { PGlite } = load('@electric-sql/pglite');
const { PGLiteSocketServer } = load('@electric-sql/pglite-socket');
let db;
let server;
function templatePath() {
  const pkg = path.join(path.dirname(load.resolve('@electric-sql/pglite')), '..', 'package.json');
  const version = JSON.parse(fs.readFileSync(pkg, 'utf8')).version;
  return path.join(os.tmpdir(), 'platform-pglite-template-' + version + '.tar');
}
// A fresh PGlite runs initdb (~3 s). The freshly initialised data directory is cached as a
// tarball in the OS temp dir and later instances start from it (~0.6 s).
async function openDatabase() {
  if (!workerData.useTemplate) {
    const fresh = new PGlite();
    await fresh.waitReady;
    return fresh;
  }
  const template = templatePath();
  if (fs.existsSync(template)) {
    let candidate;
    try {
      candidate = new PGlite({ loadDataDir: new Blob([fs.readFileSync(template)]) });
      await candidate.waitReady;
      return candidate;
    } catch {
      if (candidate) await candidate.close().catch(() => undefined);
      fs.rmSync(template, { force: true });
    }
  }
  const fresh = new PGlite();
  await fresh.waitReady;
  try {
    const dump = await fresh.dumpDataDir('none');
    const partial = template + '.' + process.pid + '.' + threadId + '.partial';
    fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(partial, template);
  } catch {
    // caching is best effort
  }
  return fresh;
}
async function start() {
  db = await openDatabase();
  // port 0: the OS picks a free port; getServerConn() reports the bound "host:port".
  server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 });
  await server.start();
  parentPort.postMessage({ type: 'ready', hostPort: server.getServerConn() });
}
async function stop() {
  try { if (server) await server.stop(); } finally { if (db) await db.close(); }
}
parentPort.on('message', (message) => {
  if (message && message.type === 'stop') {
    stop().then(
      () => { parentPort.postMessage({ type: 'stopped' }); parentPort.close(); },
      (error) => { parentPort.postMessage({ type: 'error', message: String(error && error.stack || error) }); parentPort.close(); },
    );
  }
});
start().catch((error) => {
  parentPort.postMessage({ type: 'error', message: String(error && error.stack || error) });
  parentPort.close();
});
`;

const PGLITE_STOP_TIMEOUT_MS = 5_000;

type PgliteWorkerMessage =
  { type: 'ready'; hostPort: string } | { type: 'stopped' } | { type: 'error'; message: string };

function nextWorkerMessage(worker: Worker): Promise<PgliteWorkerMessage> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (message: PgliteWorkerMessage): void => {
      cleanup();
      resolve(message);
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const onExit = (code: number): void => {
      cleanup();
      reject(new Error(`PGlite worker exited with code ${code}`));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}

async function createPgliteDatabase(): Promise<TestDatabase> {
  const worker = new Worker(PGLITE_WORKER_SOURCE, {
    eval: true,
    workerData: {
      resolveFrom: __filename,
      useTemplate: process.env.TEST_PGLITE_TEMPLATE !== 'off',
    },
  });
  const first = await nextWorkerMessage(worker).catch(async (error: unknown) => {
    await worker.terminate();
    throw error;
  });
  if (first.type !== 'ready') {
    await worker.terminate();
    throw new Error(
      `PGlite failed to start: ${first.type === 'error' ? first.message : first.type}`,
    );
  }
  return {
    url: `postgres://postgres:postgres@${first.hostPort}/postgres`,
    mode: 'pglite',
    dispose: once(async () => {
      // Graceful stop first; the socket server waits for clients that still hold a
      // connection, so give up after a few seconds and terminate (the data is in memory only).
      // Close your pools / Nest app before calling dispose().
      let timer: NodeJS.Timeout | undefined;
      try {
        const stopped = nextWorkerMessage(worker);
        stopped.catch(() => undefined); // still pending if we time out and terminate
        worker.postMessage({ type: 'stop' });
        const timeout = new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), PGLITE_STOP_TIMEOUT_MS);
        });
        const reply = await Promise.race([stopped, timeout]);
        if (reply !== 'timeout' && reply.type === 'error') {
          throw new Error(`PGlite failed to stop: ${reply.message}`);
        }
      } finally {
        clearTimeout(timer);
        await worker.terminate();
      }
    }),
  };
}

async function withAdminClient<T>(
  adminUrl: string,
  fn: (client: Client) => Promise<T>,
): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function createPostgresDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_PG_ADMIN_URL;
  if (!adminUrl) {
    throw new Error(
      'TEST_DB=postgres but TEST_PG_ADMIN_URL is not set: the Jest config must use ' +
        'libs/testing/src/jest-global-setup.ts as globalSetup (npm test does this in its ' +
        'postgres pass)',
    );
  }
  const name = `t_${randomBytes(8).toString('hex')}`;
  // `name` is generated here ([a-z0-9_] only), so quoting it as an identifier is safe.
  await withAdminClient(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));

  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    mode: 'postgres',
    dispose: once(async () => {
      await withAdminClient(adminUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
      );
    }),
  };
}
