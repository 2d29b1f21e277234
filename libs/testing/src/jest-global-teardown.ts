// Jest `globalTeardown`: stops the cluster started by jest-global-setup.ts (if any) and
// removes its temp directory.
import { CLUSTER_GLOBAL_KEY, clusterHolder } from './jest-global-setup';

export default async function globalTeardown(): Promise<void> {
  const holder = clusterHolder();
  const cluster = holder[CLUSTER_GLOBAL_KEY];
  if (!cluster) return;
  delete holder[CLUSTER_GLOBAL_KEY];
  delete process.env.TEST_PG_ADMIN_URL;
  await cluster.stop();
}
