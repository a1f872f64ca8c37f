import { Client } from 'pg';
import { DataSource } from 'typeorm';

/**
 * Reference data seeded by migrations (service catalogue, coefficients, key rates, calendar …) is
 * snapshotted once after the migrations; between tests the business tables are emptied and the
 * reference tables restored from the snapshot, so a test that edits a rule never leaks into another.
 * Ids keep counting up, so BullMQ job ids built from run ids never collide with retained jobs.
 */
const SNAPSHOT = 'test_reference_snapshot';

export async function snapshotReferenceData(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ t: string }>(
      `SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY 1`,
    );
    const seeded: string[] = [];
    await client.query(`CREATE SCHEMA ${SNAPSHOT}`);
    for (const { t } of rows) {
      const { rows: any } = await client.query(`SELECT EXISTS (SELECT 1 FROM "${t}") AS e`);
      if (!any[0].e) continue;
      seeded.push(t);
      await client.query(`CREATE TABLE ${SNAPSHOT}."${t}" AS TABLE public."${t}"`);
    }
    return seeded;
  } finally {
    await client.end();
  }
}

export async function truncateAll(db: DataSource): Promise<void> {
  const reference = (process.env.TEST_REFERENCE_TABLES ?? 'services').split(',').filter(Boolean);
  const rows: { tablename: string }[] = await db.query(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'
        AND NOT (tablename = ANY($1))`,
    [reference],
  );
  await db.transaction(async (m) => {
    if (rows.length) await m.query(`TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(', ')} CASCADE`);
    for (const t of reference.filter((x) => x !== 'services')) {
      await m.query(`DELETE FROM "${t}"`);
      await m.query(`INSERT INTO "${t}" SELECT * FROM ${SNAPSHOT}."${t}"`);
    }
  });
}
