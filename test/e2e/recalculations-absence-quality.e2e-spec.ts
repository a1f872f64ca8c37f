import { Role } from '../../src/common/auth/roles';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { anEstate, chargeLines, closePeriod, Estate } from './recalculations.helpers';

const month = (period: string, days: number) => ({
  from: `${period}-01`,
  to: `${period}-${days}`,
  days,
  daysInPeriod: days,
});
const waste = (account: string, residents: number, segment: object) => ({
  account,
  service: 'solid_waste',
  method: 'norm',
  volume: '0.320000',
  unit: 'm3',
  tariff: '600',
  amount: '192.00',
  basis: { residents, norm: '0.16', normBasis: 'per_person', segment },
});
const water = (account: string, amount: string) => ({
  account,
  service: 'cold_water',
  method: 'metered',
  volume: '20.000',
  unit: 'm3',
  tariff: '50',
  amount,
});

/** Temporary absence (section VIII) and quality reductions (section IX, Annex 1) end to end. */
describe('absence and quality recalculations (e2e)', () => {
  let sut: TestApp;
  let e: Estate;
  let march: string[];
  let april: string[];
  let staff: Record<string, string>;

  beforeAll(async () => {
    sut = await createTestApp();
  });
  beforeEach(async () => {
    await sut.reset();
    staff = await sut.as(Role.Specialist);
    e = await anEstate(sut.db);
    march = await chargeLines(sut.db, e, '2026-03', [
      waste(e.accounts[0], 2, month('2026-03', 31)),
      water(e.accounts[0], '1000.00'),
      water(e.accounts[1], '620.00'),
    ]);
    april = await chargeLines(sut.db, e, '2026-04', [waste(e.accounts[0], 2, month('2026-04', 30))]);
  });
  afterAll(async () => {
    await sut.close();
  });

  describe('temporary absence', () => {
    const absence = (body: object, status: number) =>
      sut
        .http()
        .post('/api/v1/recalculations/absence')
        .set(staff)
        .send({
          accountId: e.accounts[0],
          persons: 1,
          evidence: 'railway tickets',
          appliedOn: '2026-04-10',
          ...body,
        })
        .expect(status);

    it('over two periods: norm lines of each reduced by its full days, one document', async () => {
      await closePeriod(sut.db, '2026-03');
      const res = await absence({ from: '2026-03-28', to: '2026-04-05' }, 201);
      // March 29–31: 192.00 × 3/31 × 1/2 = 9.29; April 1–4: 192.00 × 4/30 × 1/2 = 12.80
      expect(res.body).toMatchObject({
        kind: 'absence',
        reasonCode: 'temporary_absence',
        correctedFrom: '2026-03',
        correctedTo: '2026-04',
        postingPeriod: '2026-04',
        status: 'posted',
        amount: '-22.09',
      });
      expect(
        res.body.lines.map((l: Record<string, string>) => [
          l.correctedPeriod,
          l.chargeLineId,
          l.amountDelta,
          l.volumeDelta,
        ]),
      ).toEqual([
        ['2026-03', march[0], '-9.29', '-0.015484'],
        ['2026-04', april[0], '-12.80', '-0.021333'],
      ]);
      expect(res.body.basis).toMatchObject({
        fullDays: 7,
        firstDay: '2026-03-29',
        lastDay: '2026-04-04',
        persons: 1,
        evidence: 'railway tickets',
        deadline: '2026-05-05',
      });
      expect(res.body.basis.skipped).toEqual([
        { chargeLineId: march[1], serviceCode: 'cold_water', reason: 'not_norm' },
      ]);
    });

    it('refuses 5 full days, a late application, an overlapping absence and an application day in the future', async () => {
      expect((await absence({ from: '2026-03-10', to: '2026-03-16' }, 422)).body).toMatchObject({
        code: 'ABSENCE_TOO_SHORT',
        details: { fullDays: 5 },
      });
      expect(
        (await absence({ from: '2026-03-10', to: '2026-03-17', appliedOn: '2026-04-17' }, 422)).body,
      ).toMatchObject({
        code: 'ABSENCE_APPLICATION_LATE',
        details: { deadline: '2026-04-16' },
      });
      const six = await absence({ from: '2026-03-10', to: '2026-03-17', appliedOn: '2026-04-16' }, 201);
      expect(six.body.lines.map((l: Record<string, string>) => l.amountDelta)).toEqual(['-18.58']);
      expect((await absence({ from: '2026-03-15', to: '2026-03-25' }, 409)).body.code).toBe(
        'ABSENCE_OVERLAP',
      );
      expect(
        (await absence({ from: '2026-05-01', to: '2026-05-10', appliedOn: '2999-01-01' }, 422)).body.code,
      ).toBe('ABSENCE_APPLIED_IN_FUTURE');
      await absence({ from: '2026-03-10', persons: 0, to: '2026-03-20' }, 400);
    });
  });

  describe('quality and interruptions', () => {
    const incident = (body: object, status = 201) =>
      sut
        .http()
        .post('/api/v1/quality-incidents')
        .set(staff)
        .send({
          buildingId: e.building,
          serviceCode: 'cold_water',
          kind: 'interruption',
          dispatcherRequest: 'АДС-17',
          ...body,
        })
        .expect(status);
    const calculate = (body: object, status = 201) =>
      sut
        .http()
        .post('/api/v1/recalculations/quality')
        .set(staff)
        .send({ period: '2026-03', ...body })
        .expect(status);

    it('exactly the permitted 8 h: nothing; one hour over: 0.15 % per account; again: nothing new', async () => {
      await incident({ startedAt: '2026-03-05T08:00:00+03:00', endedAt: '2026-03-05T12:00:00+03:00' });
      await incident({ startedAt: '2026-03-12T08:00:00+03:00', endedAt: '2026-03-12T12:00:00+03:00' });
      expect((await calculate({ buildingId: e.building })).body).toEqual([]);

      await incident({ startedAt: '2026-03-20T23:30:00+03:00', endedAt: '2026-03-21T00:30:00+03:00' });
      const docs = (await calculate({ buildingId: e.building })).body;
      expect(docs.map((d: Record<string, unknown>) => [d.accountId, d.kind, d.amount])).toEqual([
        [e.accounts[0], 'quality', '-1.50'],
        [e.accounts[1], 'quality', '-0.93'],
      ]);
      expect(docs[0].lines).toEqual([
        expect.objectContaining({
          chargeLineId: march[1],
          amountDelta: '-1.50',
          formula: '-(1000.00 × 0.15 %) = -1.50',
        }),
      ]);
      expect(docs[0].basis.reductions[0]).toMatchObject({
        percent: '0.15',
        capped: false,
        rules: [{ hours: '9', excessHours: '1' }],
      });
      expect(docs[0].basis.incidents.map((i: { dispatcherRequest: string }) => i.dispatcherRequest)).toEqual([
        'АДС-17',
        'АДС-17',
        'АДС-17',
      ]);
      expect((await calculate({ buildingId: e.building })).body).toEqual([]);
    });

    it('a whole month without water in one premises: capped at 100 %, less what was already reduced', async () => {
      await incident({ startedAt: '2026-03-05T08:00:00+03:00', endedAt: '2026-03-05T17:00:00+03:00' });
      await calculate({ buildingId: e.building }); // 9 h at once: 5 h over the 4 h limit → 0.75 %: 620.00 → −4.65
      await incident({
        buildingId: undefined,
        premisesId: e.premises[1],
        startedAt: '2026-02-20T00:00:00+03:00',
        endedAt: '2026-04-03T00:00:00+03:00',
      });
      const docs = (await calculate({ premisesId: e.premises[1] })).body;
      expect(docs).toHaveLength(1);
      expect(docs[0]).toMatchObject({ accountId: e.accounts[1], amount: '-615.35' });
      expect(docs[0].lines[0].formula).toBe('-(620.00 × 100 %) = -620.00 − earlier -4.65 = -615.35');
      expect(docs[0].basis.reductions[0]).toMatchObject({ capped: true, appliedPercent: '100' });
    });

    it('hot water below +40 °C: repriced at the cold-water tariff for those hours, other hours by percent', async () => {
      // Single-tariff hot water 6.000 m³ × 200 for account 1; two-component 3.100 m³ × 190 (cold part 40) for account 2.
      const hot = await chargeLines(sut.db, e, '2026-03', [
        {
          account: e.accounts[0],
          service: 'hot_water',
          method: 'metered',
          volume: '6.000',
          unit: 'm3',
          tariff: '200',
          amount: '1200.00',
        },
        {
          account: e.accounts[1],
          service: 'hot_water',
          method: 'metered',
          volume: '3.100',
          unit: 'm3',
          tariff: '190',
          amount: '589.00',
          basis: {
            twoComponents: { coldWaterTariff: '40.000000', heatTariff: '2500.000000', heatPerM3: '0.06' },
          },
        },
      ]);
      const temperature = { serviceCode: 'hot_water', kind: 'temperature' };
      // 30 h at +35 °C (below +40): repriced, no percent; 10 h at +50 °C, 7 °C beyond: 2 steps × 0.1 % × 10 h = 2 %.
      await incident({
        ...temperature,
        degrees: '25',
        temperature: '35',
        startedAt: '2026-03-10T08:00:00+03:00',
        endedAt: '2026-03-11T14:00:00+03:00',
      });
      await incident({
        ...temperature,
        degrees: '7',
        temperature: '50',
        startedAt: '2026-03-20T08:00:00+03:00',
        endedAt: '2026-03-20T18:00:00+03:00',
      });
      const docs = (await calculate({ buildingId: e.building })).body;
      // 1: 1200.00 × 2 % = 24.00; 6.000 × 1800/44640 min = 0.242 m³ × (200 − 50) = 36.30 → −60.30
      // 2: 589.00 × 2 % = 11.78; 3.100 × 1800/44640 = 0.125 m³ × (190 − 40) = 18.75 → −30.53
      expect(docs.map((d: Record<string, unknown>) => [d.accountId, d.amount])).toEqual([
        [e.accounts[0], '-60.30'],
        [e.accounts[1], '-30.53'],
      ]);
      expect(docs[0].lines).toEqual([
        expect.objectContaining({
          chargeLineId: hot[0],
          serviceCode: 'hot_water',
          amountDelta: '-60.30',
          formula:
            '-(1200.00 × 2 %) = -24.00; as cold water -(6.000 × 1800/44640 min = 0.242 m³ × (200 − 50)) = -36.30; total -60.30',
        }),
      ]);
      expect(docs[1].lines[0].basis.asColdWater).toMatchObject({
        coldVolume: '0.125',
        coldTariff: '40',
        hotTariff: '190',
        amount: '-18.75',
      });
      expect(docs[0].basis.reductions[0]).toMatchObject({
        percent: '2',
        billedAsColdWater: [expect.any(String)],
      });
      expect((await calculate({ buildingId: e.building })).body).toEqual([]);
    });

    it('refuses an incident without a rule, a duplicate, no scope; auditors may not calculate', async () => {
      const at = { startedAt: '2026-03-05T08:00:00+03:00', endedAt: '2026-03-05T09:00:00+03:00' };
      expect((await incident({ ...at, serviceCode: 'maintenance' }, 422)).body.code).toBe(
        'RECALCULATION_RULE_MISSING',
      );
      await incident(at);
      expect((await incident(at, 409)).body.code).toBe('QUALITY_INCIDENT_EXISTS');
      expect((await incident({ ...at, buildingId: undefined }, 422)).body.code).toBe('SCOPE_REQUIRED');
      await incident({ startedAt: '2026-03-05 08:00', endedAt: '2026-03-05T09:00:00+03:00' }, 400);
      await sut
        .http()
        .post('/api/v1/recalculations/quality')
        .set(await sut.as(Role.Auditor))
        .send({ period: '2026-03', buildingId: e.building })
        .expect(403);
      const list = await sut
        .http()
        .get(`/api/v1/quality-incidents?buildingId=${e.building}&period=2026-03`)
        .set(await sut.as(Role.Auditor))
        .expect(200);
      expect(list.body).toHaveLength(1);
    });
  });
});
