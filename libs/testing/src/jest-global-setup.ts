// Jest `globalSetup`: with TEST_DB=postgres, starts ONE throwaway PostgreSQL 15 cluster for the
// whole Jest run and exports its admin URL as TEST_PG_ADMIN_URL (Jest hands process.env
// changes made here to the test workers). No-op in pglite mode.
import { startPostgresCluster, type PostgresCluster } from './postgres-cluster';
import { testDatabaseMode } from './test-database';

export const CLUSTER_GLOBAL_KEY = '__platformTestingPostgresCluster';

type GlobalWithCluster = typeof globalThis & { [CLUSTER_GLOBAL_KEY]?: PostgresCluster };

export function clusterHolder(): GlobalWithCluster {
  return globalThis;
}

export default async function globalSetup(): Promise<void> {
  if (testDatabaseMode() !== 'postgres') return;
  const holder = clusterHolder();
  const existing = holder[CLUSTER_GLOBAL_KEY];
  if (existing) {
    // Several Jest projects may list the same globalSetup; reuse the running cluster.
    process.env.TEST_PG_ADMIN_URL = existing.adminUrl;
    return;
  }

  const startedAt = Date.now();
  const result = await startPostgresCluster();
  if (!result.available) {
    // tools/test/run-tests.mjs decides about skipping before Jest starts, so getting here
    // means Jest was started directly with TEST_DB=postgres on a machine without PostgreSQL.
    throw new Error(
      `TEST_DB=postgres: ${result.reason}. Run the real-server pass via \`npm test\` ` +
        '(which skips it when PostgreSQL is missing) or use TEST_DB=pglite.',
    );
  }
  holder[CLUSTER_GLOBAL_KEY] = result.cluster;
  process.env.TEST_PG_ADMIN_URL = result.cluster.adminUrl;
  process.stderr.write(
    `\n[testing] PostgreSQL cluster on 127.0.0.1:${result.cluster.port} ` +
      `(started in ${Date.now() - startedAt} ms)\n`,
  );
}
