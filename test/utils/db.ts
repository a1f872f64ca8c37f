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

/**
 * Moves a table's id sequence forward so that its next two ids are 10^k − 1 and 10^k (9 and 10, 99
 * and 100, …), whatever earlier test files used: ids compared as text would put the second first.
 * Only forward, as ids always count here.
 */
export async function nextIdsCrossADigit(db: DataSource, table: string): Promise<void> {
  const [{ seq, last }]: { seq: string; last: string | null }[] = await db.query(
    `SELECT s AS seq, pg_sequence_last_value(s::regclass)::text AS last FROM pg_get_serial_sequence($1, 'id') s`,
    [table],
  );
  const next = BigInt(last ?? '0') + 1n;
  let power = 10n;
  while (power - 1n < next) power *= 10n;
  await db.query(`SELECT setval($1::regclass, $2::bigint)`, [seq, String(power - 2n)]);
}
