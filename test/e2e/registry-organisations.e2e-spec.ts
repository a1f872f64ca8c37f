import { Role } from '../../src/common/auth/roles';
import { createTestApp, TestApp } from '../utils/create-test-app';

/** Sberbank's public requisites (Moscow) and a settlement account keyed to its BIC. */
const SBER = {
  name: 'ООО «УК Северная»',
  inn: '7707083893',
  kpp: '773601001',
  bankName: 'ПАО Сбербанк',
  bic: '044525225',
  correspondentAccount: '30101810400000000225',
  settlementAccount: '40702810938000000001',
};
/** Sberbank's St Petersburg branch: another BIC, so the Moscow accounts do not match it. */
const SPB = { bic: '044030653', correspondentAccount: '30101810500000000653' };

const fieldsOf = (body: { fields?: { field: string }[] }) => (body.fields ?? []).map((f) => f.field).sort();

describe('registry: organisations (e2e)', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await createTestApp();
  });
  beforeEach(async () => {
    await sut.reset();
  });
  afterAll(async () => {
    await sut.close();
  });

  it('creates an organisation with valid requisites and reads it back', async () => {
    const created = await sut.http().post('/api/v1/organisations').set(sut.admin).send(SBER).expect(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[1-9]\d*$/),
      ...SBER,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const read = await sut
      .http()
      .get(`/api/v1/organisations/${created.body.id}`)
      .set(await sut.as(Role.Auditor))
      .expect(200);
    expect(read.body).toEqual(created.body);
  });

  it('accepts an entrepreneur with a 12-digit INN and no KPP', async () => {
    const res = await sut
      .http()
      .post('/api/v1/organisations')
      .set(sut.admin)
      .send({ ...SBER, inn: '500100732259', kpp: undefined })
      .expect(201);
    expect(res.body).toMatchObject({ inn: '500100732259', kpp: null });
  });

  it.each([
    ['INN check digit', { inn: '7707083894' }, ['inn']],
    ['12-digit INN check digit', { inn: '500100732258' }, ['inn']],
    ['INN length', { inn: '77070838' }, ['inn']],
    ['KPP format', { kpp: '77360100' }, ['kpp']],
    ['BIC length', { bic: '04452522' }, ['bic']],
    ['settlement account length', { settlementAccount: '4070281093800000000' }, ['settlementAccount']],
    ['settlement account key', { settlementAccount: '40702810038000000001' }, ['settlementAccount']],
    ['correspondent account key', { correspondentAccount: '30101810400000000226' }, ['correspondentAccount']],
    ['accounts of another BIC', { bic: SPB.bic }, ['correspondentAccount', 'settlementAccount']],
    ['missing name', { name: undefined }, ['name']],
    ['unknown field', { ogrn: '1027700132195' }, ['ogrn']],
  ])('refuses a bad %s with 400 VALIDATION_FAILED naming the field', async (_name, patch, fields) => {
    const res = await sut
      .http()
      .post('/api/v1/organisations')
      .set(sut.admin)
      .send({ ...SBER, ...patch })
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(fieldsOf(res.body)).toEqual(fields);
  });

  it('refuses a second organisation with the same INN and KPP (409 ORGANISATION_EXISTS)', async () => {
    await sut.http().post('/api/v1/organisations').set(sut.admin).send(SBER).expect(201);
    const res = await sut.http().post('/api/v1/organisations').set(sut.admin).send(SBER).expect(409);
    expect(res.body.code).toBe('ORGANISATION_EXISTS');
    await sut
      .http()
      .post('/api/v1/organisations')
      .set(sut.admin)
      .send({ ...SBER, kpp: '773602001' })
      .expect(201);
  });

  it('changes the bank only when the stored accounts match the new BIC', async () => {
    const { id } = (await sut.http().post('/api/v1/organisations').set(sut.admin).send(SBER).expect(201))
      .body;
    const specialist = await sut.as(Role.Specialist);
    const bad = await sut
      .http()
      .patch(`/api/v1/organisations/${id}`)
      .set(specialist)
      .send({ bic: SPB.bic, reason: 'new bank' })
      .expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(fieldsOf(bad.body)).toEqual(['correspondentAccount', 'settlementAccount']);

    const settlementAccount = '40702810755000000001';
    const ok = await sut
      .http()
      .patch(`/api/v1/organisations/${id}`)
      .set(specialist)
      .send({
        bic: SPB.bic,
        correspondentAccount: SPB.correspondentAccount,
        settlementAccount,
        reason: 'new bank',
      })
      .expect(200);
    expect(ok.body).toMatchObject({
      bic: SPB.bic,
      correspondentAccount: SPB.correspondentAccount,
      settlementAccount,
    });
    const audit = await sut.db.query(
      `SELECT reason, entity, entity_id, details->>'outcome' AS outcome FROM audit_log
        WHERE action = 'PATCH /api/v1/organisations/:id' ORDER BY id`,
    );
    expect(audit).toEqual([
      { reason: 'new bank', entity: 'organisations', entity_id: id, outcome: 'VALIDATION_FAILED' },
      { reason: 'new bank', entity: 'organisations', entity_id: id, outcome: 'ok' },
    ]);
  });

  it('answers 404 ORGANISATION_NOT_FOUND for an unknown id', async () => {
    const res = await sut.http().get('/api/v1/organisations/999999').set(sut.admin).expect(404);
    expect(res.body.code).toBe('ORGANISATION_NOT_FOUND');
    await sut.http().patch('/api/v1/organisations/999999').set(sut.admin).send({ name: 'X' }).expect(404);
  });

  it('lets only staff write, and auditors read (403 FORBIDDEN_ROLE)', async () => {
    for (const role of [Role.Auditor, Role.SettlementCentre]) {
      const res = await sut
        .http()
        .post('/api/v1/organisations')
        .set(await sut.as(role))
        .send(SBER)
        .expect(403);
      expect(res.body.code).toBe('FORBIDDEN_ROLE');
    }
    await sut
      .http()
      .get('/api/v1/organisations')
      .set(await sut.as(Role.SettlementCentre))
      .expect(403);
    await sut
      .http()
      .post('/api/v1/organisations')
      .set(await sut.as(Role.Supervisor))
      .send(SBER)
      .expect(201);
  });

  it('pages through organisations with limit and after, filtered by INN', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await sut
        .http()
        .post('/api/v1/organisations')
        .set(sut.admin)
        .send({ ...SBER, kpp: `77360${i}001` })
        .expect(201);
      ids.push(res.body.id);
    }
    const first = await sut.http().get('/api/v1/organisations?limit=3').set(sut.admin).expect(200);
    expect(first.body.items.map((o: { id: string }) => o.id)).toEqual(ids.slice(0, 3));
    expect(first.body.nextAfter).toBe(ids[2]);
    const second = await sut
      .http()
      .get(`/api/v1/organisations?limit=3&after=${first.body.nextAfter}`)
      .set(sut.admin)
      .expect(200);
    expect(second.body.items.map((o: { id: string }) => o.id)).toEqual(ids.slice(3));
    expect(second.body.nextAfter).toBeNull();
    const byInn = await sut
      .http()
      .get('/api/v1/organisations?inn=7707083893&limit=500')
      .set(sut.admin)
      .expect(200);
    expect(byInn.body.items).toHaveLength(5);
    const none = await sut.http().get('/api/v1/organisations?inn=7702070139').set(sut.admin).expect(200);
    expect(none.body).toEqual({ items: [], nextAfter: null });
  });
});
