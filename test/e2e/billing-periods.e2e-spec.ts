import { INestApplicationContext } from '@nestjs/common';
import { Role } from '../../src/common/auth/roles';
import {
  aBuilding,
  aBuildingService,
  anAccount,
  anOrganisation,
  aPremises,
  aTariff,
} from '../factories/estate';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { startTestWorker, waitForRun } from '../utils/worker';

/** Closing a billing period: needs a completed full run; afterwards the database refuses any write. */
describe('billing periods (e2e)', () => {
  let sut: TestApp;
  let worker: INestApplicationContext;
  let building: string;

  beforeAll(async () => {
    sut = await createTestApp();
    worker = await startTestWorker();
  });
  beforeEach(async () => {
    await sut.reset();
    const org = await anOrganisation(sut.db);
    building = await aBuilding(sut.db, { organisation_id: org });
    await aBuildingService(sut.db, {
      building_id: building,
      service_code: 'maintenance',
      supplier_organisation_id: org,
    });
    await aTariff(sut.db, { service_code: 'maintenance', price: '30.000000', organisation_id: org });
    await anAccount(sut.db, {
      premises_id: await aPremises(sut.db, { building_id: building, area: '50.00' }),
    });
  });
  afterAll(async () => {
    await worker.close();
    await sut.close();
  });

  async function bill(body: object): Promise<Record<string, unknown>> {
    const headers = await sut.as(Role.Specialist);
    const res = await sut.http().post('/api/v1/billing-runs').set(headers).send(body).expect(202);
    return waitForRun(sut, res.body.id, headers);
  }
  const close = async (period: string, status: number, role = Role.Supervisor) =>
    sut
      .http()
      .post(`/api/v1/billing-periods/${period}/close`)
      .set(await sut.as(role))
      .send({ reason: 'month end' })
      .expect(status);

  it('refuses to close a period without a completed full run (422 PERIOD_NOT_BILLED)', async () => {
    const res = await close('2026-03', 422);
    expect(res.body).toMatchObject({ code: 'PERIOD_NOT_BILLED', details: { lastRunId: null } });
    await bill({ period: '2026-03', buildingIds: [building] });
    expect((await close('2026-03', 422)).body.code).toBe('PERIOD_NOT_BILLED');
  });

  it('closes after a completed run; then refuses runs, writes and a second close', async () => {
    const run = await bill({ period: '2026-03' });
    const res = await close('2026-03', 200);
    expect(res.body).toMatchObject({
      period: '2026-03',
      status: 'closed',
      runId: run.id,
      lastRunStatus: 'completed',
    });

    const again = await sut
      .http()
      .post('/api/v1/billing-runs')
      .set(await sut.as(Role.Specialist))
      .send({ period: '2026-03' })
      .expect(409);
    expect(again.body.code).toBe('PERIOD_CLOSED');
    expect((await close('2026-03', 409)).body.code).toBe('PERIOD_CLOSED');
    await expect(
      sut.db.query(`UPDATE charge_lines SET amount = 0 WHERE period = '2026-03-01'`),
    ).rejects.toThrow('billing period is closed');
    await expect(sut.db.query(`DELETE FROM charge_lines WHERE period = '2026-03-01'`)).rejects.toThrow(
      'billing period is closed',
    );
    await expect(sut.db.query(`UPDATE billing_periods SET status = 'open'`)).rejects.toThrow(
      'billing period is closed',
    );
    const [{ n }] = await sut.db.query(
      `SELECT count(*)::int AS n FROM charge_lines WHERE period = '2026-03-01' AND amount = '1500.00'`,
    );
    expect(n).toBe(1);

    const next = await bill({ period: '2026-04' });
    expect(next).toMatchObject({ status: 'completed', totalAmount: '1500.00' });
  });

  it('lists periods with their status and latest run, and lets only supervisors close', async () => {
    await bill({ period: '2026-03' });
    await close('2026-03', 403, Role.Specialist);
    await close('2026-03', 200);
    const res = await sut
      .http()
      .get('/api/v1/billing-periods?from=2026-02&to=2026-04')
      .set(await sut.as(Role.Auditor))
      .expect(200);
    expect(res.body.map((p: { period: string; status: string }) => [p.period, p.status])).toEqual([
      ['2026-02', 'open'],
      ['2026-03', 'closed'],
      ['2026-04', 'open'],
    ]);
  });
});
