import { INestApplicationContext } from '@nestjs/common';
import { Role } from '../../src/common/auth/roles';
import {
  aBuilding,
  aBuildingService,
  anAccount,
  aNorm,
  anOrganisation,
  aPremises,
  aTariff,
} from '../factories/estate';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { startTestWorker, waitForRun } from '../utils/worker';

/** A preview run checked against the previous period, and set-aside accounts re-run alone. */
describe('preview runs and account re-runs (e2e)', () => {
  let sut: TestApp;
  let worker: INestApplicationContext;
  let headers: Record<string, string>;
  let org: string;
  let building: string;
  const accounts: string[] = [];

  beforeAll(async () => {
    sut = await createTestApp();
    worker = await startTestWorker();
    await sut.reset();
    headers = await sut.as(Role.Supervisor);
    org = await anOrganisation(sut.db);
    building = await aBuilding(sut.db, { organisation_id: org });
    for (const s of ['maintenance', 'solid_waste']) {
      await aBuildingService(sut.db, {
        building_id: building,
        service_code: s,
        supplier_organisation_id: org,
      });
    }
    await aTariff(sut.db, {
      service_code: 'maintenance',
      price: '30.000000',
      organisation_id: org,
      valid_to: '2026-03-31',
    });
    await aTariff(sut.db, {
      service_code: 'maintenance',
      price: '36.000000',
      organisation_id: org,
      valid_from: '2026-04-01',
    });
    await aTariff(sut.db, { service_code: 'solid_waste', price: '600.000000', organisation_id: org });
    for (const [n, closed, opened] of [
      ['1', null, '2020-01-01'],
      ['2', '2026-03-31', '2020-01-01'],
      ['3', null, '2026-04-01'],
    ]) {
      const p = await aPremises(sut.db, { building_id: building, number: n, area: '50.00' });
      accounts.push(
        await anAccount(sut.db, { premises_id: p, opened_on: opened, closed_on: closed }, [
          { from: '2020-01-01', count: 1 },
        ]),
      );
    }
  });
  afterAll(async () => {
    await worker.close();
    await sut.close();
  });

  const run = async (body: object) => {
    const res = await sut.http().post('/api/v1/billing-runs').set(headers).send(body).expect(202);
    return waitForRun(sut, res.body.id, headers);
  };

  it('sets aside accounts without a norm, then bills them alone once the norm exists', async () => {
    const march = await run({ period: '2026-03' });
    expect(march).toMatchObject({ status: 'completed', lines: 2, issues: 2 });
    const issues = await sut.http().get(`/api/v1/billing-runs/${march.id}/issues`).set(headers).expect(200);
    expect(issues.body.map((i: { accountId: string; code: string }) => [i.accountId, i.code])).toEqual([
      [accounts[0], 'NO_NORM'],
      [accounts[1], 'NO_NORM'],
    ]);
    await aNorm(sut.db, { service_code: 'solid_waste', value: '0.16', basis: 'per_person' });
    const rerun = await run({ period: '2026-03', accountIds: [accounts[0]] });
    expect(rerun).toMatchObject({ status: 'completed', accountIds: [accounts[0]], lines: 2, issues: 0 });
    const lines = await sut.db.query(
      `SELECT account_id::text, service_code, amount::text FROM charge_lines WHERE period = '2026-03-01' ORDER BY charge_lines.account_id, 2`,
    );
    // account 1: 50 m² × 30 and 0.16 × 600; account 2 keeps its first lines (maintenance only)
    expect(lines).toEqual([
      { account_id: accounts[0], service_code: 'maintenance', amount: '1500.00' },
      { account_id: accounts[0], service_code: 'solid_waste', amount: '96.00' },
      { account_id: accounts[1], service_code: 'maintenance', amount: '1500.00' },
    ]);
    const unknown = await sut
      .http()
      .post('/api/v1/billing-runs')
      .set(headers)
      .send({ period: '2026-03', accountIds: ['999999'] })
      .expect(422);
    expect(unknown.body).toMatchObject({ code: 'ACCOUNT_NOT_FOUND', details: { missing: ['999999'] } });
  });

  it('previews April against March without touching final data', async () => {
    await run({ period: '2026-03' });
    const preview = await run({ period: '2026-04', mode: 'preview' });
    expect(preview).toMatchObject({ status: 'completed', mode: 'preview', lines: 4, totalAmount: '3792.00' });
    const [{ n }] = await sut.db.query(
      `SELECT count(*)::int AS n FROM charge_lines WHERE period = '2026-04-01'`,
    );
    expect(n).toBe(0);

    const report = await sut
      .http()
      .get(`/api/v1/billing-runs/${preview.id}/preview-report?threshold=10`)
      .set(headers)
      .expect(200);
    expect(report.body.services).toEqual([
      {
        buildingId: building,
        serviceCode: 'maintenance',
        lines: 2,
        amount: '3600.00',
        previousAmount: '3000.00',
        change: '600.00',
        changePercent: '20.00',
        flagged: true,
      },
      {
        buildingId: building,
        serviceCode: 'solid_waste',
        lines: 2,
        amount: '192.00',
        previousAmount: '192.00',
        change: '0.00',
        changePercent: '0.00',
        flagged: false,
      },
    ]);
    expect(report.body.accounts).toEqual({
      jumped: [
        { accountId: accounts[0], amount: '1896.00', previousAmount: '1596.00', changePercent: '18.80' },
      ],
      vanished: [{ accountId: accounts[1], amount: null, previousAmount: '1596.00', changePercent: null }],
      appeared: [{ accountId: accounts[2], amount: '1896.00', previousAmount: null, changePercent: null }],
    });
    const strict = await sut
      .http()
      .get(`/api/v1/billing-runs/${preview.id}/preview-report`)
      .set(headers)
      .expect(200);
    expect(strict.body.services[0].flagged).toBe(false);
    expect(strict.body.accounts.jumped).toEqual([]);

    const notPreview = await sut
      .http()
      .get(`/api/v1/billing-runs/${(await run({ period: '2026-04' })).id}/preview-report`)
      .set(headers)
      .expect(422);
    expect(notPreview.body.code).toBe('NOT_A_PREVIEW');
  });
});
