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
 * Fifteen months (January 2025 – March 2026) of one building billed through the API, queue and worker,
 * each period closed after its run. Flat A: monthly readings, four missing months (three averages, then
 * the norm), the late reading with its correction, a tariff change on 16 June, a meter replaced on
 * 10 October. Flat B: its meter's verification expires on 30 November 2025 — three averages, then the
 * norm × 3 (cold water from 06.12.2025). Flat C: no meter (an act of technical impossibility, so no
 * coefficient), 3 residents billed by norm; two of them away 3–12 August 2025 (a temporary absence,
 * applied after August closed, posted into September); flat A's absence in July, a norm month only
 * because its reading is missing, reduces nothing (para 86). A cold-water interruption of 12 hours on
 * 10 September 2025 reduces every flat's September charge (posted into October). Every expected line was
 * computed by hand (tariff 10.00 → 12.00, norm 5 m³ a person, maintenance 20.00 per m²).
 */
describe('fifteen months of charges (scenario)', () => {
  let sut: TestApp;
  let worker: INestApplicationContext;
  let supervisor: Record<string, string>;
  const ids: Record<string, string> = {};
  const billed: Record<string, string[][]> = {};
  const documents: Record<string, Record<string, unknown>[]> = {};

  beforeAll(async () => {
    sut = await createTestApp();
    worker = await startTestWorker();
    await sut.reset();
    supervisor = await sut.as(Role.Supervisor);
    await seed();
    for (let period = '2025-01'; period <= '2026-03'; period = addMonths(period, 1)) {
      const res = await sut.http().post('/api/v1/billing-runs').set(supervisor).send({ period }).expect(202);
      const run = await waitForRun(sut, res.body.id, supervisor);
      expect(run).toMatchObject({ period, status: 'completed', issues: 0 });
      await sut.http().post(`/api/v1/billing-periods/${period}/close`).set(supervisor).send({}).expect(200);
      await recalculationsAfterClosing(period);
      for (const [name, id] of [
        ['A', ids.a],
        ['B', ids.b],
        ['C', ids.c],
      ]) {
        const charges = await sut
          .http()
          .get(`/api/v1/accounts/${id}/charges?period=${period}`)
          .set(supervisor)
          .expect(200);
        billed[`${name} ${period}`] = charges.body.lines
          .filter((l: { serviceCode: string }) => l.serviceCode === 'cold_water')
          .map((l: Record<string, string>) =>
            [l.part, l.method, l.volume, l.coefficient ?? '-', l.amount].map(String),
          );
      }
    }
  }, 120_000);
  afterAll(async () => {
    await worker.close();
    await sut.close();
  });

  /** The absence (August) and the quality incident (September), each once its period is closed. */
  async function recalculationsAfterClosing(period: string): Promise<void> {
    if (period === '2025-07') {
      // Flat A is billed by the norm in July only because its reading is missing: no absence reduction.
      const res = await sut
        .http()
        .post('/api/v1/recalculations/absence')
        .set(supervisor)
        .send({
          accountId: ids.a,
          from: '2025-07-05',
          to: '2025-07-16',
          persons: 1,
          evidence: 'hospital certificate',
          appliedOn: '2025-07-20',
        })
        .expect(201);
      documents.absenceWithMeter = [res.body];
    }
    if (period === '2025-08') {
      const res = await sut
        .http()
        .post('/api/v1/recalculations/absence')
        .set(supervisor)
        .send({
          accountId: ids.c,
          from: '2025-08-03',
          to: '2025-08-12',
          persons: 2,
          evidence: 'railway tickets',
          appliedOn: '2025-08-20',
        })
        .expect(201);
      documents.absence = [res.body];
    }
    if (period === '2025-09') {
      await sut
        .http()
        .post('/api/v1/quality-incidents')
        .set(supervisor)
        .send({
          buildingId: ids.building,
          serviceCode: 'cold_water',
          kind: 'interruption',
          startedAt: '2025-09-10T08:00:00+03:00',
          endedAt: '2025-09-10T20:00:00+03:00',
          dispatcherRequest: 'АДС-2509',
        })
        .expect(201);
      const res = await sut
        .http()
        .post('/api/v1/recalculations/quality')
        .set(supervisor)
        .send({ buildingId: ids.building, period: '2025-09' })
        .expect(201);
      documents.quality = res.body;
    }
  }

  async function seed(): Promise<void> {
    const db = sut.db;
    const org = await anOrganisation(db);
    const b = await aBuilding(db, { organisation_id: org });
    ids.building = b;
    for (const s of ['cold_water', 'maintenance'])
      await aBuildingService(db, { building_id: b, service_code: s, supplier_organisation_id: org });
    await aTariff(db, {
      service_code: 'cold_water',
      price: '10.000000',
      organisation_id: org,
      valid_to: '2025-06-15',
    });
    await aTariff(db, {
      service_code: 'cold_water',
      price: '12.000000',
      organisation_id: org,
      valid_from: '2025-06-16',
    });
    await aTariff(db, { service_code: 'maintenance', price: '20.000000', organisation_id: org });
    await aNorm(db, { service_code: 'cold_water', value: '5', basis: 'per_person' });

    const pa = await aPremises(db, { building_id: b, number: '1', area: '50.00' });
    ids.a = await anAccount(db, { premises_id: pa }, [{ from: '2020-01-01', count: 2 }]);
    const oldMeter = await aMeter(db, {
      building_id: b,
      premises_id: pa,
      service_code: 'cold_water',
      installed_on: '2024-11-15',
      verified_on: '2024-11-15',
      status: 'decommissioned',
      decommissioned_on: '2025-10-10',
    });
    const readingsA: [string, string][] = [
      ['2024-12-20', '100'],
      ['2025-01-20', '103'],
      ['2025-02-20', '106'],
      ['2025-03-20', '109'],
      ['2025-08-20', '124'],
      ['2025-09-20', '127'],
      ['2025-10-10', '128.5'],
    ];
    for (const [day, value] of readingsA)
      await aReading(db, { meter_id: oldMeter, value, taken_on: day, period: `${day.slice(0, 7)}-01` });
    const newMeter = await aMeter(db, {
      building_id: b,
      premises_id: pa,
      service_code: 'cold_water',
      installed_on: '2025-10-10',
      verified_on: '2025-10-01',
      replaces_meter_id: oldMeter,
    });
    const readingsNew: [string, string][] = [
      ['2025-10-10', '0'],
      ['2025-10-20', '2'],
      ['2025-11-20', '5'],
      ['2025-12-20', '8'],
      ['2026-01-20', '11'],
      ['2026-02-20', '14'],
      ['2026-03-20', '17'],
    ];
    for (const [day, value] of readingsNew)
      await aReading(db, { meter_id: newMeter, value, taken_on: day, period: `${day.slice(0, 7)}-01` });

    const pb = await aPremises(db, { building_id: b, number: '2', area: '40.00' });
    ids.b = await anAccount(db, { premises_id: pb }, [{ from: '2020-01-01', count: 1 }]);
    const meterB = await aMeter(db, {
      building_id: b,
      premises_id: pb,
      service_code: 'cold_water',
      installed_on: '2024-11-15',
      verified_on: '2019-11-30',
    });
    await db.query(`UPDATE meters SET next_verification_on = '2025-11-30' WHERE id = $1`, [meterB]);

    const pc = await aPremises(db, { building_id: b, number: '3', area: '30.00' });
    ids.c = await anAccount(db, { premises_id: pc }, [{ from: '2020-01-01', count: 3 }]);
    await db.query(
      `INSERT INTO metering_impossibility_acts (premises_id, service_code, act_number, act_date)
       VALUES ($1, 'cold_water', 'АТН-3', '2019-01-01')`,
      [pc],
    );
    for (let i = 0, period = '2024-12'; period <= '2025-11'; i += 1, period = addMonths(period, 1)) {
      await aReading(db, {
        meter_id: meterB,
        value: String(50 + 2 * i),
        taken_on: `${period}-20`,
        period: `${period}-01`,
      });
    }
  }

  const expected: Record<string, string[][]> = {
    'A 2025-01': [['1', 'metered', '3.000', '-', '30.00']],
    'A 2025-02': [['1', 'metered', '3.000', '-', '30.00']],
    'A 2025-03': [['1', 'metered', '3.000', '-', '30.00']],
    // no reading: the average of Dec–Mar (a younger meter: 3 months of history), 3.000
    'A 2025-04': [['1', 'average', '3.000', '-', '30.00']],
    'A 2025-05': [['1', 'average', '3.000', '-', '30.00']],
    // the third average, spread over the tariff change of 16 June: 15 days at 10.00, 15 at 12.00
    'A 2025-06': [
      ['1', 'average', '1.500', '-', '15.00'],
      ['2', 'average', '1.500', '-', '18.00'],
    ],
    // the fourth month without a reading: the norm, 5 × 2 persons, no coefficient
    'A 2025-07': [['1', 'norm', '10.000', '-', '120.00']],
    // the reading returns: 15.000 used since March, 9.000 averaged and 10.000 by norm already billed
    'A 2025-08': [['1', 'metered', '-4.000', '-', '-48.00']],
    'A 2025-09': [['1', 'metered', '3.000', '-', '36.00']],
    // replaced on 10 October: 1.500 on the old meter to its closing reading, 2.000 on the new one
    'A 2025-10': [['1', 'metered', '3.500', '-', '42.00']],
    'A 2025-11': [['1', 'metered', '3.000', '-', '36.00']],
    'A 2025-12': [['1', 'metered', '3.000', '-', '36.00']],
    'A 2026-01': [['1', 'metered', '3.000', '-', '36.00']],
    'A 2026-02': [['1', 'metered', '3.000', '-', '36.00']],
    'A 2026-03': [['1', 'metered', '3.000', '-', '36.00']],
    // 2.000 m³ a month (readings +2 on the 20th)
    'B 2025-01': [['1', 'metered', '2.000', '-', '20.00']],
    'B 2025-02': [['1', 'metered', '2.000', '-', '20.00']],
    'B 2025-03': [['1', 'metered', '2.000', '-', '20.00']],
    'B 2025-04': [['1', 'metered', '2.000', '-', '20.00']],
    'B 2025-05': [['1', 'metered', '2.000', '-', '20.00']],
    'B 2025-06': [
      ['1', 'metered', '1.000', '-', '10.00'],
      ['2', 'metered', '1.000', '-', '12.00'],
    ],
    'B 2025-07': [['1', 'metered', '2.000', '-', '24.00']],
    'B 2025-08': [['1', 'metered', '2.000', '-', '24.00']],
    'B 2025-09': [['1', 'metered', '2.000', '-', '24.00']],
    'B 2025-10': [['1', 'metered', '2.000', '-', '24.00']],
    'B 2025-11': [['1', 'metered', '2.000', '-', '24.00']],
    // verification expired on 30 November: three months of the average (12.000 over May–Nov / 6) …
    'B 2025-12': [['1', 'average', '2.000', '-', '24.00']],
    'B 2026-01': [['1', 'average', '2.000', '-', '24.00']],
    'B 2026-02': [['1', 'average', '2.000', '-', '24.00']],
    // … then the norm × 3 (decree 1871): 5.000 × 12.00 = 60.00 + 120.00
    'B 2026-03': [['1', 'norm', '5.000', '3.000', '180.00']],
    // no meter, impossibility act: the norm 5 × 3 persons = 15.000, never a coefficient
    'C 2025-01': [['1', 'norm', '15.000', '-', '150.00']],
    'C 2025-02': [['1', 'norm', '15.000', '-', '150.00']],
    'C 2025-03': [['1', 'norm', '15.000', '-', '150.00']],
    'C 2025-04': [['1', 'norm', '15.000', '-', '150.00']],
    'C 2025-05': [['1', 'norm', '15.000', '-', '150.00']],
    'C 2025-06': [
      ['1', 'norm', '7.500', '-', '75.00'],
      ['2', 'norm', '7.500', '-', '90.00'],
    ],
    // the absence never edits the billed line: its reduction is a document posted into September
    'C 2025-07': [['1', 'norm', '15.000', '-', '180.00']],
    'C 2025-08': [['1', 'norm', '15.000', '-', '180.00']],
    'C 2025-09': [['1', 'norm', '15.000', '-', '180.00']],
    'C 2025-10': [['1', 'norm', '15.000', '-', '180.00']],
    'C 2025-11': [['1', 'norm', '15.000', '-', '180.00']],
    // December 2025: the cold-water coefficient changes on the 6th, but the act means none: one line
    'C 2025-12': [['1', 'norm', '15.000', '-', '180.00']],
    'C 2026-01': [['1', 'norm', '15.000', '-', '180.00']],
    'C 2026-02': [['1', 'norm', '15.000', '-', '180.00']],
    'C 2026-03': [['1', 'norm', '15.000', '-', '180.00']],
  };

  it.each(Object.keys(expected))('%s', (key) => {
    expect(billed[key]).toEqual(expected[key]);
  });

  it('every cold-water line of every flat and period has a hand-computed expectation', () => {
    expect(Object.keys(billed).sort()).toEqual(Object.keys(expected).sort());
  });

  it('maintenance every month: 50 m² × 20.00 = 1000.00, 40 m² = 800.00, 30 m² = 600.00', async () => {
    const rows = await sut.db.query(
      `SELECT account_id::text AS account, count(*)::int AS n, min(amount)::text AS min, max(amount)::text AS max
         FROM charge_lines WHERE service_code = 'maintenance' GROUP BY account_id ORDER BY account_id`,
    );
    expect(rows).toEqual([
      { account: ids.a, n: 15, min: '1000.00', max: '1000.00' },
      { account: ids.b, n: 15, min: '800.00', max: '800.00' },
      { account: ids.c, n: 15, min: '600.00', max: '600.00' },
    ]);
  });

  it('closed every period: a re-run of January is refused and its lines never changed', async () => {
    const res = await sut
      .http()
      .post('/api/v1/billing-runs')
      .set(supervisor)
      .send({ period: '2025-01' })
      .expect(409);
    expect(res.body.code).toBe('PERIOD_CLOSED');
    const [{ n }] = await sut.db.query(
      `SELECT count(*)::int AS n FROM charge_lines WHERE period = '2025-01-01'`,
    );
    expect(n).toBe(6);
  });

  it('temporary absence: 2 of 3 persons away 8 full days of August, posted into September', () => {
    // 180.00 × 8/31 × 2/3 = 30.9677… → 30.97; maintenance is not recalculated for absence
    const [doc] = documents.absence;
    expect(doc).toMatchObject({
      kind: 'absence',
      accountId: ids.c,
      correctedFrom: '2025-08',
      correctedTo: '2025-08',
      postingPeriod: '2025-09',
      amount: '-30.97',
    });
    expect(doc.lines).toEqual([
      expect.objectContaining({
        correctedPeriod: '2025-08',
        serviceCode: 'cold_water',
        amountDelta: '-30.97',
        formula: '-(180.00 × 8/31 days × 2/3 persons) = -30.97',
      }),
    ]);
  });

  it('no absence reduction for a norm month of a flat that has a meter (para 86: only where none can be installed)', () => {
    const [doc] = documents.absenceWithMeter;
    expect(doc).toMatchObject({ accountId: ids.a, postingPeriod: '2025-08', amount: '0.00', lines: [] });
    expect(
      (doc.basis as { skipped: { serviceCode: string; reason: string }[] }).skipped.map((x) => [
        x.serviceCode,
        x.reason,
      ]),
    ).toEqual([
      ['cold_water', 'meter_installed'],
      ['maintenance', 'not_norm'],
    ]);
  });

  it('quality: 12 h without cold water at once (8 h over the 4 h limit) → 1.2 % of September, posted into October', () => {
    // A 36.00 × 1.2 % = 0.432 → 0.43; B 24.00 → 0.288 → 0.29; C 180.00 → 2.16
    const docs = documents.quality as {
      accountId: string;
      postingPeriod: string;
      amount: string;
      lines: { formula: string }[];
    }[];
    expect(docs.map((d) => [d.accountId, d.postingPeriod, d.amount, d.lines.map((l) => l.formula)])).toEqual([
      [ids.a, '2025-10', '-0.43', ['-(36.00 × 1.2 %) = -0.43']],
      [ids.b, '2025-10', '-0.29', ['-(24.00 × 1.2 %) = -0.29']],
      [ids.c, '2025-10', '-2.16', ['-(180.00 × 1.2 %) = -2.16']],
    ]);
  });

  it('the documents posted into the next open period, never into the closed one they correct', async () => {
    const rows = await sut.db.query(
      `SELECT r.kind, to_char(l.corrected_period, 'YYYY-MM') AS corrected, to_char(l.posting_period, 'YYYY-MM') AS posted,
              sum(l.amount_delta)::text AS amount
         FROM recalculation_lines l JOIN recalculations r ON r.id = l.recalculation_id
        GROUP BY 1, 2, 3 ORDER BY 1, 2`,
    );
    expect(rows).toEqual([
      { kind: 'absence', corrected: '2025-08', posted: '2025-09', amount: '-30.97' },
      { kind: 'quality', corrected: '2025-09', posted: '2025-10', amount: '-2.88' },
    ]);
  });
});
