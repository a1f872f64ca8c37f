import { Role } from '../../src/common/auth/roles';
import { addDays } from '../../src/shared/period';
import { APP_CONFIG, AppConfig } from '../../src/config/configuration';
import { todayIn } from '../../src/shared/period';
import { aBuilding, aMeter, anOrganisation, aPremises } from '../factories/estate';
import { createTestApp, TestApp } from '../utils/create-test-app';

const fieldsOf = (body: { fields?: { field: string }[] }) => (body.fields ?? []).map((f) => f.field).sort();

describe('meters (e2e)', () => {
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
  const today = () => todayIn(sut.app.get<AppConfig>(APP_CONFIG).billing.timezone);

  const individual = (o: object = {}) => ({
    kind: 'individual',
    premisesId: premises,
    serviceCode: 'electricity',
    serialNumber: 'E-001',
    model: 'Меркурий 201',
    zones: 2,
    digits: 6,
    installedOn: '2025-01-15',
    initialReadings: { T1: '12.3', T2: '4' },
    sealNumber: 'П-1',
    verifiedOn: '2024-11-01',
    verificationIntervalYears: 16,
    ...o,
  });
  const register = async (body: object, role = Role.Specialist) =>
    sut
      .http()
      .post('/api/v1/meters')
      .set(await sut.as(role))
      .send(body);

  it('registers an individual meter in the premises building, with its initial readings', async () => {
    const res = await register(individual());
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^\d+$/),
      kind: 'individual',
      buildingId: building,
      premisesId: premises,
      serviceCode: 'electricity',
      serialNumber: 'E-001',
      model: 'Меркурий 201',
      zones: 2,
      digits: 6,
      installedOn: '2025-01-15',
      sealNumber: 'П-1',
      verifiedOn: '2024-11-01',
      verificationIntervalYears: 16,
      nextVerificationOn: '2040-11-01',
      status: 'active',
      decommissionedOn: null,
      decommissionReason: null,
      replacesMeterId: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      initialReadings: [
        {
          id: expect.any(String),
          zone: 'T1',
          value: '12.300',
          rollover: false,
          suspect: false,
          suspectReason: null,
          volume: null,
        },
        {
          id: expect.any(String),
          zone: 'T2',
          value: '4.000',
          rollover: false,
          suspect: false,
          suspectReason: null,
          volume: null,
        },
      ],
    });
    const rows = await sut.db.query(
      `SELECT kind, channel, taken_on, period FROM meter_readings WHERE meter_id = $1`,
      [res.body.id],
    );
    expect(rows).toEqual([
      { kind: 'initial', channel: 'specialist', taken_on: '2025-01-15', period: '2025-01-01' },
      { kind: 'initial', channel: 'specialist', taken_on: '2025-01-15', period: '2025-01-01' },
    ]);
    const meter = { ...res.body };
    delete meter.initialReadings;
    const got = await sut
      .http()
      .get(`/api/v1/meters/${res.body.id}`)
      .set(await sut.as(Role.Auditor))
      .expect(200);
    expect(got.body).toEqual(meter);
  });

  it('registers a common heat meter for a building', async () => {
    const res = await register({
      kind: 'common',
      buildingId: building,
      serviceCode: 'heating',
      serialNumber: 'H-1',
      zones: 1,
      digits: 8,
      installedOn: '2025-01-15',
      initialReadings: { T1: '0' },
      verifiedOn: '2025-01-10',
      verificationIntervalYears: 4,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'common',
      buildingId: building,
      premisesId: null,
      nextVerificationOn: '2029-01-10',
    });
  });

  it.each<[string, () => object, number, string, string[]]>([
    [
      'heating in a flat',
      () => individual({ serviceCode: 'heating' }),
      400,
      'METER_SERVICE_NOT_METERED',
      ['serviceCode'],
    ],
    [
      'an individual meter without premises',
      () => individual({ premisesId: undefined }),
      400,
      'METER_PREMISES_REQUIRED',
      ['premisesId'],
    ],
    ['unknown premises', () => individual({ premisesId: '999999' }), 404, 'PREMISES_NOT_FOUND', []],
    [
      'premises of another building',
      () => individual({ buildingId: '999999' }),
      422,
      'METER_BUILDING_MISMATCH',
      ['buildingId'],
    ],
    [
      'a common meter in an unknown building',
      () => individual({ kind: 'common', premisesId: undefined, buildingId: '999999' }),
      404,
      'BUILDING_NOT_FOUND',
      [],
    ],
    [
      'installed in the future',
      () => individual({ installedOn: addDays(today(), 1) }),
      400,
      'METER_DATE_IN_FUTURE',
      ['installedOn'],
    ],
    [
      'a missing initial reading',
      () => individual({ initialReadings: { T1: '1' } }),
      400,
      'READING_ZONE_MISSING',
      ['initialReadings.T2'],
    ],
    [
      'a too precise initial reading',
      () => individual({ initialReadings: { T1: '1.0001', T2: '1' } }),
      400,
      'READING_VALUE_TOO_PRECISE',
      ['initialReadings.T1'],
    ],
    [
      'malformed fields',
      () =>
        individual({
          zones: 4,
          digits: 0,
          installedOn: '2025-02-30',
          verificationIntervalYears: 1.5,
          extra: 1,
        }),
      400,
      'VALIDATION_FAILED',
      ['digits', 'extra', 'installedOn', 'verificationIntervalYears', 'zones'],
    ],
  ])('refuses %s', async (_name, body, status, code, fields) => {
    const res = await register(body());
    expect({ status: res.status, code: res.body.code, fields: fieldsOf(res.body) }).toEqual({
      status,
      code,
      fields,
    });
    expect(await sut.db.query(`SELECT count(*)::int AS n FROM meters`)).toEqual([{ n: 0 }]);
  });

  it('refuses a second active meter with the same serial for the service (409), not for another service', async () => {
    await register(individual()).then((r) => expect(r.status).toBe(201));
    const dup = await register(individual());
    expect({ status: dup.status, code: dup.body.code }).toEqual({ status: 409, code: 'METER_SERIAL_TAKEN' });
    const gas = await register(individual({ serviceCode: 'gas', zones: 1, initialReadings: { T1: '0' } }));
    expect(gas.status).toBe(201);
    expect(await sut.db.query(`SELECT count(*)::int AS n FROM meter_readings`)).toEqual([{ n: 3 }]);
  });

  it('keeps meter writes from auditors and the settlement centre (403), and answers unknown ids with 404', async () => {
    for (const role of [Role.Auditor, Role.SettlementCentre]) {
      expect((await register(individual(), role)).body.code).toBe('FORBIDDEN_ROLE');
    }
    const res = await sut
      .http()
      .get('/api/v1/meters/999999')
      .set(await sut.as(Role.SettlementCentre));
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 404, code: 'METER_NOT_FOUND' });
  });

  it('lists meters by filters, in keyset pages', async () => {
    const other = await aPremises(sut.db, { building_id: building });
    const a = await aMeter(sut.db, {
      building_id: building,
      premises_id: premises,
      service_code: 'cold_water',
    });
    const b = await aMeter(sut.db, {
      building_id: building,
      premises_id: premises,
      service_code: 'hot_water',
    });
    const c = await aMeter(sut.db, { building_id: building, premises_id: other, service_code: 'cold_water' });
    const d = await aMeter(sut.db, {
      building_id: building,
      service_code: 'heating',
      status: 'decommissioned',
      decommissioned_on: '2025-02-01',
    });
    const list = async (q: string) =>
      (
        await sut
          .http()
          .get(`/api/v1/meters?${q}`)
          .set(await sut.as(Role.Auditor))
          .expect(200)
      ).body;
    expect((await list(`premisesId=${premises}`)).items.map((m: { id: string }) => m.id)).toEqual([a, b]);
    expect((await list('serviceCode=cold_water')).items.map((m: { id: string }) => m.id)).toEqual([a, c]);
    expect((await list('status=decommissioned')).items.map((m: { id: string }) => m.id)).toEqual([d]);
    const page1 = await list(`buildingId=${building}&limit=3`);
    expect(page1.nextAfter).toBe(c);
    expect(
      (await list(`buildingId=${building}&limit=3&after=${page1.nextAfter}`)).items.map(
        (m: { id: string }) => m.id,
      ),
    ).toEqual([d]);
    await sut
      .http()
      .get('/api/v1/meters?status=broken')
      .set(await sut.as(Role.Auditor))
      .expect(400);
  });

  it('lists meters due for verification within N days, overdue ones first', async () => {
    const asOf = today();
    const due = async (days: number, o: object = {}) =>
      aMeter(sut.db, {
        building_id: building,
        premises_id: premises,
        service_code: 'cold_water',
        next_verification_on: addDays(asOf, days),
        ...o,
      });
    const overdue = await due(-10);
    const soon = await due(20);
    await due(100);
    await due(-5, { status: 'decommissioned', decommissioned_on: '2025-01-20' });
    const today0 = await due(0);
    const res = await sut
      .http()
      .get('/api/v1/meters/verification-due?withinDays=30')
      .set(await sut.as(Role.Specialist))
      .expect(200);
    expect(res.body.asOf).toBe(asOf);
    expect(res.body.until).toBe(addDays(asOf, 30));
    expect(res.body.items.map((m: { id: string; daysUntilDue: number }) => [m.id, m.daysUntilDue])).toEqual([
      [overdue, -10],
      [today0, 0],
      [soon, 20],
    ]);
    await sut
      .http()
      .get('/api/v1/meters/verification-due?withinDays=-1')
      .set(await sut.as(Role.Specialist))
      .expect(400);
  });
});
