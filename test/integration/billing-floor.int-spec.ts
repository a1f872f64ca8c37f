import { INestApplicationContext } from '@nestjs/common';
import { BILLING_FLOOR_TABLE, FLOOR_TOTALS_SQL, runBillingFloor } from '../../src/bench/billing-floor.sql';
import { seedDemoEstate } from '../../src/demo/demo-seed';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { billThroughApi, startTestWorker } from '../utils/worker';

/**
 * The benchmark's correctness smoke at a small size: the billing run through the queue and the
 * plain-SQL floor produce the same lines and the same totals to the kopeck, with no duplicates.
 */
describe('billing run equals its plain-SQL floor (integration)', () => {
  let sut: TestApp;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    sut = await createTestApp();
    await sut.reset();
    worker = await startTestWorker();
  });
  afterAll(async () => {
    await sut.db.query(`DROP TABLE IF EXISTS bench_floor_lines`);
    await worker.close();
    await sut.close();
  });

  it('matches line by line and service by service', async () => {
    await seedDemoEstate(sut.db, '2026-03', { buildings: 4, perBuilding: 25, hotWaterGaps: true });
    const run = await billThroughApi(sut, '2026-03');
    expect(run).toMatchObject({ status: 'completed', accountsBilled: 100, issues: 0 });

    await sut.db.query(BILLING_FLOOR_TABLE);
    await sut.db.query(`TRUNCATE bench_floor_lines`);
    await runBillingFloor(sut.db, '2026-03-01');
    expect(run.totals).toEqual(await sut.db.query(FLOOR_TOTALS_SQL));

    const mismatches = await sut.db.query(
      `SELECT coalesce(c.account_id, f.account_id) AS account_id, coalesce(c.service_code, f.service_code) AS service
         FROM (SELECT * FROM charge_lines WHERE period = '2026-03-01') c
         FULL JOIN bench_floor_lines f
           ON f.account_id = c.account_id AND f.service_code = c.service_code AND f.zone IS NOT DISTINCT FROM c.zone
        WHERE c.amount IS DISTINCT FROM f.amount OR c.volume IS DISTINCT FROM f.volume`,
    );
    expect(mismatches).toEqual([]);
    // The comparison covers every method of the seed: metered, average (5 % unread), norm × K (no meter) …
    const methods = await sut.db.query(
      `SELECT method, count(*)::int AS n, count(coefficient)::int AS k FROM charge_lines GROUP BY method ORDER BY method`,
    );
    expect(methods.map((r: { method: string }) => r.method)).toEqual([
      'area',
      'average',
      'derived',
      'metered',
      'norm',
    ]);
    expect(methods.find((r: { method: string }) => r.method === 'norm').k).toBeGreaterThan(0);
    const [{ n }] = await sut.db.query(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM charge_lines GROUP BY period, account_id, service_code, zone HAVING count(*) > 1) x`,
    );
    expect(n).toBe(0);
  });
});
