import { INestApplicationContext } from '@nestjs/common';
import { Role } from '../../src/common/auth/roles';
import { aMeterWithInitialReadings, aReading } from '../factories/estate';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { startTestWorker, waitForRun } from '../utils/worker';
import { anEstate, chargeLines, closePeriod, Estate } from './recalculations.helpers';

const water = (account: string, amount: string, volume: string) => ({
  account,
  service: 'cold_water',
  method: 'metered',
  volume,
  unit: 'm3',
  tariff: '50',
  amount,
});

/** Control checks (para 61), tampering (para 81(11)) and retroactive tariff changes end to end. */
describe('control checks and retroactive recalculations (e2e)', () => {
  let sut: TestApp;
  let worker: INestApplicationContext;
  let e: Estate;
  let meter: string;
  let staff: Record<string, string>;

  beforeAll(async () => {
    sut = await createTestApp();
    worker = await startTestWorker();
  });
  beforeEach(async () => {
    await sut.reset();
    staff = await sut.as(Role.Specialist);
    e = await anEstate(sut.db);
    meter = await aMeterWithInitialReadings(
      sut.db,
      { building_id: e.building, premises_id: e.premises[0], service_code: 'cold_water' },
      '100',
    );
    await aReading(sut.db, {
      meter_id: meter,
      value: '120',
      taken_on: '2026-03-20',
      period: '2026-03-01',
      channel: 'subscriber',
    });
  });
  afterAll(async () => {
    await worker.close();
    await sut.close();
  });

  const check = (body: object, status = 201) =>
    sut
      .http()
      .post('/api/v1/recalculations/control-check')
      .set(staff)
      .send({ meterId: meter, checkedOn: '2026-04-10', values: { T1: '123.500' }, sealIntact: true, ...body })
      .expect(status);

  describe('control check, seal intact (para 61)', () => {
    it.each([
      ['understated: the difference charged', '123.500', '3.500', '175.00'],
      ['overstated: the difference credited', '118.750', '-1.250', '-62.50'],
    ])('%s', async (_name, value, volumeDelta, amountDelta) => {
      const res = await check({ values: { T1: value }, actNumber: 'А-5' });
      expect(res.body).toMatchObject({
        kind: 'control_check',
        correctedFrom: '2026-04',
        postingPeriod: '2026-04',
        amount: amountDelta,
      });
      expect(res.body.lines).toEqual([
        expect.objectContaining({
          volumeDelta: `${volumeDelta}000`,
          amountDelta,
          tariff: '50.000000',
          chargeLineId: null,
        }),
      ]);
      expect(res.body.lines[0].basis).toMatchObject({
        subscriberReading: '120.000000',
        subscriberTakenOn: '2026-03-20',
      });
      const [{ n }] = await sut.db.query(
        `SELECT count(*)::int AS n FROM meter_readings WHERE channel = 'inspector'`,
      );
      expect(n).toBe(0);
    });

    it('refuses a second check the same day, wrong zones, a common meter', async () => {
      await check({});
      expect((await check({}, 409)).body.code).toBe('CONTROL_CHECK_EXISTS');
      expect((await check({ checkedOn: '2026-04-11', values: { T2: '1' } }, 400)).body.code).toBe(
        'CONTROL_CHECK_ZONES',
      );
      const common = await aMeterWithInitialReadings(sut.db, {
        building_id: e.building,
        service_code: 'cold_water',
      });
      expect((await check({ meterId: common }, 422)).body.code).toBe('METER_NOT_INDIVIDUAL');
      expect((await check({ meterId: '999999' }, 404)).body.code).toBe('METER_NOT_FOUND');
    });
  });

  describe('tampering (para 81(11))', () => {
    beforeEach(async () => {
      for (const [period, amount, volume] of [
        ['2026-01', '310.00', '6.200'],
        ['2026-02', '250.00', '5.000'],
        ['2026-03', '300.00', '6.000'],
      ]) {
        await chargeLines(sut.db, e, period, [water(e.accounts[0], amount, volume)]);
        await closePeriod(sut.db, period);
      }
    });

    it('norm × 2 persons × 10 for the 3 months before the check, less what was charged, into the open period', async () => {
      const res = await check({ checkedOn: '2026-04-15', sealIntact: false, values: { T1: '121' } });
      expect(res.body).toMatchObject({
        kind: 'tampering',
        correctedFrom: '2026-01',
        correctedTo: '2026-04',
        postingPeriod: '2026-04',
        amount: '13903.05',
      });
      expect(res.body.lines.map((l: Record<string, string>) => [l.correctedPeriod, l.amountDelta])).toEqual([
        ['2026-01', '2489.70'],
        ['2026-02', '4600.00'],
        ['2026-03', '4550.00'],
        ['2026-04', '2263.35'],
      ]);
      expect(res.body.basis.window).toEqual({ from: '2026-01-15', to: '2026-04-14', limitedBy: 'lookback' });
      expect(res.body.basis.discardedReadings.map((r: { value: string }) => r.value)).toEqual(['120.000000']);
      const linked = await sut.db.query(
        `SELECT count(*)::int AS n FROM recalculation_lines WHERE charge_line_id IS NOT NULL`,
      );
      expect(linked[0].n).toBe(3);
    });

    it('not before the previous check', async () => {
      // February is closed: the para 61 delta of that check (110 − 100 initial) posts into April.
      const first = await check({ checkedOn: '2026-02-01', values: { T1: '110' } });
      expect(first.body).toMatchObject({
        correctedFrom: '2026-02',
        postingPeriod: '2026-04',
        amount: '500.00',
      });
      const res = await check({ checkedOn: '2026-04-15', sealIntact: false, values: { T1: '121' } });
      expect(res.body.basis.window).toEqual({
        from: '2026-02-01',
        to: '2026-04-14',
        limitedBy: 'previous_check',
      });
      expect(res.body.lines.map((l: Record<string, string>) => l.correctedPeriod)).toEqual([
        '2026-02',
        '2026-03',
        '2026-04',
      ]);
    });
  });

  describe('retroactive tariff change', () => {
    const bill = async (period: string) => {
      const res = await sut.http().post('/api/v1/billing-runs').set(staff).send({ period }).expect(202);
      expect(await waitForRun(sut, res.body.id, staff)).toMatchObject({ status: 'completed' });
    };
    const retro = (body: object, status = 201) =>
      sut
        .http()
        .post('/api/v1/recalculations/retroactive')
        .set(staff)
        .send({
          buildingId: e.building,
          fromPeriod: '2026-02',
          toPeriod: '2026-03',
          reason: 'РЭК decision of 20.03.2026',
          ...body,
        })
        .expect(status);

    it('maintenance 30 → 33 from February: +150.00 per account and period, once; the originals stay', async () => {
      await bill('2026-02');
      await bill('2026-03');
      await closePeriod(sut.db, '2026-02');
      await closePeriod(sut.db, '2026-03');
      await sut.db.query(`UPDATE tariffs SET price = 33 WHERE service_code = 'maintenance'`);
      const docs = (await retro({})).body;
      expect(
        docs.map((d: Record<string, unknown>) => [
          d.accountId,
          d.kind,
          d.correctedFrom,
          d.correctedTo,
          d.postingPeriod,
          d.amount,
        ]),
      ).toEqual([
        [e.accounts[0], 'retroactive', '2026-02', '2026-03', '2026-04', '300.00'],
        [e.accounts[1], 'retroactive', '2026-02', '2026-03', '2026-04', '300.00'],
      ]);
      expect(docs[0].lines).toEqual([
        expect.objectContaining({
          correctedPeriod: '2026-02',
          serviceCode: 'maintenance',
          amountDelta: '150.00',
          tariff: '33.000000',
          formula: 'recomputed 1650.00 − billed 1500.00 − corrected 0.00 = 150.00',
        }),
        expect.objectContaining({
          correctedPeriod: '2026-03',
          serviceCode: 'maintenance',
          amountDelta: '150.00',
        }),
      ]);
      expect(docs[0].lines[0].chargeLineId).toMatch(/^\d+$/);
      expect((await retro({})).body).toEqual([]);
      const [{ total }] = await sut.db.query(
        `SELECT sum(amount)::text AS total FROM charge_lines WHERE service_code = 'maintenance'`,
      );
      expect(total).toBe('6000.00');
    });

    it('refuses a range over 12 periods or reversed', async () => {
      expect((await retro({ fromPeriod: '2025-01', toPeriod: '2026-03' }, 422)).body.code).toBe(
        'RETROACTIVE_RANGE_TOO_LONG',
      );
      expect((await retro({ fromPeriod: '2026-03', toPeriod: '2026-02' }, 422)).body.code).toBe(
        'RETROACTIVE_RANGE_TOO_LONG',
      );
    });
  });
});
