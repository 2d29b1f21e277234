import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * Embedded PostgreSQL: PGlite behind a loopback Postgres wire-protocol socket,
 * so the app talks to it through `pg` exactly as to a real server (one code path).
 * PGlite is a single session: clients must use a pool of one connection, or
 * prepared statements of different connections interleave (pglite #1046, #985).
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    readonly url: string,
  ) {}

  static async start(dataDir: string): Promise<EmbeddedPostgres> {
    if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
    const db = await PGlite.create(dataDir);
    const port = await freePort();
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections: 1 });
    await server.start();
    return new EmbeddedPostgres(
      db,
      server,
      `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    );
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
