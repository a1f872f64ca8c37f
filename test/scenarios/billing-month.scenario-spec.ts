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

/**
 * A building billed for March 2026 through the real API, queue and worker; expectations computed by hand
 * (volume × tariff, half-up to the kopeck). A second building breaks (numeric overflow) and must fail
 * alone after its retries. Re-running the period must leave every line as it was.
 */
describe('billing a month through the queue (scenario)', () => {
  let sut: TestApp;
  let worker: INestApplicationContext | undefined;
  let headers: Record<string, string>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    sut = await createTestApp();
    await sut.reset();
    headers = await sut.as(Role.Specialist);
    await seed();
  });
  afterAll(async () => {
    await worker?.close();
    await sut.close();
  });

  async function seed(): Promise<void> {
    const db = sut.db;
    const org = await anOrganisation(db);
    const b1 = (ids.b1 = await aBuilding(db, { organisation_id: org }));
    const b2 = (ids.b2 = await aBuilding(db, { organisation_id: org }));
    for (const s of ['cold_water', 'hot_water', 'sewerage', 'electricity', 'heating', 'maintenance']) {
      await aBuildingService(db, { building_id: b1, service_code: s, supplier_organisation_id: org });
    }
    await aBuildingService(db, {
      building_id: b2,
      service_code: 'maintenance',
      supplier_organisation_id: org,
    });
    const tariffs: [string, string, string | null][] = [
      ['cold_water', '52.230000', null],
      ['hot_water', '245.670000', null],
      ['sewerage', '40.500000', null],
      ['electricity', '6.430000', null],
      ['electricity', '7.120000', 'T1'],
      ['electricity', '2.840000', 'T2'],
      ['heating', '2850.120000', null],
      ['maintenance', '32.150000', null],
    ];
    for (const [service_code, price, zone] of tariffs) {
      await aTariff(db, { service_code, price, zone, organisation_id: org });
    }
    await aTariff(db, { service_code: 'maintenance', price: '99999999.000000', building_id: b2 });
    await aNorm(db, { service_code: 'cold_water', value: '6.935', basis: 'per_person' });
    await aNorm(db, { service_code: 'hot_water', value: '4.745', basis: 'per_person' });
    await aNorm(db, { service_code: 'electricity', value: '100', basis: 'per_person' });
    await aNorm(db, { service_code: 'heating', value: '0.0163', basis: 'per_m2' });

    const p1 = await aPremises(db, { building_id: b1, number: '1', area: '54.30' });
    ids.a1 = await anAccount(db, { premises_id: p1, number: 'A-1' }, [{ from: '2020-01-01', count: 2 }]);
    const cw1 = await aMeter(db, { building_id: b1, premises_id: p1, service_code: 'cold_water' });
    await aReading(db, { meter_id: cw1, value: '91.000', taken_on: '2026-01-20', period: '2026-01-01' });
    await aReading(db, { meter_id: cw1, value: '100.000', taken_on: '2026-02-20', period: '2026-02-01' });
    await aReading(db, { meter_id: cw1, value: '105.110', taken_on: '2026-03-20', period: '2026-03-01' });
    const el1 = await aMeter(db, {
      building_id: b1,
      premises_id: p1,
      service_code: 'electricity',
      zones: 2,
      digits: 6,
    });
    await aReading(db, {
      meter_id: el1,
      zone: 'T1',
      value: '900',
      taken_on: '2026-01-20',
      period: '2026-01-01',
    });
    await aReading(db, {
      meter_id: el1,
      zone: 'T1',
      value: '1000',
      taken_on: '2026-02-20',
      period: '2026-02-01',
    });
    await aReading(db, {
      meter_id: el1,
      zone: 'T2',
      value: '500',
      taken_on: '2026-02-20',
      period: '2026-02-01',
    });
    await aReading(db, {
      meter_id: el1,
      zone: 'T1',
      value: '1120.500',
      taken_on: '2026-03-20',
      period: '2026-03-01',
    });
    await aReading(db, {
      meter_id: el1,
      zone: 'T2',
      value: '560.250',
      taken_on: '2026-03-20',
      period: '2026-03-01',
    });

    const p2 = await aPremises(db, { building_id: b1, number: '2', area: '40.00' });
    ids.a2 = await anAccount(db, { premises_id: p2, number: 'A-2' }, [
      { from: '2020-01-01', count: 4 },
      { from: '2026-01-10', count: 1 },
    ]);
    const cw2 = await aMeter(db, { building_id: b1, premises_id: p2, service_code: 'cold_water' });
    await aReading(db, { meter_id: cw2, value: '50.000', taken_on: '2026-02-20', period: '2026-02-01' });

    const p3 = await aPremises(db, { building_id: b1, number: '3', area: '61.75' });
    ids.a3 = await anAccount(db, { premises_id: p3, number: 'A-3' }, [{ from: '2020-01-01', count: 3 }]);
    const cw3 = await aMeter(db, { building_id: b1, premises_id: p3, service_code: 'cold_water', digits: 5 });
    await aReading(db, { meter_id: cw3, value: '99998.000', taken_on: '2026-02-20', period: '2026-02-01' });
    await aReading(db, { meter_id: cw3, value: '3.500', taken_on: '2026-03-21', period: '2026-03-01' });

    // Not billed: closed before March, opened after March.
    const p4 = await aPremises(db, { building_id: b1, number: '4', area: '30.00' });
    await anAccount(db, { premises_id: p4, number: 'A-4', opened_on: '2020-01-01', closed_on: '2026-02-28' });
    await anAccount(db, { premises_id: p4, number: 'A-5', opened_on: '2026-04-01' });

    const p9 = await aPremises(db, { building_id: b2, number: '1', area: '99999999.99' });
    ids.a9 = await anAccount(db, { premises_id: p9, number: 'B-1' });
  }

  const snapshot = () =>
    sut.db.query(
      `SELECT account_id, service_code, zone, method, volume::text, tariff::text, amount::text, basis FROM charge_lines
        ORDER BY account_id, service_code, zone NULLS FIRST`,
    );

  it('queues the run (202), refuses a second active run (409), then bills through the worker', async () => {
    const created = await sut
      .http()
      .post('/api/v1/billing-runs')
      .set(headers)
      .send({ period: '2026-03' })
      .expect(202);
    expect(created.body).toMatchObject({
      period: '2026-03',
      status: 'queued',
      progress: { total: 2, done: 0, failed: 0, pending: 2 },
    });
    const second = await sut
      .http()
      .post('/api/v1/billing-runs')
      .set(headers)
      .send({ period: '2026-03' })
      .expect(409);
    expect(second.body.code).toBe('BILLING_RUN_ACTIVE');

    worker = await startTestWorker();
    const run = await waitForRun(sut, created.body.id, headers);
    expect(run).toMatchObject({
      status: 'completed_with_errors',
      progress: { total: 2, done: 1, failed: 1, pending: 0 },
      accountsBilled: 3,
      lines: 19,
      issues: 0,
      totalAmount: '30425.02',
      totals: [
        { serviceCode: 'cold_water', lines: 3, amount: '916.39' },
        // no electricity meter in flats 2 and 3: norm × 1.5 (decree 354 para 42): 964.50 and 2893.50
        { serviceCode: 'electricity', lines: 4, amount: '4887.07' },
        { serviceCode: 'heating', lines: 3, amount: '7249.61' },
        // no hot-water meters: norm × 1.5, the extra amount rounded on its own: 3497.11 + 1748.55 + 5245.67
        { serviceCode: 'hot_water', lines: 3, amount: '10491.33' },
        { serviceCode: 'maintenance', lines: 3, amount: '5017.01' },
        { serviceCode: 'sewerage', lines: 3, amount: '1863.61' },
      ],
    });
    expect(run.failedBuildings).toEqual([
      { buildingId: ids.b2, attempts: 3, error: expect.stringContaining('numeric field overflow') },
    ]);
  });

  it('shows each line of an account with its method, volume, tariff, amount and basis', async () => {
    const res = await sut
      .http()
      .get(`/api/v1/accounts/${ids.a1}/charges?period=2026-03`)
      .set(headers)
      .expect(200);
    expect(
      res.body.lines.map((l: Record<string, string>) => [
        l.serviceCode,
        l.zone,
        l.method,
        l.volume,
        l.tariff,
        l.amount,
      ]),
    ).toEqual([
      ['cold_water', null, 'metered', '5.110', '52.230000', '266.90'],
      ['hot_water', null, 'norm', '9.490', '245.670000', '3497.11'],
      ['sewerage', null, 'derived', '14.600', '40.500000', '591.30'],
      ['electricity', 'T1', 'metered', '120.500', '7.120000', '857.96'],
      ['electricity', 'T2', 'metered', '60.250', '2.840000', '171.11'],
      ['heating', null, 'area', '0.885090', '2850.120000', '2522.61'],
      ['maintenance', null, 'area', '54.30', '32.150000', '1745.75'],
    ]);
    expect(res.body.total).toBe('9652.74');
    expect(res.body.lines[0].basis).toMatchObject({
      readings: [
        {
          zone: 'T1',
          from: { value: '100.000000', takenOn: '2026-02-20' },
          to: { value: '105.110000', takenOn: '2026-03-20' },
          volume: '5.11',
        },
      ],
      formula: '5.110 m3 × 52.230000 = 266.90',
    });
    expect(res.body.lines[1].basis).toMatchObject({ reason: 'no_meter', residents: 2, norm: '4.745000' });
    // 9.490 × 245.67 = 2331.4083 → 2331.41; the coefficient's extra 1165.70415 → 1165.70, shown apart
    expect(res.body.lines[1]).toMatchObject({ coefficient: '1.500', coefficientAmount: '1165.70' });
  });

  it('bills a meter without a reading by norm with the residents in force, and a roll-over by its real volume', async () => {
    const a2 = await sut
      .http()
      .get(`/api/v1/accounts/${ids.a2}/charges?period=2026-03`)
      .set(headers)
      .expect(200);
    expect(a2.body.lines[0]).toMatchObject({
      serviceCode: 'cold_water',
      method: 'norm',
      volume: '6.935',
      amount: '362.22',
    });
    expect(a2.body.lines[0].basis).toMatchObject({ reason: 'no_reading', residents: 1 });
    const a3 = await sut
      .http()
      .get(`/api/v1/accounts/${ids.a3}/charges?period=2026-03`)
      .set(headers)
      .expect(200);
    expect(a3.body.lines[0]).toMatchObject({
      serviceCode: 'cold_water',
      method: 'metered',
      volume: '5.500',
      amount: '287.27',
    });
    expect(a3.body.lines[0].basis.readings[0]).toMatchObject({ rollover: true, capacity: '100000' });
  });

  it('re-running the period replaces the lines and changes nothing', async () => {
    const before = await snapshot();
    const rerun = await sut
      .http()
      .post('/api/v1/billing-runs')
      .set(headers)
      .send({ period: '2026-03', buildingIds: [ids.b1] })
      .expect(202);
    const run = await waitForRun(sut, rerun.body.id, headers);
    expect(run).toMatchObject({ status: 'completed', lines: 19, totalAmount: '30425.02' });
    expect(await snapshot()).toEqual(before);
    const [{ n }] = await sut.db.query(
      `SELECT count(*)::int AS n FROM charge_lines WHERE period = '2026-03-01'`,
    );
    expect(n).toBe(19);
  });

  it('the database refuses a duplicate line whatever the queue does', async () => {
    const [line] = await sut.db.query(`SELECT * FROM charge_lines LIMIT 1`);
    await expect(
      sut.db.query(
        `INSERT INTO charge_lines (period, account_id, building_id, service_code, zone, run_id, method, volume, unit, tariff, amount, basis)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 0, 'm3', 0, 0, '{}')`,
        [
          line.period,
          line.account_id,
          line.building_id,
          line.service_code,
          line.zone,
          line.run_id,
          line.method,
        ],
      ),
    ).rejects.toThrow(/uq_charge_lines__period_account_service_zone/);
  });

  it('once its data is fixed, the failed building can be billed alone', async () => {
    await sut.db.query(`UPDATE tariffs SET price = '1.000000' WHERE building_id = $1`, [ids.b2]);
    const rerun = await sut
      .http()
      .post('/api/v1/billing-runs')
      .set(headers)
      .send({ period: '2026-03', buildingIds: [ids.b2] })
      .expect(202);
    const run = await waitForRun(sut, rerun.body.id, headers);
    expect(run).toMatchObject({ status: 'completed', lines: 1, totalAmount: '99999999.99' });
  });

  it('refuses bad input with the field at fault and unknown buildings with 422', async () => {
    const bad = await sut
      .http()
      .post('/api/v1/billing-runs')
      .set(headers)
      .send({ period: '2026-13' })
      .expect(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'period' }] });
    const unknown = await sut
      .http()
      .post('/api/v1/billing-runs')
      .set(headers)
      .send({ period: '2026-04', buildingIds: ['999999'] })
      .expect(422);
    expect(unknown.body).toMatchObject({ code: 'BUILDING_NOT_FOUND', details: { missing: ['999999'] } });
    await sut
      .http()
      .post('/api/v1/billing-runs')
      .set(await sut.as(Role.Auditor))
      .send({ period: '2026-04' })
      .expect(403);
    await sut.http().get('/api/v1/billing-runs/999999').set(headers).expect(404);
  });
});
