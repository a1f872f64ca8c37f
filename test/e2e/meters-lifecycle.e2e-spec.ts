import { Role } from '../../src/common/auth/roles';
import { APP_CONFIG, AppConfig } from '../../src/config/configuration';
import { addDays } from '../../src/shared/period';
import { todayIn } from '../../src/shared/period';
import { aBuilding, anOrganisation, aPremises, aReading } from '../factories/estate';
import { createTestApp, TestApp } from '../utils/create-test-app';

const fieldsOf = (body: { fields?: { field: string }[] }) => (body.fields ?? []).map((f) => f.field).sort();

/** Replacement, decommissioning and verification of a registered meter (initial 10.000, reading 40 on 2025-03-20). */
describe('meters: lifecycle (e2e)', () => {
  let sut: TestApp;
  let premises: string;
  let meter: string;

  beforeAll(async () => {
    sut = await createTestApp();
  });
  beforeEach(async () => {
    await sut.reset();
    const building = await aBuilding(sut.db, { organisation_id: await anOrganisation(sut.db) });
    premises = await aPremises(sut.db, { building_id: building });
    const res = await sut
      .http()
      .post('/api/v1/meters')
      .set(await sut.as(Role.Specialist))
      .send({
        kind: 'individual',
        premisesId: premises,
        serviceCode: 'electricity',
        serialNumber: 'E-001',
        zones: 1,
        digits: 6,
        installedOn: '2025-01-15',
        initialReadings: { T1: '10' },
        sealNumber: 'П-1',
        verifiedOn: '2024-11-01',
        verificationIntervalYears: 16,
      });
    meter = res.body.id;
    await aReading(sut.db, { meter_id: meter, value: '40', taken_on: '2025-03-20', period: '2025-03-01' });
  });
  afterAll(async () => {
    await sut.close();
  });

  const today = () => todayIn(sut.app.get<AppConfig>(APP_CONFIG).billing.timezone);
  const act = async (path: string, body: object, method: 'post' | 'patch' = 'post', role = Role.Specialist) =>
    sut
      .http()
      [method](`/api/v1/meters/${meter}/${path}`)
      .set(await sut.as(role))
      .send(body);
  const count = async (table: string) => (await sut.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
  const replacement = (o: object = {}) => ({
    date: '2025-04-10',
    closingReadings: { T1: '55.5' },
    reason: 'сломан',
    newMeter: {
      serialNumber: 'E-002',
      zones: 2,
      digits: 6,
      initialReadings: { T1: '0', T2: '0' },
      verifiedOn: '2025-03-01',
      verificationIntervalYears: 16,
    },
    ...o,
  });

  it('replaces a meter: closing reading, decommissioning and the new meter in one answer', async () => {
    const res = await act('replace', replacement());
    expect(res.status).toBe(201);
    expect(res.body.oldMeter).toMatchObject({
      id: meter,
      status: 'decommissioned',
      decommissionedOn: '2025-04-10',
      decommissionReason: 'сломан',
    });
    expect(res.body.closingReadings).toMatchObject({
      meterId: meter,
      takenOn: '2025-04-10',
      period: '2025-04',
      created: true,
    });
    expect(res.body.closingReadings.readings).toEqual([
      expect.objectContaining({ value: '55.500', volume: '15.500' }),
    ]);
    expect(res.body.newMeter).toMatchObject({
      kind: 'individual',
      premisesId: premises,
      serviceCode: 'electricity',
      serialNumber: 'E-002',
      zones: 2,
      installedOn: '2025-04-10',
      replacesMeterId: meter,
      nextVerificationOn: '2041-03-01',
      status: 'active',
    });
    expect(
      res.body.newMeter.initialReadings.map((r: { zone: string; value: string }) => [r.zone, r.value]),
    ).toEqual([
      ['T1', '0.000'],
      ['T2', '0.000'],
    ]);
    const kinds = await sut.db.query(
      `SELECT meter_id, kind FROM meter_readings WHERE taken_on = '2025-04-10' ORDER BY id`,
    );
    const added = res.body.newMeter.id;
    expect(kinds).toEqual([
      { meter_id: meter, kind: 'closing' },
      { meter_id: added, kind: 'initial' },
      { meter_id: added, kind: 'initial' },
    ]);
    expect((await act('replace', replacement())).body.code).toBe('METER_DECOMMISSIONED');
  });

  it.each<[string, object, number, string, string[]]>([
    [
      'a closing reading below the last one',
      { closingReadings: { T1: '39' } },
      422,
      'READING_BELOW_PREVIOUS',
      ['closingReadings.T1'],
    ],
    ['a missing closing zone', { closingReadings: {} }, 400, 'READING_ZONE_MISSING', ['closingReadings.T1']],
    ['a date before the last reading', { date: '2025-03-19' }, 422, 'METER_HAS_LATER_READINGS', ['date']],
    [
      'a new meter verified in the future',
      { newMeter: { ...replacement().newMeter, verifiedOn: '2099-01-01' } },
      400,
      'METER_DATE_IN_FUTURE',
      ['newMeter.verifiedOn'],
    ],
    [
      'a bad initial reading of the new meter',
      { newMeter: { ...replacement().newMeter, initialReadings: { T1: '0' } } },
      400,
      'READING_ZONE_MISSING',
      ['newMeter.initialReadings.T2'],
    ],
    [
      'a malformed new meter',
      { newMeter: { serialNumber: '' } },
      400,
      'VALIDATION_FAILED',
      [
        'newMeter.digits',
        'newMeter.initialReadings',
        'newMeter.serialNumber',
        'newMeter.verificationIntervalYears',
        'newMeter.verifiedOn',
        'newMeter.zones',
      ],
    ],
  ])('refuses a replacement with %s and changes nothing', async (_name, o, status, code, fields) => {
    const res = await act('replace', replacement(o));
    expect({ status: res.status, code: res.body.code, fields: fieldsOf(res.body) }).toEqual({
      status,
      code,
      fields,
    });
    expect(await count('meters')).toBe(1);
    expect(await count('meter_readings')).toBe(2);
    expect(
      (
        await sut
          .http()
          .get(`/api/v1/meters/${meter}`)
          .set(await sut.as(Role.Auditor))
      ).body.status,
    ).toBe('active');
  });

  it('refuses a replacement by an auditor (403)', async () => {
    expect((await act('replace', replacement(), 'post', Role.Auditor)).body.code).toBe('FORBIDDEN_ROLE');
  });

  it('accepts the closing reading of a meter whose verification expired', async () => {
    await sut.db.query(`UPDATE meters SET next_verification_on = '2025-04-01' WHERE id = $1`, [meter]);
    const normal = await act('readings', {
      values: { T1: '50' },
      takenOn: '2025-04-05',
      channel: 'specialist',
    });
    expect(normal.body.code).toBe('METER_VERIFICATION_EXPIRED');
    expect((await act('replace', replacement())).status).toBe(201);
  });

  it('decommissions a meter on a day not before its last reading; readings are refused afterwards', async () => {
    const early = await act('decommission', { date: '2025-03-19', reason: 'снят' });
    expect({ status: early.status, code: early.body.code }).toEqual({
      status: 422,
      code: 'METER_HAS_LATER_READINGS',
    });
    const ok = await act('decommission', { date: '2025-03-20', reason: 'снят' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      status: 'decommissioned',
      decommissionedOn: '2025-03-20',
      decommissionReason: 'снят',
    });
    expect((await act('decommission', { date: '2025-03-21', reason: 'снят' })).body.code).toBe(
      'METER_DECOMMISSIONED',
    );
    const reading = await act('readings', {
      values: { T1: '50' },
      takenOn: '2025-04-10',
      channel: 'specialist',
    });
    expect({ status: reading.status, code: reading.body.code }).toEqual({
      status: 422,
      code: 'METER_DECOMMISSIONED',
    });
    const rows = await sut.db.query(
      `SELECT details FROM audit_log WHERE action LIKE '%decommission' ORDER BY id`,
    );
    expect(rows.map((r: { details: { outcome: string } }) => r.details.outcome)).toEqual([
      'METER_HAS_LATER_READINGS',
      'ok',
      'METER_DECOMMISSIONED',
    ]);
  });

  it.each<[string, object, number, string]>([
    ['a date in the future', { date: '2099-01-01', reason: 'x' }, 400, 'METER_DATE_IN_FUTURE'],
    [
      'a date before installation',
      { date: '2025-01-14', reason: 'x' },
      422,
      'METER_DATE_BEFORE_INSTALLATION',
    ],
    ['no reason', { date: '2025-04-01' }, 400, 'VALIDATION_FAILED'],
  ])('refuses decommissioning on %s', async (_name, body, status, code) => {
    const res = await act('decommission', body);
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
  });

  it('records a new verification and recomputes the next one; keeps the seal unless given', async () => {
    const res = await act(
      'verification',
      { verifiedOn: '2025-05-20', verificationIntervalYears: 8 },
      'patch',
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      verifiedOn: '2025-05-20',
      verificationIntervalYears: 8,
      nextVerificationOn: '2033-05-20',
      sealNumber: 'П-1',
    });
    const sealed = await act(
      'verification',
      { verifiedOn: '2025-05-21', verificationIntervalYears: 8, sealNumber: 'П-2' },
      'patch',
    );
    expect(sealed.body).toMatchObject({ sealNumber: 'П-2', nextVerificationOn: '2033-05-21' });
    const future = await act(
      'verification',
      { verifiedOn: addDays(today(), 1), verificationIntervalYears: 8 },
      'patch',
    );
    expect({ status: future.status, code: future.body.code }).toEqual({
      status: 400,
      code: 'METER_DATE_IN_FUTURE',
    });
    const bad = await act(
      'verification',
      { verifiedOn: '2025-05-20', verificationIntervalYears: 21 },
      'patch',
    );
    expect({ status: bad.status, fields: fieldsOf(bad.body) }).toEqual({
      status: 400,
      fields: ['verificationIntervalYears'],
    });
    expect(
      (
        await act(
          'verification',
          { verifiedOn: '2025-05-20', verificationIntervalYears: 8 },
          'patch',
          Role.Auditor,
        )
      ).status,
    ).toBe(403);
  });
});
