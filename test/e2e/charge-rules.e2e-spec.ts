import { INestApplicationContext } from '@nestjs/common';
import { Role } from '../../src/common/auth/roles';
import {
  aBuilding,
  aBuildingService,
  anAccount,
  aNorm,
  anOrganisation,
  aMeter,
  aPremises,
  aReading,
  aTariff,
} from '../factories/estate';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { startTestWorker, waitForRun } from '../utils/worker';

/** Charge rules as editable data, and common-property lines billed through the queue. */
describe('charge rules and common property (e2e)', () => {
  let sut: TestApp;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    sut = await createTestApp();
    worker = await startTestWorker();
  });
  beforeEach(async () => sut.reset());
  afterAll(async () => {
    await worker.close();
    await sut.close();
  });

  it('lists the seeded coefficients and refuses an overlapping row (409) or a non-supervisor (403)', async () => {
    const list = await sut
      .http()
      .get('/api/v1/increasing-coefficients')
      .set(await sut.as(Role.Auditor))
      .expect(200);
    expect(
      list.body
        .filter((c: { serviceCode: string }) => c.serviceCode === 'cold_water')
        .map((c: { value: string; validFrom: string }) => [c.value, c.validFrom]),
    ).toEqual([
      ['1.500', '2017-01-01'],
      ['3.000', '2025-12-06'],
      ['1.500', '2017-01-01'],
      ['3.000', '2025-12-06'],
    ]);
    const body = {
      serviceCode: 'cold_water',
      appliesWhen: 'no_meter',
      value: '2',
      validFrom: '2026-01-01',
      source: 'test',
    };
    await sut
      .http()
      .post('/api/v1/increasing-coefficients')
      .set(await sut.as(Role.Specialist))
      .send(body)
      .expect(403);
    const res = await sut
      .http()
      .post('/api/v1/increasing-coefficients')
      .set(await sut.as(Role.Supervisor))
      .send(body)
      .expect(409);
    expect(res.body.code).toBe('COEFFICIENT_OVERLAP');
  });

  it('validates building settings', async () => {
    const org = await anOrganisation(sut.db);
    const b = await aBuilding(sut.db, { organisation_id: org });
    const headers = await sut.as(Role.Specialist);
    const bad = await sut
      .http()
      .put(`/api/v1/buildings/${b}/billing-settings`)
      .set(headers)
      .send({ commonArea: '-1', odnCapByNorm: true })
      .expect(400);
    expect(bad.body.fields[0].field).toBe('commonArea');
    await sut
      .http()
      .put('/api/v1/buildings/999999/billing-settings')
      .set(headers)
      .send({ odnCapByNorm: true })
      .expect(404);
    const ok = await sut
      .http()
      .put(`/api/v1/buildings/${b}/billing-settings`)
      .set(headers)
      .send({ commonArea: '40.00', odnCapByNorm: true })
      .expect(200);
    expect(ok.body).toEqual({
      buildingId: b,
      commonArea: '40.00',
      odnCapByNorm: true,
      heatingMode: 'even',
      hotWaterMode: 'single',
      hotWaterHeatPerM3: null,
    });
    const two = await sut
      .http()
      .put(`/api/v1/buildings/${b}/billing-settings`)
      .set(headers)
      .send({
        odnCapByNorm: false,
        heatingMode: 'season',
        hotWaterMode: 'two_component',
        hotWaterHeatPerM3: '0.410514',
      })
      .expect(200);
    expect(two.body).toMatchObject({
      commonArea: null,
      heatingMode: 'season',
      hotWaterMode: 'two_component',
      hotWaterHeatPerM3: '0.410514',
    });
    const seasons = await sut.http().get('/api/v1/heating-seasons').set(headers).expect(200);
    expect(seasons.body[0]).toMatchObject({ startsOn: '2015-10-01', endsOn: '2016-04-30' });
    const overlap = await sut
      .http()
      .post('/api/v1/heating-seasons')
      .set(await sut.as(Role.Supervisor))
      .send({ startsOn: '2026-04-01', endsOn: '2026-05-15', source: 'test' })
      .expect(409);
    expect(overlap.body.code).toBe('HEATING_SEASON_OVERLAP');
  });

  it('bills individual electricity and the common-property share: 290.40 + 96.80 = 387.20', async () => {
    const db = sut.db;
    const org = await anOrganisation(db);
    const b = await aBuilding(db, { organisation_id: org });
    for (const s of ['electricity', 'electricity_odn'])
      await aBuildingService(db, { building_id: b, service_code: s, supplier_organisation_id: org });
    await aTariff(db, { service_code: 'electricity', price: '1.936000', organisation_id: org });
    await aNorm(db, { service_code: 'electricity_odn', value: '3.94', basis: 'per_m2' });
    const headers = await sut.as(Role.Specialist);
    await sut
      .http()
      .put(`/api/v1/buildings/${b}/billing-settings`)
      .set(headers)
      .send({ commonArea: '40.00', odnCapByNorm: true })
      .expect(200);
    const house = await aMeter(db, { building_id: b, service_code: 'electricity', digits: 6 });
    await aReading(db, { meter_id: house, value: '10000', taken_on: '2026-02-25', period: '2026-02-01' });
    await aReading(db, { meter_id: house, value: '11100', taken_on: '2026-03-25', period: '2026-03-01' });
    const accounts: string[] = [];
    for (const [n, used] of [
      ['1', '150'],
      ['2', '850'],
    ]) {
      const p = await aPremises(db, { building_id: b, number: n, area: '60.00' });
      accounts.push(await anAccount(db, { premises_id: p }));
      const m = await aMeter(db, { building_id: b, premises_id: p, service_code: 'electricity', digits: 6 });
      await aReading(db, { meter_id: m, value: '1000', taken_on: '2026-02-20', period: '2026-02-01' });
      await aReading(db, {
        meter_id: m,
        value: String(1000 + Number(used)),
        taken_on: '2026-03-20',
        period: '2026-03-01',
      });
    }
    const created = await sut
      .http()
      .post('/api/v1/billing-runs')
      .set(headers)
      .send({ period: '2026-03' })
      .expect(202);
    expect(await waitForRun(sut, created.body.id, headers)).toMatchObject({ status: 'completed', issues: 0 });
    const charges = await sut
      .http()
      .get(`/api/v1/accounts/${accounts[0]}/charges?period=2026-03`)
      .set(headers)
      .expect(200);
    expect(
      charges.body.lines.map((l: Record<string, string>) => [l.serviceCode, l.method, l.volume, l.amount]),
    ).toEqual([
      ['electricity', 'metered', '150.000', '290.40'],
      ['electricity_odn', 'common', '50.000', '96.80'],
    ]);
    expect(charges.body.total).toBe('387.20');
  });
});
