/**
 * Vitest global setup: with DB_ENGINE=postgres the tests run on PostgreSQL. A throwaway cluster is
 * started once for the run (unless PAGATORE_TEST_PG_URL names one already up) and each test
 * harness makes its own database in it (see harness.ts); the cluster is stopped at the end.
 */
// @ts-expect-error -- a plain ES module script shared with the command line, without types
import { startCluster } from '../../../../scripts/pg-cluster.mjs';

export default async function setup(): Promise<(() => Promise<void>) | void> {
  if (process.env.DB_ENGINE !== 'postgres' || process.env.PAGATORE_TEST_PG_URL) return;
  const cluster = (await startCluster()) as { url: string; stop(): Promise<void> };
  // Test workers start after this and inherit the environment.
  process.env.PAGATORE_TEST_PG_URL = cluster.url;
  return () => cluster.stop();
}
