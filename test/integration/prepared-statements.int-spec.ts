import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source';
import { prepared, preparedName } from '../../src/database/prepared';

/**
 * Marked statements run as named prepared statements on the pool's connections (prepared.ts), with
 * the same rows as unnamed ones; unmarked statements are untouched.
 */
describe('prepared statements (integration)', () => {
  let db: DataSource;
  beforeAll(async () => {
    // One connection, so the session that prepared is the one asked.
    db = new DataSource(dataSourceOptions(process.env.DATABASE_URL!, 1));
    await db.initialize();
  });
  afterAll(async () => {
    await db.destroy();
  });

  it('runs a marked text as one named statement on the connection, with the same answers', async () => {
    const text = prepared(`SELECT $1::int + 1 AS next, $2::text AS label, $3::numeric(12,2) AS amount`);
    const plain = `SELECT $1::int + 1 AS next, $2::text AS label, $3::numeric(12,2) AS amount /* plain */`;
    const name = preparedName(text)!;
    expect(name).toMatch(/^abonent_\d+$/);
    expect(preparedName(plain)).toBeUndefined();
    for (const [n, label, amount] of [
      [1, 'a', '10.005'],
      [41, 'Б', '-0.01'],
      [7, null, null],
    ] as const) {
      const viaName: unknown[] = await db.query(text, [n, label, amount]);
      const viaPlain: unknown[] = await db.query(plain, [n, label, amount]);
      expect(viaName).toEqual(viaPlain);
    }
    const statements: { name: string; statement: string }[] = await db.query(
      `SELECT name, statement FROM pg_prepared_statements ORDER BY name`,
    );
    expect(statements).toEqual([{ name, statement: text }]);
  });

  it('reports errors of a marked statement as before, and the connection stays usable', async () => {
    const text = prepared(`SELECT 1 / $1::int AS q`);
    await expect(db.query(text, [0])).rejects.toThrow(/division by zero/);
    await expect(db.query(text, [2])).resolves.toEqual([{ q: 0 }]);
  });
});
