import { DomainError } from '../../src/common/errors/domain-error';
import { pgErrorToDomain } from '../../src/common/errors/pg-errors';
import { MetersService } from '../../src/modules/meters/meters.service';
import { ReadingChannel } from '../../src/modules/readings/dto/readings.dto';
import { IMPORT_CHUNK_METERS, ReadingImportService } from '../../src/modules/readings/reading-import.service';
import { ReadingsService } from '../../src/modules/readings/readings.service';
import { aBuilding, aMeterWithInitialReadings, anOrganisation, aPremises } from '../factories/estate';
import { createTestApp, TestApp } from '../utils/create-test-app';

/** Readings through the real services on the real database: idempotency, locks, nothing stored on refusal, import. */
describe('readings (integration)', () => {
  let sut: TestApp;
  let readings: ReadingsService;
  let imports: ReadingImportService;
  let premises: string;

  beforeAll(async () => {
    sut = await createTestApp();
    readings = sut.app.get(ReadingsService);
    imports = sut.app.get(ReadingImportService);
  });
  beforeEach(async () => {
    await sut.reset();
    const building = await aBuilding(sut.db, { organisation_id: await anOrganisation(sut.db) });
    premises = await aPremises(sut.db, { building_id: building });
  });
  afterAll(async () => {
    await sut.close();
  });

  /** A meter installed 2025-01-15 with its initial reading(s) of 100.000. */
  async function meter(o: Record<string, unknown> = {}): Promise<string> {
    const [{ building_id }] = await sut.db.query(`SELECT building_id FROM premises WHERE id = $1`, [
      premises,
    ]);
    return aMeterWithInitialReadings(sut.db, {
      building_id,
      premises_id: premises,
      service_code: 'cold_water',
      ...o,
    });
  }
  const submit = (meterId: string, values: Record<string, unknown>, takenOn = '2025-02-20') =>
    readings.submit(
      meterId,
      { values: values as Record<string, string>, takenOn, channel: ReadingChannel.Subscriber },
      'test',
    );
  const stored = (meterId: string) =>
    sut.db.query(
      `SELECT zone, value::text, taken_on, period, kind, channel, rollover, suspect FROM meter_readings
                   WHERE meter_id = $1 ORDER BY taken_on, zone`,
      [meterId],
    );
  /** The refusal as the HTTP layer would map it (database constraints included). */
  const refusalOf = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (e: unknown) => {
        const d = e instanceof DomainError ? e : pgErrorToDomain(e);
        if (!d) throw e;
        return { code: d.code, kind: d.kind, fields: d.fields };
      },
    );

  it('stores a reading per zone with its period, then answers the same submission with the same rows', async () => {
    const m = await meter({ zones: 2 });
    const first = await submit(m, { T1: '120.5', T2: 130 }, '2025-02-26');
    expect(first).toEqual({
      meterId: m,
      takenOn: '2025-02-26',
      period: '2025-03',
      channel: 'subscriber',
      created: true,
      readings: [
        {
          id: expect.any(String),
          zone: 'T1',
          value: '120.500',
          rollover: false,
          suspect: false,
          suspectReason: null,
          volume: '20.500',
        },
        {
          id: expect.any(String),
          zone: 'T2',
          value: '130.000',
          rollover: false,
          suspect: false,
          suspectReason: null,
          volume: '30.000',
        },
      ],
    });
    const again = await submit(m, { T1: '120.500', T2: '130' }, '2025-02-26');
    expect(again).toEqual({ ...first, created: false });
    expect(await stored(m)).toHaveLength(4);
    expect((await stored(m))[2]).toMatchObject({
      value: '120.500000',
      period: '2025-03-01',
      kind: 'regular',
    });
  });

  it('refuses a different value for a stored day with READING_CONFLICT and changes nothing', async () => {
    const m = await meter();
    await submit(m, { T1: '120' });
    const before = await stored(m);
    expect(await refusalOf(submit(m, { T1: '121' }))).toMatchObject({
      code: 'READING_CONFLICT',
      kind: 'conflict',
    });
    expect(await stored(m)).toEqual(before);
  });

  it('stores nothing of a submission when one zone is refused', async () => {
    const m = await meter({ zones: 2 });
    expect(await refusalOf(submit(m, { T1: '150', T2: '99.999' }))).toEqual({
      code: 'READING_BELOW_PREVIOUS',
      kind: 'rule',
      fields: [{ field: 'values.T2', errors: [expect.stringContaining('100.000')] }],
    });
    expect(await stored(m)).toHaveLength(2);
  });

  it('refuses an unknown meter with METER_NOT_FOUND', async () => {
    expect(await refusalOf(submit('999999', { T1: '1' }))).toMatchObject({
      code: 'METER_NOT_FOUND',
      kind: 'not_found',
    });
  });

  it('serialises concurrent identical submissions: one set of rows, one created', async () => {
    const m = await meter({ zones: 2 });
    const results = await Promise.all(Array.from({ length: 6 }, () => submit(m, { T1: '120', T2: '110' })));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.readings.map((x) => x.id).join()))).toHaveProperty('size', 1);
    expect(await stored(m)).toHaveLength(4);
  });

  it('lets one of concurrent different values win and refuses the others with READING_CONFLICT', async () => {
    const m = await meter();
    const outcomes = await Promise.all(
      ['120', '121', '122'].map((v) =>
        submit(m, { T1: v }).then(
          () => 'ok',
          (e: DomainError) => e.code,
        ),
      ),
    );
    expect(outcomes.sort()).toEqual(['READING_CONFLICT', 'READING_CONFLICT', 'ok']);
    expect(await stored(m)).toHaveLength(2);
  });

  it('stores a roll-over with its volume across the capacity', async () => {
    const m = await meter({ digits: 3 });
    await submit(m, { T1: '500' }, '2025-02-14');
    await submit(m, { T1: '960' }, '2025-03-16');
    const wrapped = await submit(m, { T1: '5' }, '2025-04-15');
    expect(wrapped.readings[0]).toMatchObject({
      value: '5.000',
      rollover: true,
      suspect: false,
      volume: '45.000',
    });
    expect((await stored(m))[3]).toMatchObject({ value: '5.000000', rollover: true, suspect: false });
  });

  it('stores a suspect reading flagged, with the reason', async () => {
    const m = await meter();
    await submit(m, { T1: '130' }, '2025-02-14');
    await submit(m, { T1: '160' }, '2025-03-16');
    const jump = await submit(m, { T1: '260' }, '2025-04-15');
    expect(jump.readings[0]).toMatchObject({ value: '260.000', suspect: true, volume: '100.000' });
    expect(jump.readings[0].suspectReason).toBe(
      "Average daily consumption 3.333 since 2025-03-16 (100.000 over 30 days) exceeds 3 × the meter's average of " +
        '1.000 per day (60.000 over 60 days, 2025-01-15 – 2025-03-16)',
    );
    const [row] = await sut.db.query(`SELECT suspect, suspect_reason FROM meter_readings WHERE id = $1`, [
      jump.readings[0].id,
    ]);
    expect(row).toEqual({ suspect: true, suspect_reason: jump.readings[0].suspectReason });
  });

  it('lists readings with volumes and period filters', async () => {
    const m = await meter();
    await submit(m, { T1: '120' }, '2025-02-20');
    await submit(m, { T1: '150' }, '2025-03-20');
    const list = await readings.list(m, { from: '2025-03-01' });
    expect(list.items).toEqual([
      expect.objectContaining({
        takenOn: '2025-03-20',
        period: '2025-03',
        value: '150.000',
        volume: '30.000',
        kind: 'regular',
      }),
    ]);
    expect((await readings.list(m, {})).items.map((i) => i.volume)).toEqual([null, '20.000', '30.000']);
  });

  describe('import', () => {
    it('accepts the good lines, rejects the bad ones, and a re-import changes nothing', async () => {
      const a = await meter({ zones: 2, serial_number: 'A-1' });
      const b = await meter();
      const csv = [
        'serial_number;service_code;zone;value;taken_on',
        'A-1;cold_water;T1;110,5;2025-02-20',
        'A-1;cold_water;T2;105;2025-02-20',
        `NOPE;cold_water;T1;1;2025-02-20`,
        'A-1;cold_water;T1;120;2025-03-20',
        'A-1;cold_water;T2;90;2025-03-20',
        'A-1;cold_water;T1;130;31.03.2025',
      ].join('\n');
      const byId = `meter_id,zone,value,taken_on,channel\n${b},T1,150,2025-03-20,inspector\n${b},T1,140,2025-02-20,\n`;

      const first = await imports.import(csv, 'a.csv', 'test');
      expect(first).toMatchObject({ lines: 6, accepted: 2, unchanged: 0, rejected: 4 });
      expect(first.results).toEqual([
        { line: 2, meterId: a, zone: 'T1', status: 'accepted' },
        { line: 3, meterId: a, zone: 'T2', status: 'accepted' },
        {
          line: 4,
          meterId: null,
          zone: 'T1',
          status: 'rejected',
          code: 'METER_NOT_FOUND',
          message: expect.any(String),
        },
        {
          line: 5,
          meterId: a,
          zone: 'T1',
          status: 'rejected',
          code: 'READING_BELOW_PREVIOUS',
          message: expect.any(String),
        },
        {
          line: 6,
          meterId: a,
          zone: 'T2',
          status: 'rejected',
          code: 'READING_BELOW_PREVIOUS',
          message: expect.any(String),
        },
        {
          line: 7,
          meterId: null,
          zone: 'T1',
          status: 'rejected',
          code: 'READING_DATE_INVALID',
          message: expect.any(String),
        },
      ]);
      expect((await imports.import(byId, null, 'test')).results.map((r) => r.status)).toEqual([
        'accepted',
        'accepted',
      ]);
      expect((await stored(b)).map((r: { value: string; channel: string }) => [r.value, r.channel])).toEqual([
        ['100.000000', 'specialist'],
        ['140.000000', 'file_import'],
        ['150.000000', 'inspector'],
      ]);

      const rows = await sut.db.query(`SELECT count(*)::int AS n FROM meter_readings`);
      const again = await imports.import(csv, 'a.csv', 'test');
      expect(again).toMatchObject({ lines: 6, accepted: 0, unchanged: 2, rejected: 4 });
      expect((await imports.import(byId, null, 'test')).unchanged).toBe(2);
      expect(await sut.db.query(`SELECT count(*)::int AS n FROM meter_readings`)).toEqual(rows);

      const saved = await sut.db.query(
        `SELECT file_name, sha256, lines, accepted, unchanged, rejected FROM reading_imports ORDER BY id`,
      );
      expect(saved).toHaveLength(4);
      expect(saved[0]).toMatchObject({ file_name: 'a.csv', lines: 6, accepted: 2, rejected: 4 });
      expect(saved[2].sha256).toBe(saved[0].sha256);
      expect(saved[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    });

    it('imports many meters in chunks with the same results as single submissions', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i += 1) ids.push(await meter());
      const lines = ids.flatMap((id, i) => [
        `${id};T1;${200 + i};2025-03-20`,
        `${id};T1;${150 + i};2025-02-20`,
      ]);
      imports.chunkMeters = 2;
      const res = await imports
        .import(['meter_id;zone;value;taken_on', ...lines].join('\n'), null, 'test')
        .finally(() => {
          imports.chunkMeters = IMPORT_CHUNK_METERS;
        });
      expect(res.accepted).toBe(10);
      expect(res.results.map((r) => r.meterId)).toEqual(ids.flatMap((id) => [id, id]));
      const list = await readings.list(ids[4], {});
      expect(list.items.map((i) => [i.takenOn, i.volume])).toEqual([
        ['2025-01-15', null],
        ['2025-02-20', '54.000'],
        ['2025-03-20', '50.000'],
      ]);
    });
  });

  describe('meter replacement', () => {
    const newMeter = (serialNumber: string) => ({
      serialNumber,
      zones: 1,
      digits: 5,
      initialReadings: { T1: '0' },
      verifiedOn: '2025-03-01',
      verificationIntervalYears: 6,
    });

    it('stores the closing reading, decommissions the old meter and installs the new one in one go', async () => {
      const old = await meter({
        serial_number: 'OLD',
        verified_on: '2019-03-01',
        verification_interval_years: 6,
      });
      const res = await sut.app.get(MetersService).replace(
        old,
        {
          date: '2025-04-10',
          closingReadings: { T1: '180' },
          newMeter: newMeter('NEW'),
          reason: 'verification expired',
        },
        'test',
      );
      expect(res.oldMeter).toMatchObject({ status: 'decommissioned', decommissionedOn: '2025-04-10' });
      expect(res.closingReadings.readings[0]).toMatchObject({ value: '180.000', volume: '80.000' });
      expect(res.newMeter).toMatchObject({
        replacesMeterId: old,
        installedOn: '2025-04-10',
        nextVerificationOn: '2031-03-01',
      });
      expect(await stored(old)).toEqual([
        expect.objectContaining({ kind: 'initial' }),
        expect.objectContaining({ kind: 'closing', taken_on: '2025-04-10' }),
      ]);
      expect(await stored(res.newMeter.id)).toEqual([
        expect.objectContaining({ kind: 'initial', value: '0.000000', taken_on: '2025-04-10' }),
      ]);
    });

    it('rolls everything back when the new meter is refused', async () => {
      const old = await meter({ serial_number: 'OLD' });
      await meter({ serial_number: 'TAKEN' });
      const service = sut.app.get(MetersService);
      const input = {
        date: '2025-04-10',
        closingReadings: { T1: '180' },
        newMeter: newMeter('TAKEN'),
        reason: 'broken',
      };
      expect(await refusalOf(service.replace(old, input, 'test'))).toMatchObject({
        code: 'METER_SERIAL_TAKEN',
      });
      expect(
        await refusalOf(
          service.replace(
            old,
            { ...input, newMeter: { ...newMeter('NEW'), initialReadings: { T1: '-1' } } },
            'test',
          ),
        ),
      ).toMatchObject({
        code: 'READING_VALUE_NEGATIVE',
        fields: [{ field: 'newMeter.initialReadings.T1', errors: expect.any(Array) }],
      });
      expect(await stored(old)).toHaveLength(1);
      expect(await sut.db.query(`SELECT status FROM meters WHERE id = $1`, [old])).toEqual([
        { status: 'active' },
      ]);
    });
  });
});
