export {
  createTestDatabase,
  testDatabaseMode,
  type TestDatabase,
  type TestDatabaseMode,
} from './test-database';
export {
  DEFAULT_PG_BIN_DIR,
  ensurePostgresBinaries,
  findFreePort,
  missingPostgresBinaries,
  postgresBinDir,
  startPostgresCluster,
  type PostgresCluster,
  type StartPostgresClusterResult,
} from './postgres-cluster';
export { default as jestGlobalSetup } from './jest-global-setup';
export { default as jestGlobalTeardown } from './jest-global-teardown';
