import { INestApplicationContext } from '@nestjs/common';
import { Role } from '../../src/common/auth/roles';
import { addMonths } from '../../src/shared/period';
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
 * Decree 354 para 59 "а", 60 through the API, queue and worker, February – May 2026, each period closed
 * after its run. Cold water 52.23 ₽/m³, norm 6.935 m³ × 3 residents, the seeded coefficient ×3 for a
 * missing cold-water meter. Both meters read +3.000 m³ a month on the 20th from July 2025 (100.000).
 * Flat D: meter taken out of service on 31.01.2026 without a replacement: its 6-month average 3.000 m³
 * in February, March and April (periods 1–3), then the norm × 3 in May. Flat E: meter out of service on
 * 14.02.2026 with a closing reading 119.000: 1.000 m³ metered for 1–14 February, then the average
 * (119 − 103) / 6 × 14 / 28 = 1.333 m³; March the whole average 2.667 m³; a new meter installed on
 * 10.04.2026 ends the substitution (1.500 m³ metered in April; May unread, too young for an average:
 * the norm without a coefficient).
 */
describe('a meter decommissioned without a replacement (scenario)', () => {
  let sut: TestApp;
  let worker: INestApplicationContext;
  let staff: Record<string, string>;
  const ids: Record<string, string> = {};
  const billed: Record<string, string[][]> = {};
  const bases: Record<string, Record<string, unknown>[]> = {};

  beforeAll(async () => {
    sut = await createTestApp();
    worker = await startTestWorker();
    await sut.reset();
    staff = await sut.as(Role.Supervisor);
    await seed();
    for (let period = '2026-02'; period <= '2026-05'; period = addMonths(period, 1)) {
      const res = await sut.http().post('/api/v1/billing-runs').set(staff).send({ period }).expect(202);
      const run = await waitForRun(sut, res.body.id, staff);
      expect(run).toMatchObject({ period, status: 'completed', issues: 0 });
      await sut.http().post(`/api/v1/billing-periods/${period}/close`).set(staff).send({}).expect(200);
      for (const name of ['D', 'E']) {
        const charges = await sut
          .http()
          .get(`/api/v1/accounts/${ids[name]}/charges?period=${period}`)
          .set(staff)
          .expect(200);
        const lines = charges.body.lines as Record<string, unknown>[];
        billed[`${name} ${period}`] = lines.map((l) =>
          [l.part, l.method, l.volume, l.coefficient ?? '-', l.amount].map(String),
        );
        bases[`${name} ${period}`] = lines.map((l) => l.basis as Record<string, unknown>);
      }
    }
  }, 120_000);
  afterAll(async () => {
    await worker.close();
    await sut.close();
  });

  async function seed(): Promise<void> {
    const db = sut.db;
    const org = await anOrganisation(db);
    const b = await aBuilding(db, { organisation_id: org });
    await aBuildingService(db, { building_id: b, service_code: 'cold_water', supplier_organisation_id: org });
    await aTariff(db, { service_code: 'cold_water', price: '52.230000', organisation_id: org });
    await aNorm(db, { service_code: 'cold_water', value: '6.935', basis: 'per_person' });
    const meters: Record<string, string> = {};
    for (const name of ['D', 'E']) {
      const p = await aPremises(db, { building_id: b, number: name, area: '50.00' });
      ids[name] = await anAccount(db, { premises_id: p, number: `A-${name}` }, [
        { from: '2020-01-01', count: 3 },
      ]);
      const m = (meters[name] = await aMeter(db, {
        building_id: b,
        premises_id: p,
        service_code: 'cold_water',
        installed_on: '2025-01-15',
      }));
      for (let i = 0, period = '2025-07'; period <= '2026-01'; i += 1, period = addMonths(period, 1)) {
        await aReading(db, {
          meter_id: m,
          value: `${100 + 3 * i}.000`,
          taken_on: `${period}-20`,
          period: `${period}-01`,
        });
      }
      ids[`p${name}`] = p;
    }
    await aReading(db, {
      meter_id: meters.E,
      value: '119.000',
      taken_on: '2026-02-14',
      period: '2026-02-01',
    });
    for (const [name, date] of [
      ['D', '2026-01-31'],
      ['E', '2026-02-14'],
    ]) {
      await sut
        .http()
        .post(`/api/v1/meters/${meters[name]}/decommission`)
        .set(staff)
        .send({ date, reason: 'removed for repair, not replaced' })
        .expect(200);
    }
    const replacement = await aMeter(db, {
      building_id: b,
      premises_id: ids.pE,
      service_code: 'cold_water',
      installed_on: '2026-04-10',
    });
    await aReading(db, {
      meter_id: replacement,
      value: '0.000',
      taken_on: '2026-04-10',
      period: '2026-04-01',
    });
    await aReading(db, {
      meter_id: replacement,
      value: '1.500',
      taken_on: '2026-04-20',
      period: '2026-04-01',
    });
  }

  it('flat D: the average for three periods after the removal, then the norm × 3', () => {
    expect(billed['D 2026-02']).toEqual([['1', 'average', '3.000', '-', '156.69']]);
    expect(billed['D 2026-03']).toEqual([['1', 'average', '3.000', '-', '156.69']]);
    expect(billed['D 2026-04']).toEqual([['1', 'average', '3.000', '-', '156.69']]);
    // 20.805 × 52.23 = 1086.65 + the extra × (3 − 1) 2173.29
    expect(billed['D 2026-05']).toEqual([['1', 'norm', '20.805', '3.000', '3259.94']]);
    expect(bases['D 2026-04'][0]).toMatchObject({
      substitution: 'meter_decommissioned',
      decommissionedOn: '2026-01-31',
      substitutedPeriod: 3,
      average: { monthly: '3', meters: [{ months: 6, to: { takenOn: '2026-01-20' } }] },
    });
    expect(bases['D 2026-05'][0]).toMatchObject({ reason: 'no_meter' });
  });

  it('flat E: split in the month of removal, the average, then the replacement measures', () => {
    // 1.000 × 52.23; 1.333 × 52.23 = 69.62259
    expect(billed['E 2026-02']).toEqual([
      ['1', 'metered', '1.000', '-', '52.23'],
      ['2', 'average', '1.333', '-', '69.62'],
    ]);
    expect(bases['E 2026-02'][1]).toMatchObject({
      decommissionedOn: '2026-02-14',
      substitutedPeriod: 1,
      days: { count: 14, ofDays: 28 },
    });
    // 2.667 × 52.23 = 139.29741
    expect(billed['E 2026-03']).toEqual([['1', 'average', '2.667', '-', '139.30']]);
    expect(bases['E 2026-03'][0]).toMatchObject({ substitutedPeriod: 2 });
    // 1.500 × 52.23 = 78.345 → 78.35
    expect(billed['E 2026-04']).toEqual([['1', 'metered', '1.500', '-', '78.35']]);
    expect(billed['E 2026-05']).toEqual([['1', 'norm', '20.805', '-', '1086.65']]);
    expect(bases['E 2026-05'][0]).toMatchObject({ reason: 'no_reading' });
  });
});
