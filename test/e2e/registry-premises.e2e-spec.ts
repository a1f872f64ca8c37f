import { Role } from '../../src/common/auth/roles';
import { aBuilding, anOrganisation, aPremises } from '../factories/estate';
import { createTestApp, TestApp } from '../utils/create-test-app';

const fieldsOf = (body: { fields?: { field: string }[] }) => (body.fields ?? []).map((f) => f.field).sort();
const idsOf = (body: { items: { id: string }[] }) => body.items.map((i) => i.id);
const MISSING = '999999999';

describe('registry: premises (e2e)', () => {
  let sut: TestApp;
  let b: string;
  beforeAll(async () => {
    sut = await createTestApp();
  });
  beforeEach(async () => {
    await sut.reset();
    b = await aBuilding(sut.db, { organisation_id: await anOrganisation(sut.db) });
  });
  afterAll(async () => {
    await sut.close();
  });

  const create = async (body: object, role = Role.Specialist) =>
    sut
      .http()
      .post('/api/v1/premises')
      .set(await sut.as(role))
      .send(body);

  it('registers premises with the area as a 2-decimal string', async () => {
    const res = await create({ buildingId: b, number: '12А', area: '54.3', kind: 'residential' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^\d+$/),
      buildingId: b,
      number: '12А',
      area: '54.30',
      kind: 'residential',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const read = await sut
      .http()
      .get(`/api/v1/premises/${res.body.id}`)
      .set(await sut.as(Role.SettlementCentre));
    expect(read.body).toEqual(res.body);
  });

  it.each([
    ['zero area', { area: '0' }, ['area']],
    ['negative area', { area: '-5.00' }, ['area']],
    ['3 decimals', { area: '54.305' }, ['area']],
    ['area as a JSON number', { area: 54.3 }, ['area']],
    ['area beyond numeric(10,2)', { area: '123456789' }, ['area']],
    ['unknown kind', { kind: 'garage' }, ['kind']],
    ['empty number', { number: '' }, ['number']],
    ['building id as a word', { buildingId: 'first' }, ['buildingId']],
  ])('refuses %s with 400 naming the field', async (_name, patch, fields) => {
    const res = await create({ buildingId: b, number: '1', area: '54.30', kind: 'residential', ...patch });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(fieldsOf(res.body)).toEqual(fields);
  });

  it('refuses a duplicate number in the building (409) and an unknown building (404)', async () => {
    await create({ buildingId: b, number: '7', area: '30', kind: 'residential' });
    const dup = await create({ buildingId: b, number: '7', area: '31', kind: 'non_residential' });
    expect([dup.status, dup.body.code]).toEqual([409, 'PREMISES_NUMBER_TAKEN']);
    const other = await aBuilding(sut.db, { organisation_id: await anOrganisation(sut.db) });
    expect((await create({ buildingId: other, number: '7', area: '30', kind: 'residential' })).status).toBe(
      201,
    );
    const missing = await create({ buildingId: MISSING, number: '8', area: '30', kind: 'residential' });
    expect([missing.status, missing.body.code]).toEqual([404, 'BUILDING_NOT_FOUND']);
    const unknown = await sut.http().get(`/api/v1/premises/${MISSING}`).set(sut.admin);
    expect([unknown.status, unknown.body.code]).toEqual([404, 'PREMISES_NOT_FOUND']);
  });

  it('updates the area after an inventory; auditors may read but not write', async () => {
    const p = await aPremises(sut.db, { building_id: b, area: '54.30' });
    const refused = await sut
      .http()
      .patch(`/api/v1/premises/${p}`)
      .set(await sut.as(Role.Auditor))
      .send({ area: '55' });
    expect([refused.status, refused.body.code]).toEqual([403, 'FORBIDDEN_ROLE']);
    const ok = await sut
      .http()
      .patch(`/api/v1/premises/${p}`)
      .set(await sut.as(Role.Supervisor))
      .send({ area: '55.1', reason: 'техническая инвентаризация' })
      .expect(200);
    expect(ok.body).toMatchObject({ id: p, area: '55.10', kind: 'residential' });
    await sut
      .http()
      .get(`/api/v1/premises/${p}`)
      .set(await sut.as(Role.Auditor))
      .expect(200);
  });

  it('filters by building and number and pages without gaps or repeats', async () => {
    const other = await aBuilding(sut.db, { organisation_id: await anOrganisation(sut.db) });
    const mine: string[] = [];
    for (let i = 1; i <= 4; i++) {
      mine.push(await aPremises(sut.db, { building_id: b, number: String(i) }));
      await aPremises(sut.db, { building_id: other, number: String(i) });
    }
    const first = await sut.http().get(`/api/v1/premises?buildingId=${b}&limit=2`).set(sut.admin).expect(200);
    const second = await sut
      .http()
      .get(`/api/v1/premises?buildingId=${b}&limit=2&after=${first.body.nextAfter}`)
      .set(sut.admin)
      .expect(200);
    expect([...idsOf(first.body), ...idsOf(second.body)]).toEqual(mine);
    expect(first.body.nextAfter).toBe(mine[1]);
    expect(second.body.nextAfter).toBeNull();
    const byNumber = await sut
      .http()
      .get(`/api/v1/premises?buildingId=${b}&number=3`)
      .set(sut.admin)
      .expect(200);
    expect(idsOf(byNumber.body)).toEqual([mine[2]]);
  });
});
