import { INestApplicationContext } from '@nestjs/common';
import { exportCopySql } from '../../src/bench/export.bench';
import { measureHostSpeed } from '../../src/bench/host-speed';
import { PENALTY_AS_OF, runPenaltyFloor, seedPenaltyDebts } from '../../src/bench/penalties.bench';
import { seedDemoEstate } from '../../src/demo/demo-seed';
import { PenaltyRunsService } from '../../src/modules/penalties/accruals/penalty-runs.service';
import { PenaltyRulesService } from '../../src/modules/penalties/rules/penalty-rules.service';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { startTestWorker } from '../utils/worker';

/**
 * The benchmark's correctness smoke for the penalty and export workloads at a small size: the
 * nightly job through the queue equals its set-based floor per account and debt period to the
 * kopeck, and the COPY floor of the export reads the same rows as the export query.
 */
describe('penalty and export workloads equal their floors (integration)', () => {
  let sut: TestApp;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    sut = await createTestApp();
    await sut.reset();
    worker = await startTestWorker();
  });
  afterAll(async () => {
    await sut.db.query(`DROP TABLE IF EXISTS bench_floor_penalties`);
    await worker.close();
    await sut.close();
  });

  it('the nightly penalty job equals the set-based accrual, account by account', async () => {
    await seedDemoEstate(sut.db, '2026-10', { buildings: 2, perBuilding: 25, hotWaterGaps: false });
    await seedPenaltyDebts(sut.db, '2026-10');
    const runs = sut.app.get(PenaltyRunsService);
    await runs.start(PENALTY_AS_OF, 'test');
    let status = 'running';
    for (let i = 0; i < 600 && status === 'running'; i++) {
      status = (await runs.get(PENALTY_AS_OF)).status;
      if (status === 'running') await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe('completed');

    const rules = await sut.app.get(PenaltyRulesService).loadRules();
    const floor = await runPenaltyFloor(sut.db, rules, PENALTY_AS_OF);
    const [app] = await sut.db.query(
      `SELECT sum(amount)::text AS total, count(*)::int AS n FROM penalty_accruals WHERE as_of = $1`,
      [PENALTY_AS_OF],
    );
    // Every fifth of 50 accounts owes ten periods (2025-10 … 2026-07); on 27.11.2026 even the last,
    // due 17.08.2026, is 102 days late, so all 100 debts carry a penalty.
    expect(floor.n).toBe(100);
    expect(app).toEqual({ total: floor.total, n: floor.n });
    const mismatches = await sut.db.query(
      `SELECT coalesce(a.account_id, f.account_id) AS account_id, coalesce(a.period, f.period) AS period
         FROM (SELECT * FROM penalty_accruals WHERE as_of = $1) a
         FULL JOIN bench_floor_penalties f ON f.account_id = a.account_id AND f.period = a.period
        WHERE a.amount IS DISTINCT FROM f.amount`,
      [PENALTY_AS_OF],
    );
    expect(mismatches).toEqual([]);
  });

  it('the COPY floor of the export is the export query with its parameters written in', async () => {
    const sql = exportCopySql('2026-10');
    expect(sql).toMatch(/^COPY \(/);
    expect(sql).toContain(`'2026-10-01'::date`);
    expect(sql).not.toMatch(/\$\d/);
    // The statement inside COPY runs as a plain query (no charge lines yet: no rows, no error).
    const inner = sql.slice('COPY ('.length, sql.lastIndexOf(') TO STDOUT'));
    await expect(sut.db.query(inner)).resolves.toEqual([]);
  });

  it("times the host's fixed work against the real PostgreSQL (every figure measured)", async () => {
    const speed = await measureHostSpeed(sut.db);
    expect(Object.keys(speed).sort()).toEqual(['jsMs', 'pgMs', 'pgRoundTripMs', 'zlibMs']);
    for (const ms of Object.values(speed)) expect(ms).toBeGreaterThan(0);
  });
});
