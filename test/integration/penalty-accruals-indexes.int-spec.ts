import { createTestApp, TestApp } from '../utils/create-test-app';

/**
 * penalty_accruals is the table the nightly job writes most (a row per debtor and debt period each
 * night), so it carries only the indexes its readers use: the primary key and the unique
 * (account_id, period, as_of) key through which the job finds an account range's earlier totals.
 * The index on `as_of` alone was dropped (migration 1764550000000): nothing looked accruals up by date,
 * and writing it cost the job ~9 % (BENCHMARKS.md, penalties, session 9).
 */
describe('penalty_accruals indexes (integration)', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp();
  });
  afterAll(async () => sut.close());

  it('has the primary key and the (account, period, date) key, nothing else', async () => {
    const rows: { indexname: string; indexdef: string }[] = await sut.db.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'penalty_accruals'
        ORDER BY indexname`,
    );
    expect(rows.map((r) => r.indexname)).toEqual([
      'penalty_accruals_pkey',
      'uq_penalty_accruals__account_period_as_of',
    ]);
    expect(rows[1].indexdef).toContain('(account_id, period, as_of)');
  });

  it("reads an account range's earlier totals through the unique key", async () => {
    // The test database's table is small, so the planner is told to avoid a scan where it can.
    const plan = await sut.db.transaction(async (m) => {
      await m.query('SET LOCAL enable_seqscan = off');
      const rows: { 'QUERY PLAN': string }[] = await m.query(
        `EXPLAIN SELECT DISTINCT ON (account_id, period) account_id, period, amount
           FROM penalty_accruals
          WHERE account_id BETWEEN 1 AND 5000 AND as_of < '2026-11-27'::date
          ORDER BY account_id, period, as_of DESC`,
      );
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('uq_penalty_accruals__account_period_as_of');
  });
});
