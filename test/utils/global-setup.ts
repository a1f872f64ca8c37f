import { randomBytes } from 'node:crypto';
import { createDatabase, dropDatabase, startEmbeddedPostgres } from '../../src/database/embedded';
import { runMigrations } from '../../src/database/data-source';
import { snapshotReferenceData } from './db';

/**
 * Once per `npm test`: a fresh database on TEST_DATABASE_URL's server (dropped afterwards), or an
 * embedded PostgreSQL when nothing is configured; migrations applied once. The queue uses REDIS_URL
 * with a run-unique prefix, or BullMQ's PostgreSQL backend when no Redis is configured.
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const name = `abonent_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
  let teardown: () => Promise<void>;
  if (process.env.TEST_DATABASE_URL) {
    const server = process.env.TEST_DATABASE_URL;
    process.env.DATABASE_URL = await createDatabase(server, name);
    teardown = () => dropDatabase(server, name);
  } else {
    const embedded = await startEmbeddedPostgres(name);
    process.env.DATABASE_URL = embedded.url;
    teardown = embedded.stop;
  }
  process.env.QUEUE_BACKEND = process.env.REDIS_URL ? 'redis' : 'postgres';
  process.env.QUEUE_PREFIX = name;
  process.env.BOOTSTRAP_ADMIN_API_KEY = 'test-bootstrap-admin-key-0123456789';
  process.env.LOG_LEVEL = 'silent';
  process.env.BILLING_SWEEP_EVERY_SECONDS = '0';
  process.env.PENALTY_NIGHTLY_CRON = 'off';
  process.env.TZ = 'UTC';
  await runMigrations(process.env.DATABASE_URL);
  process.env.TEST_REFERENCE_TABLES = (await snapshotReferenceData(process.env.DATABASE_URL)).join(',');
  (globalThis as { __abonentTeardown?: () => Promise<void> }).__abonentTeardown = teardown;
  console.log(
    `\n[test] database ${process.env.TEST_DATABASE_URL ? 'on TEST_DATABASE_URL' : 'embedded'}, ` +
      `queue ${process.env.QUEUE_BACKEND}, ready in ${Date.now() - started} ms`,
  );
}
