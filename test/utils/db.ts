import { DataSource } from 'typeorm';

/**
 * Empties every business table between tests (the service catalogue is reference data and stays).
 * Ids keep counting up, so BullMQ job ids built from run ids never collide with retained jobs.
 */
export async function truncateAll(db: DataSource): Promise<void> {
  const rows: { tablename: string }[] = await db.query(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('services', 'schema_migrations')`,
  );
  if (rows.length) {
    await db.query(`TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(', ')} CASCADE`);
  }
}
