import { INestApplicationContext } from '@nestjs/common';
import Decimal from 'decimal.js';
import { DataSource } from 'typeorm';
import { Role } from '../../src/common/auth/roles';
import { seedDemoEstate } from '../../src/demo/demo-seed';
import { BillingInputsRepository } from '../../src/modules/billing-runs/billing-inputs.repository';
import { calculateChargeLines } from '../../src/modules/billing-runs/domain/charge-lines.calc';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { startTestWorker, waitForRun } from '../utils/worker';

const PERIOD = '2026-03';

// Whole runs through the queue: allow for a busy machine (no timing is asserted).
jest.setTimeout(120_000);

/** Lines as stored, in a canonical order, for exact comparisons. */
async function storedLines(db: DataSource): Promise<string[]> {
  const rows: Record<string, unknown>[] = await db.query(
    `SELECT account_id, building_id, service_code, zone, part, method, volume::text, tariff::text, amount::text,
            coefficient::text, coefficient_amount::text, basis
       FROM charge_lines WHERE period = $1 ORDER BY account_id, service_code, zone NULLS FIRST, part`,
    [`${PERIOD}-01`],
  );
  return rows.map((r) => JSON.stringify(r));
}

/**
 * Several buildings per job (BILLING_BATCH_BUILDINGS): one transaction loads, computes and writes a
 * batch; the lines are those of the one-building path to the kopeck, a bad account is set aside as an
 * issue while the rest of the batch is billed, a failed batch falls back to one transaction per
 * building (nothing lost, nothing duplicated), and a re-run replaces the lines with the same ones.
 */
describe('billing runs in batches of buildings (integration)', () => {
  let sut: TestApp;
  let worker: INestApplicationContext;
  const saved = { ...process.env };
  let badAccount: string;
  let buildings: string[];

  beforeAll(async () => {
    process.env.BILLING_BATCH_BUILDINGS = '3';
    process.env.BILLING_CHUNK_ATTEMPTS = '1';
    sut = await createTestApp();
    await sut.reset();
    worker = await startTestWorker();
    await seedDemoEstate(sut.db, PERIOD, { buildings: 5, perBuilding: 6, hotWaterGaps: true });
    buildings = (await sut.db.query(`SELECT id FROM buildings ORDER BY id`)).map((r: { id: string }) => r.id);
    // A bad account in the second building: its two-zone electricity meter becomes three-zone, and no
    // T3 tariff exists, so its electricity is set aside (NO_TARIFF); everything else is billed.
    const [meter] = await sut.db.query(
      `SELECT m.id, a.id AS account_id FROM meters m JOIN premises p ON p.id = m.premises_id JOIN accounts a ON a.premises_id = p.id
        WHERE m.service_code = 'electricity' AND m.zones = 2 AND p.building_id = $1 ORDER BY m.id LIMIT 1`,
      [buildings[1]],
    );
    badAccount = meter.account_id;
    await sut.db.query(`UPDATE meters SET zones = 3 WHERE id = $1`, [meter.id]);
    await sut.db.query(
      `INSERT INTO meter_readings (meter_id, zone, value, taken_on, period, kind, channel, created_by)
       SELECT meter_id, 'T3', value, taken_on, period, kind, channel, created_by FROM meter_readings
        WHERE meter_id = $1 AND zone = 'T2'`,
      [meter.id],
    );
  });
  afterAll(async () => {
    process.env = saved;
    await worker.close();
    await sut.close();
  });

  const run = async (): Promise<Record<string, unknown>> => {
    const headers = await sut.as(Role.Specialist);
    const created = await sut
      .http()
      .post('/api/v1/billing-runs')
      .set(headers)
      .send({ period: PERIOD })
      .expect(202);
    return waitForRun(sut, created.body.id, headers);
  };

  it('writes the lines of the one-building path to the kopeck and sets the bad account aside', async () => {
    const first = await run();
    expect(first).toMatchObject({
      status: 'completed',
      progress: { total: 5, done: 5, failed: 0, pending: 0 },
      accountsBilled: 30,
      issues: 1,
    });

    // The one-building loader (preview, recalculations) and the pure calculation, building by building.
    const inputs = worker.get(BillingInputsRepository);
    const expected: Record<string, unknown>[] = [];
    const issues: unknown[] = [];
    for (const b of buildings) {
      const r = calculateChargeLines({ period: PERIOD, ...(await inputs.load(sut.db.manager, b, PERIOD)) });
      expected.push(...r.lines.map((l) => ({ ...l, buildingId: b })));
      issues.push(...r.issues);
    }
    const stored: Record<string, unknown>[] = await sut.db.query(
      `SELECT account_id AS "accountId", building_id AS "buildingId", service_code AS "serviceCode", zone, part, method,
              volume::text, tariff::text, amount::text, coefficient_amount::text AS "coefficientAmount", basis
         FROM charge_lines WHERE period = $1`,
      [`${PERIOD}-01`],
    );
    const key = (l: Record<string, unknown>) => `${l.accountId}|${l.serviceCode}|${l.zone}|${l.part}`;
    const byKey = new Map(stored.map((l) => [key(l), l]));
    expect(stored).toHaveLength(expected.length);
    for (const l of expected) {
      expect(byKey.get(key(l))).toEqual({
        accountId: l.accountId,
        buildingId: l.buildingId,
        serviceCode: l.serviceCode,
        zone: l.zone,
        part: l.part,
        method: l.method,
        volume: new Decimal(l.volume as string).toFixed(6), // numeric(16,6) in the table
        tariff: l.tariff,
        amount: l.amount,
        coefficientAmount: l.coefficientAmount,
        basis: JSON.parse(JSON.stringify(l.basis)),
      });
    }
    const [{ total }] = await sut.db.query(`SELECT sum(amount)::text AS total FROM charge_lines`);
    expect(first.totalAmount).toBe(total);

    // The bad account: one issue, no electricity line; its other services and every other account billed.
    expect(issues).toEqual([
      expect.objectContaining({ accountId: badAccount, serviceCode: 'electricity', code: 'NO_TARIFF' }),
    ]);
    const perService: { service_code: string; n: number }[] = await sut.db.query(
      `SELECT service_code, count(DISTINCT account_id)::int AS n FROM charge_lines GROUP BY 1 ORDER BY 1`,
    );
    expect(perService.find((s) => s.service_code === 'electricity')!.n).toBe(29);
    expect(perService.find((s) => s.service_code === 'maintenance')!.n).toBe(30);
    const chunks = await sut.db.query(
      `SELECT building_id, status, accounts, issues FROM billing_run_chunks WHERE run_id = $1 ORDER BY building_id`,
      [first.id],
    );
    expect(chunks).toEqual(
      buildings.map((b, i) => ({ building_id: b, status: 'done', accounts: 6, issues: i === 1 ? 1 : 0 })),
    );
    // Two batches (3 + 2 buildings), each committed by one transaction: now() is its start time.
    const [{ batches }] = await sut.db.query(
      `SELECT count(DISTINCT finished_at)::int AS batches FROM billing_run_chunks WHERE run_id = $1`,
      [first.id],
    );
    expect(batches).toBe(2);
  });

  it('re-runs idempotently: the same lines, no duplicates', async () => {
    const before = await storedLines(sut.db);
    const again = await run();
    expect(again).toMatchObject({ status: 'completed', accountsBilled: 30, issues: 1 });
    expect(await storedLines(sut.db)).toEqual(before);
    const [{ n }] = await sut.db.query(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM charge_lines GROUP BY period, account_id, service_code, zone, part HAVING count(*) > 1) x`,
    );
    expect(n).toBe(0);
    const [{ runs }] = await sut.db.query(`SELECT count(DISTINCT run_id)::int AS runs FROM charge_lines`);
    expect(runs).toBe(1);
  });

  it('falls back to one building per transaction when a batch fails: the others are billed, none lost or doubled', async () => {
    const before = await storedLines(sut.db);
    // Building 2 (first batch: buildings 1–3) cannot be written: the batch's single INSERT fails.
    await sut.db.query(
      `ALTER TABLE charge_lines ADD CONSTRAINT ck_test_refuse CHECK (building_id <> ${Number(buildings[1])}) NOT VALID`,
    );
    try {
      const failed = await run();
      expect(failed).toMatchObject({ status: 'completed_with_errors', accountsBilled: 24 });
      expect((failed.failedBuildings as { buildingId: string }[]).map((f) => f.buildingId)).toEqual([
        buildings[1],
      ]);
    } finally {
      await sut.db.query(`ALTER TABLE charge_lines DROP CONSTRAINT ck_test_refuse`);
    }
    // The failed building keeps its earlier lines (its transaction rolled back); the others were replaced.
    expect(await storedLines(sut.db)).toEqual(before);
    const perBuilding: { building_id: string; n: number }[] = await sut.db.query(
      `SELECT building_id, count(DISTINCT run_id)::int AS n FROM charge_lines GROUP BY 1 ORDER BY 1`,
    );
    expect(perBuilding.map((p) => p.n)).toEqual([1, 1, 1, 1, 1]);
  });

  it("still refuses a line whose building is not its account's, and removing a charged tariff (migration 1764500000000)", async () => {
    const [line] = await sut.db.query(
      `SELECT id, building_id, tariff_id FROM charge_lines WHERE building_id = $1 ORDER BY id LIMIT 1`,
      [buildings[0]],
    );
    await expect(
      sut.db.query(`UPDATE charge_lines SET building_id = $2 WHERE id = $1`, [line.id, buildings[1]]),
    ).rejects.toMatchObject({ driverError: { code: '23503', constraint: 'fk_charge_lines__implied' } });
    await expect(
      sut.db.query(`UPDATE charge_lines SET service_code = 'no_such_service' WHERE id = $1`, [line.id]),
    ).rejects.toMatchObject({ driverError: { code: '23503', constraint: 'fk_charge_lines__implied' } });
    await expect(sut.db.query(`DELETE FROM tariffs WHERE id = $1`, [line.tariff_id])).rejects.toMatchObject({
      driverError: { code: '23503', constraint: 'fk_charge_lines__implied' },
    });
    await expect(
      sut.db.query(`DELETE FROM buildings WHERE id = $1`, [line.building_id]),
    ).rejects.toMatchObject({
      driverError: { code: '23503' },
    });
  });

  it('refuses a line whose run or account does not exist, and removing a charged run or account, without the foreign keys (migration 1764510000000)', async () => {
    const keys: { conname: string }[] = await sut.db.query(
      `SELECT conname FROM pg_constraint WHERE conrelid = 'charge_lines'::regclass AND contype = 'f' ORDER BY conname`,
    );
    expect(keys).toEqual([]);
    const [line] = await sut.db.query(
      `SELECT id, run_id, account_id FROM charge_lines WHERE building_id = $1 ORDER BY id LIMIT 1`,
      [buildings[0]],
    );
    const implied = { driverError: { code: '23503', constraint: 'fk_charge_lines__implied' } };
    const [{ max }] = await sut.db.query(`SELECT max(id)::text AS max FROM billing_runs`);
    const missingRun = String(BigInt(max) + 1000n);
    await expect(
      sut.db.query(`UPDATE charge_lines SET run_id = $2 WHERE id = $1`, [line.id, missingRun]),
    ).rejects.toMatchObject(implied);
    await expect(
      sut.db.query(`UPDATE charge_lines SET account_id = account_id + 1000000 WHERE id = $1`, [line.id]),
    ).rejects.toMatchObject(implied);
    // One bad row among many valid ones still refuses the whole statement.
    await expect(
      sut.db.query(
        `UPDATE charge_lines SET run_id = CASE WHEN id = $2 THEN $3::bigint ELSE run_id END WHERE building_id = $1`,
        [buildings[0], line.id, missingRun],
      ),
    ).rejects.toMatchObject(implied);
    // The run's other references (chunks, issues) go first, in a transaction rolled back afterwards,
    // so only the charge lines' check can refuse the removal or re-keying of the run.
    for (const sql of [
      `DELETE FROM billing_runs WHERE id = $1`,
      `UPDATE billing_runs SET id = $2 WHERE id = $1`,
    ]) {
      await sut.db
        .transaction(async (m) => {
          await m.query(`DELETE FROM billing_run_chunks WHERE run_id = $1`, [line.run_id]);
          await m.query(`DELETE FROM billing_run_issues WHERE run_id = $1`, [line.run_id]);
          await expect(
            m.query(sql, sql.includes('$2') ? [line.run_id, missingRun] : [line.run_id]),
          ).rejects.toMatchObject(implied);
          throw new Error('rollback');
        })
        .catch((e: Error) => expect(e.message).toBe('rollback'));
    }
    // An account referenced by nothing but one charge line: only the new check can refuse its removal.
    await sut.db
      .transaction(async (m) => {
        const [acc] = await m.query(
          `INSERT INTO accounts (premises_id, number, holder_name, opened_on)
         SELECT premises_id, 'T-1764510000000', 'Test', opened_on FROM accounts WHERE id = $1 RETURNING id`,
          [line.account_id],
        );
        await m.query(
          `INSERT INTO charge_lines (period, run_id, building_id, account_id, service_code, zone, part, method, volume, unit,
                                   tariff, tariff_id, coefficient, coefficient_amount, amount, basis)
         SELECT period, run_id, building_id, $2, service_code, zone, part, method, volume, unit,
                tariff, tariff_id, coefficient, coefficient_amount, amount, basis FROM charge_lines WHERE id = $1`,
          [line.id, acc.id],
        );
        await expect(m.query(`DELETE FROM accounts WHERE id = $1`, [acc.id])).rejects.toMatchObject(implied);
        throw new Error('rollback');
      })
      .catch((e: Error) => expect(e.message).toBe('rollback'));
    // Updates that keep the ids pass, and the lines are untouched.
    await sut.db.query(`UPDATE billing_runs SET error = error WHERE id = $1`, [line.run_id]);
    const [{ n }] = await sut.db.query(`SELECT count(*)::int AS n FROM charge_lines WHERE run_id = $1`, [
      line.run_id,
    ]);
    expect(n).toBeGreaterThan(0);
  });

  it("shows a running run's progress from its chunks' totals, which equal its lines' (migration 1764510000001)", async () => {
    const finished = await run();
    const runId = finished.id as string;
    const byChunk: { building_id: string; t: unknown }[] = await sut.db.query(
      `SELECT building_id, service_totals AS t FROM billing_run_chunks WHERE run_id = $1 ORDER BY building_id`,
      [runId],
    );
    const byLines: { building_id: string; t: unknown }[] = await sut.db.query(
      `SELECT building_id, jsonb_agg(jsonb_build_object('serviceCode', service_code, 'lines', n, 'amount', amt::text)) AS t
         FROM (SELECT building_id, service_code, count(*)::int AS n, sum(amount) AS amt FROM charge_lines
                WHERE run_id = $1 GROUP BY 1, 2) x GROUP BY 1 ORDER BY 1`,
      [runId],
    );
    const sorted = (t: unknown) =>
      [...(t as { serviceCode: string }[])].sort((a, b) => a.serviceCode.localeCompare(b.serviceCode));
    expect(byChunk.map((c) => [c.building_id, sorted(c.t)])).toEqual(
      byLines.map((c) => [c.building_id, sorted(c.t)]),
    );
    const headers = await sut.as(Role.Specialist);
    await sut.db.query(`UPDATE billing_runs SET status = 'running' WHERE id = $1`, [runId]);
    try {
      const live = await sut.http().get(`/api/v1/billing-runs/${runId}`).set(headers).expect(200);
      expect(live.body.totals).toEqual(finished.totals);
      expect(live.body.totalAmount).toBe(finished.totalAmount);
      expect(live.body.lines).toBe(finished.lines);
      expect(live.body.accountsBilled).toBe(finished.accountsBilled);
      // The chunks are what it reads: a chunk's cold water total moved by 1.00 moves the live total.
      await sut.db.query(
        `UPDATE billing_run_chunks SET service_totals = (
           SELECT jsonb_agg(CASE WHEN e->>'serviceCode' = 'cold_water'
                                 THEN jsonb_set(e, '{amount}', to_jsonb(((e->>'amount')::numeric + 1)::text)) ELSE e END)
             FROM jsonb_array_elements(service_totals) e)
          WHERE run_id = $1 AND building_id = $2`,
        [runId, buildings[0]],
      );
      const moved = await sut.http().get(`/api/v1/billing-runs/${runId}`).set(headers).expect(200);
      const cold = (b: { totals: { serviceCode: string; amount: string }[] }) =>
        new Decimal(b.totals.find((t) => t.serviceCode === 'cold_water')!.amount);
      expect(cold(moved.body).minus(cold(live.body)).toFixed(2)).toBe('1.00');
    } finally {
      await sut.db.query(`UPDATE billing_runs SET status = $2 WHERE id = $1`, [runId, finished.status]);
    }
  });
});
