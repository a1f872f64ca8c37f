import { Role } from '../../src/common/auth/roles';
import { APP_CONFIG, AppConfig } from '../../src/config/configuration';
import { addDays } from '../../src/shared/period';
import { todayIn } from '../../src/shared/period';
import {
  aBuilding,
  aMeterWithInitialReadings,
  anAccount,
  anOrganisation,
  aPremises,
  aReading,
} from '../factories/estate';
import { createTestApp, TestApp } from '../utils/create-test-app';

describe('readings (e2e)', () => {
  let sut: TestApp;
  let building: string;
  let premises: string;

  beforeAll(async () => {
    sut = await createTestApp();
  });
  beforeEach(async () => {
    await sut.reset();
    building = await aBuilding(sut.db, { organisation_id: await anOrganisation(sut.db) });
    premises = await aPremises(sut.db, { building_id: building });
  });
  afterAll(async () => {
    await sut.close();
  });
  const tomorrow = () => addDays(todayIn(sut.app.get<AppConfig>(APP_CONFIG).billing.timezone), 1);

  /** A 5-digit meter installed 2025-01-15 (initial 100.000 per zone) with a reading of 200 on 2025-03-20. */
  async function meter(o: Record<string, unknown> = {}): Promise<string> {
    const id = await aMeterWithInitialReadings(sut.db, {
      building_id: building,
      premises_id: premises,
      service_code: 'electricity',
      ...o,
    });
    for (const zone of ['T1', 'T2', 'T3'].slice(0, Number(o.zones ?? 1))) {
      await aReading(sut.db, {
        meter_id: id,
        zone,
        value: '200',
        taken_on: '2025-03-20',
        period: '2025-03-01',
      });
    }
    return id;
  }
  const post = async (id: string, body: object, role = Role.Specialist) =>
    sut
      .http()
      .post(`/api/v1/meters/${id}/readings`)
      .set(await sut.as(role))
      .send(body);

  it('stores a reading (201) and answers the same submission again with 200 and created: false', async () => {
    const m = await meter({ zones: 2 });
    const body = { values: { T1: '250.5', T2: '210' }, takenOn: '2025-04-26', channel: 'subscriber' };
    const first = await post(m, body);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      meterId: m,
      takenOn: '2025-04-26',
      period: '2025-05',
      channel: 'subscriber',
      created: true,
      readings: [
        {
          id: expect.stringMatching(/^\d+$/),
          zone: 'T1',
          value: '250.500',
          rollover: false,
          suspect: false,
          suspectReason: null,
          volume: '50.500',
        },
        {
          id: expect.stringMatching(/^\d+$/),
          zone: 'T2',
          value: '210.000',
          rollover: false,
          suspect: false,
          suspectReason: null,
          volume: '10.000',
        },
      ],
    });
    const again = await post(m, body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...first.body, created: false });
  });

  describe('refusals: status, stable code, field, nothing stored', () => {
    const cases: [string, Record<string, unknown>, object, number, string, string | null][] = [
      [
        'decommissioned meter',
        { status: 'decommissioned', decommissioned_on: '2025-03-31' },
        {},
        422,
        'METER_DECOMMISSIONED',
        null,
      ],
      [
        'verification expired',
        { next_verification_on: '2025-04-09' },
        {},
        422,
        'METER_VERIFICATION_EXPIRED',
        'takenOn',
      ],
      [
        'before installation',
        {},
        { takenOn: '2025-01-14', values: { T1: '50' } },
        422,
        'READING_BEFORE_INSTALLATION',
        'takenOn',
      ],
      ['date in the future', {}, { takenOn: 'TOMORROW' }, 400, 'READING_DATE_IN_FUTURE', 'takenOn'],
      ['date that does not exist', {}, { takenOn: '2025-04-31' }, 400, 'READING_DATE_INVALID', 'takenOn'],
      ['zone missing', { zones: 2 }, { values: { T1: '250' } }, 400, 'READING_ZONE_MISSING', 'values.T2'],
      [
        'zone T3 on a 2-zone meter',
        { zones: 2 },
        { values: { T1: '250', T2: '250', T3: '1' } },
        400,
        'READING_ZONE_UNKNOWN',
        'values.T3',
      ],
      ['zone X', {}, { values: { X: '250' } }, 400, 'READING_ZONE_UNKNOWN', 'values.X'],
      ['negative', {}, { values: { T1: '-250' } }, 400, 'READING_VALUE_NEGATIVE', 'values.T1'],
      ['not a number', {}, { values: { T1: '25O' } }, 400, 'READING_VALUE_INVALID', 'values.T1'],
      ['fractional JSON number', {}, { values: { T1: 250.5 } }, 400, 'READING_VALUE_INVALID', 'values.T1'],
      ['4 decimals', {}, { values: { T1: '250.1234' } }, 400, 'READING_VALUE_TOO_PRECISE', 'values.T1'],
      [
        'beyond the counter',
        {},
        { values: { T1: '100000' } },
        400,
        'READING_VALUE_EXCEEDS_CAPACITY',
        'values.T1',
      ],
      ['below the previous', {}, { values: { T1: '199.999' } }, 422, 'READING_BELOW_PREVIOUS', 'values.T1'],
      [
        'above the next (back-dated)',
        {},
        { takenOn: '2025-02-10', values: { T1: '200.001' } },
        422,
        'READING_ABOVE_NEXT',
        'values.T1',
      ],
      [
        'another value for a stored day',
        {},
        { takenOn: '2025-03-20', values: { T1: '201' } },
        409,
        'READING_CONFLICT',
        'values.T1',
      ],
      ['an unknown channel', {}, { channel: 'pigeon' }, 400, 'VALIDATION_FAILED', 'channel'],
    ];

    it.each(cases)('%s', async (_name, meterOverrides, body, status, code, field) => {
      const m = await meter(meterOverrides);
      const payload: Record<string, unknown> = {
        values: { T1: '250' },
        takenOn: '2025-04-10',
        channel: 'specialist',
        ...body,
      };
      if (payload.takenOn === 'TOMORROW') payload.takenOn = tomorrow();
      const before = await sut.db.query(`SELECT count(*)::int AS n FROM meter_readings`);
      const res = await post(m, payload);
      expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
      expect(res.body.fields?.[0]?.field ?? null).toBe(field);
      expect(await sut.db.query(`SELECT count(*)::int AS n FROM meter_readings`)).toEqual(before);
    });

    it('unknown meter → 404 METER_NOT_FOUND; malformed id → 400', async () => {
      const body = { values: { T1: '1' }, takenOn: '2025-04-10', channel: 'specialist' };
      expect((await post('999999999', body)).body).toMatchObject({
        statusCode: 404,
        code: 'METER_NOT_FOUND',
      });
      expect((await post('abc', body)).status).toBe(400);
    });
  });

  it('lets the settlement centre submit through an API key, and refuses auditors (403)', async () => {
    const m = await meter();
    const key = await sut
      .http()
      .post('/api/v1/api-keys')
      .set(sut.admin)
      .send({ name: 'РЦ', role: 'settlement_centre', scopes: ['readings:write'] });
    const body = { values: { T1: '250' }, takenOn: '2025-04-10', channel: 'settlement_centre' };
    const denied = await post(m, body, Role.Auditor);
    expect({ status: denied.status, code: denied.body.code }).toEqual({
      status: 403,
      code: 'FORBIDDEN_ROLE',
    });
    await sut
      .http()
      .post(`/api/v1/meters/${m}/readings`)
      .set('X-API-Key', key.body.key)
      .send(body)
      .expect(201);
    const [row] = await sut.db.query(
      `SELECT channel, created_by FROM meter_readings WHERE meter_id = $1 AND taken_on = '2025-04-10'`,
      [m],
    );
    expect(row).toEqual({ channel: 'settlement_centre', created_by: 'РЦ' });
  });

  it('lists readings with volumes for readers, filtered by dates', async () => {
    const m = await meter();
    await post(m, { values: { T1: '250' }, takenOn: '2025-04-10', channel: 'specialist' });
    const res = await sut
      .http()
      .get(`/api/v1/meters/${m}/readings?from=2025-03-01&to=2025-04-30`)
      .set(await sut.as(Role.Auditor))
      .expect(200);
    expect(
      res.body.items.map((i: { takenOn: string; volume: string; kind: string }) => [
        i.takenOn,
        i.volume,
        i.kind,
      ]),
    ).toEqual([
      ['2025-03-20', '100.000', 'regular'],
      ['2025-04-10', '50.000', 'regular'],
    ]);
    await sut
      .http()
      .get(`/api/v1/meters/${m}/readings?from=2025-13-01`)
      .set(await sut.as(Role.Auditor))
      .expect(400);
    await sut
      .http()
      .get('/api/v1/meters/999999/readings')
      .set(await sut.as(Role.Auditor))
      .expect(404);
  });

  describe('CSV import', () => {
    const upload = async (csv: string, type = 'text/csv', role = Role.Specialist) =>
      sut
        .http()
        .post('/api/v1/readings/import?fileName=march.csv')
        .set(await sut.as(role))
        .set('Content-Type', type)
        .send(csv);

    it('finds the meter by account number and service (settlement-centre files)', async () => {
      const m = await meter({ service_code: 'cold_water' });
      const account = await anAccount(sut.db, { premises_id: premises, number: 'РЦ-0001' });
      expect(account).toMatch(/^\d+$/);
      const csv =
        'account_number;service_code;zone;value;taken_on\n' +
        'РЦ-0001;cold_water;T1;260;2025-04-10\n' +
        'РЦ-9999;cold_water;T1;1;2025-04-10\n';
      const res = await upload(csv, 'text/csv', Role.SettlementCentre);
      expect(res.status).toBe(201);
      expect(res.body.results).toEqual([
        { line: 2, meterId: m, zone: 'T1', status: 'accepted' },
        {
          line: 3,
          meterId: null,
          zone: 'T1',
          status: 'rejected',
          code: 'METER_NOT_FOUND',
          message: expect.any(String),
        },
      ]);
      // a second cold-water meter in the flat: the account no longer names one meter
      await meter({ service_code: 'cold_water', serial_number: 'SECOND' });
      const again = await upload(
        'account_number;service_code;zone;value;taken_on\nРЦ-0001;cold_water;T1;270;2025-04-12\n',
      );
      expect(again.body.results[0]).toMatchObject({ status: 'rejected', code: 'IMPORT_LINE_INVALID' });
    });

    it('imports good lines, reports bad ones by line, and a re-import is all unchanged', async () => {
      const m = await meter();
      const csv = `meter_id;zone;value;taken_on\n${m};T1;250,5;2025-04-10\n${m};T1;150;2025-05-10\n999999;T1;1;2025-04-10\n`;
      const res = await upload(csv);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        importId: expect.stringMatching(/^\d+$/),
        lines: 3,
        accepted: 1,
        unchanged: 0,
        rejected: 2,
        results: [
          { line: 2, meterId: m, zone: 'T1', status: 'accepted' },
          {
            line: 3,
            meterId: m,
            zone: 'T1',
            status: 'rejected',
            code: 'READING_BELOW_PREVIOUS',
            message: expect.any(String),
          },
          {
            line: 4,
            meterId: '999999',
            zone: 'T1',
            status: 'rejected',
            code: 'METER_NOT_FOUND',
            message: expect.any(String),
          },
        ],
      });
      const again = await upload(csv);
      expect(again.body).toMatchObject({ accepted: 0, unchanged: 1, rejected: 2 });
      const [record] = await sut.db.query(
        `SELECT file_name, lines, accepted FROM reading_imports WHERE id = $1`,
        [res.body.importId],
      );
      expect(record).toEqual({ file_name: 'march.csv', lines: 3, accepted: 1 });
      // The audit row names the import, not every character of the file.
      const audit = await sut.db.query(
        `SELECT entity, details FROM audit_log WHERE action = 'POST /api/v1/readings/import'`,
      );
      expect(
        audit.map((a: { entity: string; details: { outcome: string; fields: string[] } }) => [
          a.entity,
          a.details.outcome,
          a.details.fields,
        ]),
      ).toEqual([
        ['readings', 'ok', []],
        ['readings', 'ok', []],
      ]);
    });

    it.each([
      ['a JSON body', '{"a":1}', 'application/json', 'IMPORT_NOT_CSV'],
      ['an empty file', '', 'text/csv', 'IMPORT_NOT_CSV'],
      [
        'a header without the value column',
        'meter_id;zone;taken_on\n1;T1;2025-04-10\n',
        'text/csv',
        'IMPORT_HEADER_INVALID',
      ],
    ])('refuses %s with 400', async (_name, body, type, code) => {
      const res = await upload(body, type);
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code });
    });

    it('refuses auditors (403)', async () => {
      expect((await upload('meter_id;zone;value;taken_on\n', 'text/csv', Role.Auditor)).status).toBe(403);
    });
  });

  it('audits submissions, refused ones included', async () => {
    const m = await meter();
    await post(m, { values: { T1: '250' }, takenOn: '2025-04-10', channel: 'specialist' });
    await post(m, { values: { T1: '1' }, takenOn: '2025-04-11', channel: 'specialist' });
    const rows = await sut.db.query(
      `SELECT entity, entity_id, details FROM audit_log WHERE action LIKE '%readings' ORDER BY id`,
    );
    expect(
      rows.map((r: { entity: string; entity_id: string; details: { outcome: string } }) => [
        r.entity,
        r.entity_id,
        r.details.outcome,
      ]),
    ).toEqual([
      ['meters', m, 'ok'],
      ['meters', m, 'READING_BELOW_PREVIOUS'],
    ]);
  });
});
