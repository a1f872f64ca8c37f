import { Role } from '../../src/common/auth/roles';
import { aBuilding, anOrganisation } from '../factories/estate';
import { createTestApp, TestApp } from '../utils/create-test-app';

const fieldsOf = (body: { fields?: { field: string }[] }) => (body.fields ?? []).map((f) => f.field).sort();
const idsOf = (body: { items: { id: string }[] }) => body.items.map((i) => i.id);
const MISSING = '999999999';

describe('registry: service catalogue, tariffs and norms (e2e)', () => {
  let sut: TestApp;
  let org: string;
  let building: string;
  beforeAll(async () => {
    sut = await createTestApp();
  });
  beforeEach(async () => {
    await sut.reset();
    org = await anOrganisation(sut.db);
    building = await aBuilding(sut.db, { organisation_id: org });
  });
  afterAll(async () => {
    await sut.close();
  });

  const send = (method: 'post' | 'patch', path: string, body: object, headers = sut.admin) =>
    sut.http()[method](`/api/v1${path}`).set(headers).send(body);
  const get = async (path: string, headers = sut.admin) =>
    (await sut.http().get(`/api/v1${path}`).set(headers).expect(200)).body;

  it('lists the service catalogue in display order, also to the settlement centre', async () => {
    const services = await get('/services', await sut.as(Role.SettlementCentre));
    expect(services.map((s: { code: string }) => s.code)).toEqual([
      'cold_water',
      'cold_water_odn',
      'hot_water',
      'hot_water_odn',
      'sewerage',
      'electricity',
      'electricity_odn',
      'gas',
      'heating',
      'maintenance',
      'solid_waste',
    ]);
    expect(services[0]).toEqual({
      code: 'cold_water',
      name: 'Холодное водоснабжение',
      unit: 'm3',
      volumeScale: 3,
      calculation: 'metered',
    });
  });

  describe('tariffs', () => {
    const tariff = (o: object = {}) => ({
      serviceCode: 'cold_water',
      price: '45.12',
      validFrom: '2024-01-01',
      organisationId: org,
      ...o,
    });

    it('creates an organisation tariff with the price at 6 decimals', async () => {
      const res = await send(
        'post',
        '/tariffs',
        tariff({ validTo: '2024-06-30' }),
        await sut.as(Role.Specialist),
      );
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^\d+$/),
        serviceCode: 'cold_water',
        zone: null,
        price: '45.120000',
        validFrom: '2024-01-01',
        validTo: '2024-06-30',
        organisationId: org,
        buildingId: null,
        createdAt: expect.any(String),
      });
      expect(await get(`/tariffs/${res.body.id}`, await sut.as(Role.SettlementCentre))).toEqual(res.body);
    });

    // Patches are functions: the ids they use exist only once beforeEach has run.
    it.each<[string, () => object, string[]]>([
      ['no scope', () => ({ organisationId: undefined }), ['buildingId', 'organisationId']],
      ['two scopes', () => ({ buildingId: building }), ['buildingId', 'organisationId']],
      ['negative price', () => ({ price: '-0.01' }), ['price']],
      ['price with 7 decimals', () => ({ price: '45.1234567' }), ['price']],
      ['price as a JSON number', () => ({ price: 45.12 }), ['price']],
      ['unknown zone', () => ({ zone: 'T4' }), ['zone']],
      ['validTo before validFrom', () => ({ validTo: '2023-12-31' }), ['validTo']],
      ['validFrom not a date', () => ({ validFrom: '01.01.2024' }), ['validFrom']],
    ])('refuses %s with 400 naming the fields', async (_name, patch, fields) => {
      const res = await send('post', '/tariffs', tariff(patch()));
      expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(fieldsOf(res.body)).toEqual(fields);
    });

    it('accepts a zero price', async () => {
      expect((await send('post', '/tariffs', tariff({ price: '0' }))).body.price).toBe('0.000000');
    });

    it('refuses an overlap in the same service, zone and scope (409 TARIFF_OVERLAP), not across them', async () => {
      await send('post', '/tariffs', tariff({ zone: 'T1', validTo: '2024-12-31' })).expect(201);
      const overlap = await send('post', '/tariffs', tariff({ zone: 'T1', validFrom: '2024-12-31' })).expect(
        409,
      );
      expect(overlap.body.code).toBe('TARIFF_OVERLAP');
      await send('post', '/tariffs', tariff({ zone: 'T1', validFrom: '2025-01-01' })).expect(201);
      await send('post', '/tariffs', tariff({ zone: 'T2' })).expect(201);
      await send(
        'post',
        '/tariffs',
        tariff({ zone: 'T1', organisationId: undefined, buildingId: building }),
      ).expect(201);
      await send('post', '/tariffs', tariff({ zone: 'T1', serviceCode: 'electricity' })).expect(201);
    });

    it('refuses unknown references with 404 and clear codes', async () => {
      const cases: [object, string][] = [
        [{ serviceCode: 'teleport' }, 'SERVICE_NOT_FOUND'],
        [{ organisationId: MISSING }, 'ORGANISATION_NOT_FOUND'],
        [{ organisationId: undefined, buildingId: MISSING }, 'BUILDING_NOT_FOUND'],
      ];
      for (const [patch, code] of cases) {
        const res = await send('post', '/tariffs', tariff(patch));
        expect([res.status, res.body.code]).toEqual([404, code]);
      }
      const unknown = await sut.http().get(`/api/v1/tariffs/${MISSING}`).set(sut.admin);
      expect([unknown.status, unknown.body.code]).toEqual([404, 'TARIFF_NOT_FOUND']);
      const patch = await send('patch', `/tariffs/${MISSING}`, { validTo: '2024-01-01' });
      expect([patch.status, patch.body.code]).toEqual([404, 'TARIFF_NOT_FOUND']);
    });

    it('closes a tariff when the price changes; refuses a reversed range and re-opening over the new one', async () => {
      const old = (await send('post', '/tariffs', tariff()).expect(201)).body.id;
      const overlap = await send(
        'post',
        '/tariffs',
        tariff({ validFrom: '2025-01-01', price: '48.00' }),
      ).expect(409);
      expect(overlap.body.code).toBe('TARIFF_OVERLAP');
      const closed = await send(
        'patch',
        `/tariffs/${old}`,
        { validTo: '2024-12-31', reason: 'приказ РЭК' },
        await sut.as(Role.Supervisor),
      );
      expect([closed.status, closed.body.validTo, closed.body.price]).toEqual([
        200,
        '2024-12-31',
        '45.120000',
      ]);
      await send('post', '/tariffs', tariff({ validFrom: '2025-01-01', price: '48.00' })).expect(201);
      const reopen = await send('patch', `/tariffs/${old}`, { validTo: null });
      expect([reopen.status, reopen.body.code]).toEqual([409, 'TARIFF_OVERLAP']);
      const reversed = await send('patch', `/tariffs/${old}`, { validTo: '2023-12-31' });
      expect([reversed.status, reversed.body.code, fieldsOf(reversed.body)]).toEqual([
        400,
        'VALIDATION_FAILED',
        ['validTo'],
      ]);
      const auditor = await send(
        'patch',
        `/tariffs/${old}`,
        { validTo: '2024-11-30' },
        await sut.as(Role.Auditor),
      );
      expect([auditor.status, auditor.body.code]).toEqual([403, 'FORBIDDEN_ROLE']);
    });

    it('filters by service, scope and day in force, and pages through every tariff once', async () => {
      const ids: Record<string, string> = {};
      const add = async (key: string, o: object) => {
        ids[key] = (await send('post', '/tariffs', tariff(o)).expect(201)).body.id;
      };
      await add('cw2024', { validTo: '2024-12-31' });
      await add('cw2025', { validFrom: '2025-01-01' });
      await add('hw', { serviceCode: 'hot_water', validFrom: '2024-07-01' });
      await add('bld', { organisationId: undefined, buildingId: building });
      await add('el', { serviceCode: 'electricity', zone: 'T1' });
      expect(idsOf(await get('/tariffs?serviceCode=cold_water'))).toEqual([ids.cw2024, ids.cw2025, ids.bld]);
      expect(idsOf(await get(`/tariffs?organisationId=${org}&on=2024-06-30`))).toEqual([ids.cw2024, ids.el]);
      expect(idsOf(await get(`/tariffs?buildingId=${building}`))).toEqual([ids.bld]);
      expect(idsOf(await get('/tariffs?on=2025-01-01&serviceCode=cold_water'))).toEqual([
        ids.cw2025,
        ids.bld,
      ]);
      const first = await get('/tariffs?limit=2');
      const second = await get(`/tariffs?limit=2&after=${first.nextAfter}`);
      const third = await get(`/tariffs?limit=2&after=${second.nextAfter}`);
      expect([...idsOf(first), ...idsOf(second), ...idsOf(third)]).toEqual(Object.values(ids));
      expect(third.nextAfter).toBeNull();
      const bad = await sut.http().get('/api/v1/tariffs?on=2024-02-30').set(sut.admin).expect(400);
      expect(fieldsOf(bad.body)).toEqual(['on']);
    });
  });

  describe('norms', () => {
    const norm = (o: object = {}) => ({
      serviceCode: 'cold_water',
      value: '4.85',
      basis: 'per_person',
      validFrom: '2024-01-01',
      ...o,
    });

    it('creates a regional norm (no scope) with the value at 6 decimals', async () => {
      const res = await send('post', '/norms', norm(), await sut.as(Role.Specialist));
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^\d+$/),
        serviceCode: 'cold_water',
        value: '4.850000',
        basis: 'per_person',
        validFrom: '2024-01-01',
        validTo: null,
        organisationId: null,
        buildingId: null,
        createdAt: expect.any(String),
      });
      expect(await get(`/norms/${res.body.id}`, await sut.as(Role.Auditor))).toEqual(res.body);
    });

    it.each<[string, () => object, string[]]>([
      ['two scopes', () => ({ organisationId: org, buildingId: building }), ['buildingId', 'organisationId']],
      ['unknown basis', () => ({ basis: 'per_flat' }), ['basis']],
      ['value with 7 decimals', () => ({ value: '0.0000001' }), ['value']],
      ['validTo before validFrom', () => ({ validTo: '2023-01-01' }), ['validTo']],
    ])('refuses %s with 400 naming the fields', async (_name, patch, fields) => {
      const res = await send('post', '/norms', norm(patch()));
      expect([res.status, res.body.code, fieldsOf(res.body)]).toEqual([400, 'VALIDATION_FAILED', fields]);
    });

    it('refuses an overlap in the same service and scope (409 NORM_OVERLAP), not across scopes', async () => {
      await send('post', '/norms', norm()).expect(201);
      const overlap = await send('post', '/norms', norm({ validFrom: '2030-01-01', basis: 'per_m2' })).expect(
        409,
      );
      expect(overlap.body.code).toBe('NORM_OVERLAP');
      await send('post', '/norms', norm({ organisationId: org })).expect(201);
      await send('post', '/norms', norm({ buildingId: building })).expect(201);
      const again = await send(
        'post',
        '/norms',
        norm({ buildingId: building, validFrom: '2025-01-01' }),
      ).expect(409);
      expect(again.body.code).toBe('NORM_OVERLAP');
      const missing = await send('post', '/norms', norm({ buildingId: MISSING }));
      expect([missing.status, missing.body.code]).toEqual([404, 'BUILDING_NOT_FOUND']);
    });

    it('closes a norm, lists what is in force on a day, and answers 404 NORM_NOT_FOUND', async () => {
      const old = (await send('post', '/norms', norm()).expect(201)).body.id;
      const closed = await send('patch', `/norms/${old}`, {
        validTo: '2024-06-30',
        reason: 'новый норматив',
      }).expect(200);
      expect(closed.body).toMatchObject({ id: old, validFrom: '2024-01-01', validTo: '2024-06-30' });
      const next = (await send('post', '/norms', norm({ validFrom: '2024-07-01', value: '5.1' })).expect(201))
        .body.id;
      const local = (await send('post', '/norms', norm({ organisationId: org })).expect(201)).body.id;
      expect(idsOf(await get('/norms?on=2024-06-30'))).toEqual([old, local]);
      expect(idsOf(await get('/norms?on=2024-07-01&serviceCode=cold_water'))).toEqual([next, local]);
      expect(idsOf(await get(`/norms?organisationId=${org}`))).toEqual([local]);
      const reversed = await send('patch', `/norms/${next}`, { validTo: '2024-06-30' });
      expect([reversed.status, fieldsOf(reversed.body)]).toEqual([400, ['validTo']]);
      const unknown = await sut.http().get(`/api/v1/norms/${MISSING}`).set(sut.admin);
      expect([unknown.status, unknown.body.code]).toEqual([404, 'NORM_NOT_FOUND']);
      const auditor = await send(
        'post',
        '/norms',
        norm({ validFrom: '2030-01-01' }),
        await sut.as(Role.Auditor),
      );
      expect(auditor.status).toBe(403);
    });
  });
});
