import { INestApplicationContext } from '@nestjs/common';
import { Role } from '../../src/common/auth/roles';
import { aBuilding, aBuildingService, anAccount, aPremises } from '../factories/estate';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { startTestWorker, waitForRun } from '../utils/worker';
import { anEstate, closePeriod, Estate } from './recalculations.helpers';

/** Retroactive recalculation of several buildings as a BullMQ job with progress (run by the test worker). */
describe('retroactive recalculation jobs (e2e)', () => {
  let sut: TestApp;
  let worker: INestApplicationContext;
  let e: Estate;
  let second: { building: string; accounts: string[] };
  let staff: Record<string, string>;

  beforeAll(async () => {
    sut = await createTestApp();
    worker = await startTestWorker();
  });
  afterAll(async () => {
    await worker.close();
    await sut.close();
  });

  /** A second building of the same organisation (same tariffs and norms): 3 premises of 40 m². */
  async function aSecondBuilding(org: string) {
    const building = await aBuilding(sut.db, { organisation_id: org });
    for (const s of ['cold_water', 'solid_waste', 'maintenance']) {
      await aBuildingService(sut.db, {
        building_id: building,
        service_code: s,
        supplier_organisation_id: org,
      });
    }
    const accounts: string[] = [];
    for (const n of [1, 2, 3]) {
      const p = await aPremises(sut.db, { building_id: building, number: String(n), area: '40.00' });
      accounts.push(await anAccount(sut.db, { premises_id: p }, [{ from: '2020-01-01', count: 1 }]));
    }
    return { building, accounts };
  }

  const bill = async (period: string) => {
    const res = await sut.http().post('/api/v1/billing-runs').set(staff).send({ period }).expect(202);
    expect(await waitForRun(sut, res.body.id, staff)).toMatchObject({ status: 'completed' });
  };
  const start = (body: object, status = 202, headers = staff) =>
    sut
      .http()
      .post('/api/v1/recalculations/retroactive-jobs')
      .set(headers)
      .send({
        revision: 'РЭК-2026-17 maintenance 33.00',
        buildingIds: [e.building, second.building],
        fromPeriod: '2026-02',
        toPeriod: '2026-03',
        reason: 'РЭК decision of 20.03.2026',
        ...body,
      })
      .expect(status);
  const waitForJob = async (id: string) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const res = await sut
        .http()
        .get(`/api/v1/recalculations/retroactive-jobs/${id}`)
        .set(staff)
        .expect(200);
      if (['completed', 'completed_with_errors'].includes(res.body.status)) return res.body;
      if (Date.now() > deadline) throw new Error(`job ${id} still ${res.body.status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeEach(async () => {
    await sut.reset();
    staff = await sut.as(Role.Specialist);
    e = await anEstate(sut.db);
    second = await aSecondBuilding(e.org);
    await bill('2026-02');
    await bill('2026-03');
    await closePeriod(sut.db, '2026-02');
    await closePeriod(sut.db, '2026-03');
    await sut.db.query(`UPDATE tariffs SET price = 33 WHERE service_code = 'maintenance'`);
  });

  it('two buildings, two periods: each account +3.00/m² × area per period, once; progress 2 of 2', async () => {
    const queued = (await start({})).body;
    expect(queued).toMatchObject({
      status: expect.stringMatching(/queued|running|completed/),
      progress: { buildingsTotal: 2 },
    });
    const done = await waitForJob(queued.id);
    // building 1: 2 accounts × 50 m² × 3.00 × 2 periods = 600.00; building 2: 3 × 40 m² × 3.00 × 2 = 720.00
    expect(done).toMatchObject({
      status: 'completed',
      progress: { buildingsTotal: 2, buildingsDone: 2, buildingsFailed: 0 },
      documents: 5,
      amount: '1320.00',
      buildings: [
        { buildingId: e.building, status: 'done', documents: 2, amount: '600.00', error: null, attempts: 1 },
        {
          buildingId: second.building,
          status: 'done',
          documents: 3,
          amount: '720.00',
          error: null,
          attempts: 1,
        },
      ],
    });
    const docs = await sut.db.query(
      `SELECT r.account_id::text AS account, r.amount::text, to_char(r.posting_period, 'YYYY-MM') AS posting,
              r.basis->>'revision' AS revision, r.basis->>'retroactiveJobId' AS job
         FROM recalculations r ORDER BY r.account_id`,
    );
    expect(docs).toEqual(
      [...e.accounts.map((a) => [a, '300.00']), ...second.accounts.map((a) => [a, '240.00'])].map(
        ([account, amount]) => ({
          account,
          amount,
          posting: '2026-04',
          revision: 'РЭК-2026-17 maintenance 33.00',
          job: queued.id,
        }),
      ),
    );
    const lines = await sut.db.query(
      `SELECT to_char(corrected_period, 'YYYY-MM') AS p, service_code AS s, amount_delta::text AS a
         FROM recalculation_lines WHERE account_id = $1 ORDER BY corrected_period`,
      [second.accounts[0]],
    );
    expect(lines).toEqual([
      { p: '2026-02', s: 'maintenance', a: '120.00' },
      { p: '2026-03', s: 'maintenance', a: '120.00' },
    ]);

    // The same revision again: the same job, nothing recomputed or posted twice.
    const again = (await start({})).body;
    expect(again.id).toBe(queued.id);
    expect((await waitForJob(again.id)).documents).toBe(5);
    const [{ n }] = await sut.db.query(`SELECT count(*)::int AS n FROM recalculations`);
    expect(n).toBe(5);
  });

  it('a failing building is recorded and the others complete; the same revision again retries it', async () => {
    // A trigger refuses documents of building 2 only (a stand-in for any failure inside one building).
    await sut.db.query(`CREATE TABLE IF NOT EXISTS test_fail_building (id bigint)`);
    await sut.db.query(`INSERT INTO test_fail_building VALUES ($1)`, [second.building]);
    await sut.db.query(`
      CREATE OR REPLACE FUNCTION test_fail_building() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM test_fail_building f JOIN premises p ON p.building_id = f.id
                     JOIN accounts a ON a.premises_id = p.id WHERE a.id = NEW.account_id) THEN
          RAISE EXCEPTION 'test: building refused';
        END IF;
        RETURN NEW;
      END $$`);
    await sut.db.query(
      `CREATE TRIGGER tg_test_fail BEFORE INSERT ON recalculations FOR EACH ROW EXECUTE FUNCTION test_fail_building()`,
    );
    try {
      const job = await waitForJob((await start({ revision: 'r-fail' })).body.id);
      expect(job).toMatchObject({
        status: 'completed_with_errors',
        progress: { buildingsTotal: 2, buildingsDone: 1, buildingsFailed: 1 },
        documents: 2,
        amount: '600.00',
        buildings: [
          { buildingId: e.building, status: 'done', documents: 2 },
          {
            buildingId: second.building,
            status: 'failed',
            documents: 0,
            error: expect.stringContaining('building refused'),
          },
        ],
      });
      const [{ n }] = await sut.db.query(`SELECT count(*)::int AS n FROM recalculations`);
      expect(n).toBe(2);
    } finally {
      await sut.db.query(`DROP TRIGGER tg_test_fail ON recalculations`);
      await sut.db.query(`DROP FUNCTION test_fail_building()`);
      await sut.db.query(`DROP TABLE test_fail_building`);
    }
    const retried = await waitForJob((await start({ revision: 'r-fail' })).body.id);
    expect(retried).toMatchObject({
      status: 'completed',
      progress: { buildingsDone: 2, buildingsFailed: 0 },
      documents: 5,
      amount: '1320.00',
      buildings: [
        { status: 'done', attempts: 1 },
        { status: 'done', attempts: 2, error: null },
      ],
    });
  });

  it('refuses another request under the same revision, an unknown building, over 36 periods; auditors may only read', async () => {
    const first = (await start({})).body;
    expect((await start({ toPeriod: '2026-02' }, 409)).body.code).toBe('RETROACTIVE_REVISION_CONFLICT');
    expect(
      (await start({ revision: 'x', buildingIds: [e.building, '999999'] }, 404)).body.code,
    ).toBeDefined();
    expect((await start({ revision: 'y', fromPeriod: '2023-01', toPeriod: '2026-01' }, 422)).body.code).toBe(
      'RETROACTIVE_RANGE_TOO_LONG',
    );
    await start({ revision: 'z', buildingIds: [] }, 400);
    expect((await start({ revision: 'v', postingPeriod: '2026-03' }, 409)).body.code).toBe('PERIOD_CLOSED');
    expect(
      (await start({ revision: 'u', postingPeriod: '2026-01', toPeriod: '2026-02' }, 422)).body.code,
    ).toBe('POSTING_BEFORE_CORRECTED');
    const auditor = await sut.as(Role.Auditor);
    await start({ revision: 'w' }, 403, auditor);
    await waitForJob(first.id);
    await sut.http().get(`/api/v1/recalculations/retroactive-jobs/${first.id}`).set(auditor).expect(200);
    await sut.http().get(`/api/v1/recalculations/retroactive-jobs/999999`).set(auditor).expect(404);
    const [{ n }] = await sut.db.query(`SELECT count(*)::int AS n FROM retroactive_jobs`);
    expect(n).toBe(1);
  });
});
