import { Role } from '../../src/common/auth/roles';
import { aBuilding, anOrganisation } from '../factories/estate';
import { createTestApp, TestApp } from '../utils/create-test-app';

const fieldsOf = (body: { fields?: { field: string }[] }) => (body.fields ?? []).map((f) => f.field).sort();
const idsOf = (body: { items: { id: string }[] }) => body.items.map((i) => i.id);
const FIAS = '0c5b2444-70a0-4932-980c-b4dc0d3f02b5';
const MISSING = '999999999';

describe('registry: buildings and building services (e2e)', () => {
  let sut: TestApp;
  let orgId: string;
  beforeAll(async () => {
    sut = await createTestApp();
  });
  beforeEach(async () => {
    await sut.reset();
    orgId = await anOrganisation(sut.db);
  });
  afterAll(async () => {
    await sut.close();
  });

  const post = (path: string, body: object, headers = sut.admin) =>
    sut.http().post(`/api/v1${path}`).set(headers).send(body);

  it('creates a building and reads it back', async () => {
    const created = await post('/buildings', {
      organisationId: orgId,
      address: 'г. Тверь, ул. Советская, д. 1',
      fiasGuid: FIAS,
    }).expect(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^\d+$/),
      organisationId: orgId,
      address: 'г. Тверь, ул. Советская, д. 1',
      fiasGuid: FIAS,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const read = await sut
      .http()
      .get(`/api/v1/buildings/${created.body.id}`)
      .set(await sut.as(Role.SettlementCentre));
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  it('refuses an unknown organisation (404), a bad FIAS GUID (400) and a duplicate one (409)', async () => {
    const missing = await post('/buildings', { organisationId: MISSING, address: 'x' }).expect(404);
    expect(missing.body.code).toBe('ORGANISATION_NOT_FOUND');
    const bad = await post('/buildings', { organisationId: 7, address: '', fiasGuid: 'not-a-guid' }).expect(
      400,
    );
    expect(fieldsOf(bad.body)).toEqual(['address', 'fiasGuid', 'organisationId']);
    await post('/buildings', { organisationId: orgId, address: 'a', fiasGuid: FIAS }).expect(201);
    const dup = await post('/buildings', { organisationId: orgId, address: 'b', fiasGuid: FIAS }).expect(409);
    expect(dup.body.code).toBe('BUILDING_FIAS_TAKEN');
  });

  it('answers 404 BUILDING_NOT_FOUND for an unknown building', async () => {
    const res = await sut.http().get(`/api/v1/buildings/${MISSING}`).set(sut.admin).expect(404);
    expect(res.body).toMatchObject({ code: 'BUILDING_NOT_FOUND', details: { id: MISSING } });
    await sut.http().get(`/api/v1/buildings/${MISSING}/services`).set(sut.admin).expect(404);
  });

  it('moves a building to another organisation with a reason', async () => {
    const b = await aBuilding(sut.db, { organisation_id: orgId });
    const other = await anOrganisation(sut.db);
    const res = await sut
      .http()
      .patch(`/api/v1/buildings/${b}`)
      .set(await sut.as(Role.Supervisor))
      .send({ organisationId: other, reason: 'новый договор управления' })
      .expect(200);
    expect(res.body.organisationId).toBe(other);
    const refused = await sut
      .http()
      .patch(`/api/v1/buildings/${b}`)
      .set(sut.admin)
      .send({ organisationId: MISSING });
    expect(refused.status).toBe(404);
    expect(refused.body.code).toBe('ORGANISATION_NOT_FOUND');
  });

  it('keeps writes to staff (403 for auditor and settlement centre)', async () => {
    for (const role of [Role.Auditor, Role.SettlementCentre]) {
      const res = await post(
        '/buildings',
        { organisationId: orgId, address: 'x' },
        await sut.as(role),
      ).expect(403);
      expect(res.body.code).toBe('FORBIDDEN_ROLE');
    }
    await post('/buildings', { organisationId: orgId, address: 'x' }, await sut.as(Role.Specialist)).expect(
      201,
    );
  });

  it('pages through buildings of one organisation: two pages hold every row once', async () => {
    const other = await anOrganisation(sut.db);
    const mine: string[] = [];
    for (let i = 0; i < 5; i++) {
      mine.push(await aBuilding(sut.db, { organisation_id: orgId }));
      await aBuilding(sut.db, { organisation_id: other });
    }
    const first = await sut
      .http()
      .get(`/api/v1/buildings?organisationId=${orgId}&limit=3`)
      .set(sut.admin)
      .expect(200);
    const second = await sut
      .http()
      .get(`/api/v1/buildings?organisationId=${orgId}&limit=3&after=${first.body.nextAfter}`)
      .set(sut.admin)
      .expect(200);
    expect(idsOf(first.body)).toEqual(mine.slice(0, 3));
    expect(idsOf(second.body)).toEqual(mine.slice(3));
    expect(second.body.nextAfter).toBeNull();
    const bad = await sut.http().get('/api/v1/buildings?limit=0').set(sut.admin).expect(400);
    expect(fieldsOf(bad.body)).toEqual(['limit']);
  });

  describe('building services', () => {
    let b: string;
    beforeEach(async () => {
      b = await aBuilding(sut.db, { organisation_id: orgId });
    });
    const addService = (body: object, building = b) => post(`/buildings/${building}/services`, body);
    const year2024 = () => ({
      serviceCode: 'cold_water',
      supplierOrganisationId: orgId,
      validFrom: '2024-01-01',
      validTo: '2024-12-31',
    });

    it('adds a service and refuses an overlapping one with 409 BUILDING_SERVICE_OVERLAP', async () => {
      const first = await addService(year2024()).expect(201);
      expect(first.body).toEqual({
        id: expect.stringMatching(/^\d+$/),
        buildingId: b,
        serviceCode: 'cold_water',
        supplierOrganisationId: orgId,
        validFrom: '2024-01-01',
        validTo: '2024-12-31',
        createdAt: expect.any(String),
      });
      const overlap = await addService({ ...year2024(), validFrom: '2024-12-31', validTo: null }).expect(409);
      expect(overlap.body.code).toBe('BUILDING_SERVICE_OVERLAP');
      await addService({ ...year2024(), validFrom: '2025-01-01', validTo: undefined }).expect(201);
      await addService({ ...year2024(), serviceCode: 'hot_water' }).expect(201);
    });

    it('refuses unknown references with 404 and a reversed range with 400', async () => {
      expect((await addService({ ...year2024(), serviceCode: 'teleport' }).expect(404)).body.code).toBe(
        'SERVICE_NOT_FOUND',
      );
      const supplier = await addService({ ...year2024(), supplierOrganisationId: MISSING }).expect(404);
      expect(supplier.body.code).toBe('ORGANISATION_NOT_FOUND');
      expect((await addService(year2024(), MISSING).expect(404)).body.code).toBe('BUILDING_NOT_FOUND');
      const reversed = await addService({ ...year2024(), validTo: '2023-12-31' }).expect(400);
      expect(fieldsOf(reversed.body)).toEqual(['validTo']);
      const badDate = await addService({ ...year2024(), validFrom: '2024-02-30' }).expect(400);
      expect(fieldsOf(badDate.body)).toEqual(['validFrom']);
    });

    it('lists the services in force on a day', async () => {
      const s2024 = (await addService(year2024()).expect(201)).body.id;
      const s2025 = (await addService({ ...year2024(), validFrom: '2025-01-01', validTo: null }).expect(201))
        .body.id;
      const heating = (await addService({ ...year2024(), serviceCode: 'heating', validTo: null }).expect(201))
        .body.id;
      const get = async (query: string) =>
        idsOf(
          (await sut.http().get(`/api/v1/buildings/${b}/services${query}`).set(sut.admin).expect(200)).body,
        );
      expect(await get('')).toEqual([s2024, s2025, heating]);
      expect(await get('?on=2024-12-31')).toEqual([s2024, heating]);
      expect(await get('?on=2030-01-01')).toEqual([s2025, heating]);
      expect(await get('?on=2025-01-01&serviceCode=cold_water')).toEqual([s2025]);
      expect(await get('?on=2023-12-31')).toEqual([]);
    });

    it('ends a service with PATCH validTo, refusing a reversed range and an overlap', async () => {
      const open = (await addService({ ...year2024(), validTo: null }).expect(201)).body.id;
      const url = `/api/v1/buildings/${b}/services/${open}`;
      const ended = await sut
        .http()
        .patch(url)
        .set(sut.admin)
        .send({ validTo: '2024-06-30', reason: 'договор расторгнут' });
      expect(ended.status).toBe(200);
      expect(ended.body).toMatchObject({ id: open, validFrom: '2024-01-01', validTo: '2024-06-30' });
      await addService({ ...year2024(), validFrom: '2024-07-01', validTo: null }).expect(201);
      const overlap = await sut.http().patch(url).set(sut.admin).send({ validTo: '2024-07-01' }).expect(409);
      expect(overlap.body.code).toBe('BUILDING_SERVICE_OVERLAP');
      const reversed = await sut.http().patch(url).set(sut.admin).send({ validTo: '2023-12-31' }).expect(400);
      expect(reversed.body).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'validTo' }] });
      const other = await aBuilding(sut.db, { organisation_id: orgId });
      const foreign = await sut
        .http()
        .patch(`/api/v1/buildings/${other}/services/${open}`)
        .set(sut.admin)
        .send({ validTo: '2024-05-31' })
        .expect(404);
      expect(foreign.body.code).toBe('BUILDING_SERVICE_NOT_FOUND');
      const [row] = await sut.db.query(`SELECT valid_to FROM building_services WHERE id = $1`, [open]);
      expect(row.valid_to).toBe('2024-06-30');
    });
  });
});
