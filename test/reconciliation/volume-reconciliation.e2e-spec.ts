import { INestApplicationContext } from '@nestjs/common';
import { Role } from '../../src/common/auth/roles';
import {
  aBuilding,
  aBuildingService,
  aMeter,
  anAccount,
  aNorm,
  anOrganisation,
  aPremises,
  aReading,
  aTariff,
} from '../factories/estate';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { readPdf } from '../utils/pdf';
import { startTestWorker, waitForRun } from '../utils/worker';

/**
 * Reconciliation of volumes with the electricity supplier for March 2026. Building A billed by the
 * queue: the house meter 10 000 → 11 300 = 1 300 kWh, flats metered 150 + 850 = 1 000 kWh; the ОДН
 * rest 300 is capped at the norm 3.94 × 40 m² = 157.6 (78.8 per flat), so the discrepancy the supplier
 * sees is 1 300 − 1 000 − 157.6 = 142.4. Building B (same supplier, no house meter): one flat billed
 * by the average 120 and one by the norm 95.5 (lines added to the same run).
 */
describe('reconciliation of volumes with a supplier (e2e)', () => {
  let sut: TestApp;
  let worker: INestApplicationContext;
  let supplier: string;
  let a: string;
  let b: string;

  beforeAll(async () => {
    sut = await createTestApp();
    worker = await startTestWorker();
    await sut.reset();
    const db = sut.db;
    const org = await anOrganisation(db);
    supplier = await anOrganisation(db, { name: 'АО «Энергосбыт»' });
    a = await aBuilding(db, { organisation_id: org });
    b = await aBuilding(db, { organisation_id: org });
    for (const building of [a, b])
      for (const s of ['electricity', 'electricity_odn'])
        await aBuildingService(db, {
          building_id: building,
          service_code: s,
          supplier_organisation_id: supplier,
        });
    await aTariff(db, { service_code: 'electricity', price: '1.936000', organisation_id: org });
    await aNorm(db, { service_code: 'electricity_odn', value: '3.94', basis: 'per_m2' });
    const headers = await sut.as(Role.Specialist);
    await sut
      .http()
      .put(`/api/v1/buildings/${a}/billing-settings`)
      .set(headers)
      .send({ commonArea: '40.00', odnCapByNorm: true })
      .expect(200);
    const house = await aMeter(db, { building_id: a, service_code: 'electricity', digits: 6 });
    await aReading(db, { meter_id: house, value: '10000', taken_on: '2026-02-25', period: '2026-02-01' });
    await aReading(db, { meter_id: house, value: '11300', taken_on: '2026-03-25', period: '2026-03-01' });
    for (const [n, used] of [
      ['1', '150'],
      ['2', '850'],
    ]) {
      const p = await aPremises(db, { building_id: a, number: n, area: '60.00' });
      await anAccount(db, { premises_id: p });
      const m = await aMeter(db, { building_id: a, premises_id: p, service_code: 'electricity', digits: 6 });
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
    expect(await waitForRun(sut, created.body.id, headers)).toMatchObject({ status: 'completed' });
    for (const [method, volume] of [
      ['average', '120'],
      ['norm', '95.5'],
    ]) {
      const p = await aPremises(db, { building_id: b });
      const acc = await anAccount(db, { premises_id: p });
      await db.query(
        `INSERT INTO charge_lines (period, account_id, building_id, service_code, run_id, method, volume, unit, tariff, amount, basis)
         VALUES ('2026-03-01', $1, $2, 'electricity', $3, $4, $5, 'kWh', 1.936, round($5 * 1.936, 2), '{}')`,
        [acc, b, created.body.id, method, volume],
      );
    }
  });
  afterAll(async () => {
    await worker.close();
    await sut.close();
  });

  const volumes = async (query: string, status: number, role = Role.SettlementCentre) =>
    sut
      .http()
      .get(`/api/v1/reconciliation/volumes?${query}`)
      .set(await sut.as(role))
      .expect(status);

  it('per building: house volume, individual by method, ОДН and the discrepancy; totals per supplier', async () => {
    const res = await volumes(`period=2026-03&supplierId=${supplier}`, 200);
    const byBuilding = Object.fromEntries(
      res.body.rows.map((r: { buildingId: string }) => [r.buildingId, r]),
    );
    expect(byBuilding[a]).toMatchObject({
      serviceCode: 'electricity',
      unit: 'kWh',
      supplierId: supplier,
      supplierName: 'АО «Энергосбыт»',
      houseVolume: '1300',
      metered: '1000',
      average: '0',
      norm: '0',
      other: '0',
      individual: '1000',
      commonProperty: '157.6',
      discrepancy: '142.4',
    });
    expect(byBuilding[b]).toMatchObject({
      houseVolume: null,
      metered: '0',
      average: '120',
      norm: '95.5',
      individual: '215.5',
      commonProperty: '0',
      discrepancy: null,
    });
    expect(res.body.totals).toEqual([
      {
        supplierId: supplier,
        supplierName: 'АО «Энергосбыт»',
        serviceCode: 'electricity',
        unit: 'kWh',
        houseVolume: '1300',
        metered: '1000',
        average: '120',
        norm: '95.5',
        other: '0',
        individual: '1215.5',
        commonProperty: '157.6',
        discrepancy: '142.4',
      },
    ]);
    const one = await volumes(`period=2026-03&buildingId=${b}`, 200, Role.Auditor);
    expect(one.body.rows).toHaveLength(1);
  });

  it('as CSV and as PDF', async () => {
    const csv = await volumes(`period=2026-03&buildingId=${a}&format=csv`, 200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(
      'kind;building_id;address;supplier_id;supplier;service;unit;house_volume;metered;average;norm;other;individual;common_property;discrepancy',
    );
    expect(lines[1]).toMatch(
      new RegExp(
        `^building;${a};.*;${supplier};АО «Энергосбыт»;electricity;kWh;1300;1000;0;0;0;1000;157.6;142.4$`,
      ),
    );
    expect(lines[2]).toBe(
      `total;;;${supplier};АО «Энергосбыт»;electricity;kWh;1300;1000;0;0;0;1000;157.6;142.4`,
    );
    const pdf = await sut
      .http()
      .get(`/api/v1/reconciliation/volumes?period=2026-03&supplierId=${supplier}&format=pdf`)
      .set(await sut.as(Role.Supervisor))
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = readPdf(pdf.body as Buffer).text.replace(/\s+/g, ' ');
    expect(text).toContain('Сверка объёмов с ресурсоснабжающими организациями за 2026-03');
    expect(text).toContain('1300 1000 0 0 0 1000 157.6 142.4');
    expect(text).toContain('— 0 120 95.5 0 215.5 0 —');
    expect(text).toContain('АО «Энергосбыт» electricity, kWh 1300 1000 120 95.5 0 1215.5 157.6 142.4');
  });

  it('checks input and roles', async () => {
    await volumes('period=2026-13', 400);
    const missing = await volumes('period=2026-03&buildingId=999999', 404);
    expect(missing.body.code).toBe('BUILDING_NOT_FOUND');
    await sut.http().get('/api/v1/reconciliation/volumes?period=2026-03').expect(401);
  });
});
