import { Role } from '../../src/common/auth/roles';
import { aBuilding, anAccount, anOrganisation, aPremises } from '../factories/estate';
import { createTestApp, TestApp } from '../utils/create-test-app';

const fieldsOf = (body: { fields?: { field: string }[] }) => (body.fields ?? []).map((f) => f.field).sort();
const idsOf = (body: { items: { id: string }[] }) => body.items.map((i) => i.id);
const MISSING = '999999999';
const HOLDER = 'Петрова Анна Сергеевна';

describe('registry: accounts (e2e)', () => {
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

  const open = async (body: object = {}) =>
    sut
      .http()
      .post('/api/v1/accounts')
      .set(await sut.as(Role.Specialist))
      .send({
        premisesId: premises,
        number: 'ЛС00012345',
        holderName: HOLDER,
        openedOn: '2024-03-01',
        ...body,
      });

  /** An API key of the settlement centre, with or without the pii:read scope. */
  const settlementKey = async (scopes: string[]) => {
    const res = await sut
      .http()
      .post('/api/v1/api-keys')
      .set(sut.admin)
      .send({ name: 'РЦ', role: 'settlement_centre', scopes })
      .expect(201);
    return { 'X-API-Key': res.body.key as string };
  };

  it('opens an account with its residents history', async () => {
    const res = await open({
      residents: [
        { from: '2024-05-01', count: 3 },
        { from: '2024-03-01', count: 2 },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^\d+$/),
      premisesId: premises,
      buildingId: building,
      number: 'ЛС00012345',
      holderName: HOLDER,
      openedOn: '2024-03-01',
      closedOn: null,
      residents: [
        { from: '2024-03-01', count: 2 },
        { from: '2024-05-01', count: 3 },
      ],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
  });

  it('shows the holder name to staff and auditors, and to the settlement centre only with pii:read', async () => {
    const id = await anAccount(sut.db, { premises_id: premises, holder_name: HOLDER });
    const holderSeenBy = async (headers: Record<string, string>) => {
      const one = await sut.http().get(`/api/v1/accounts/${id}`).set(headers).expect(200);
      const list = await sut.http().get(`/api/v1/accounts?buildingId=${building}`).set(headers).expect(200);
      expect(list.body.items).toHaveLength(1);
      expect(list.body.items[0].holderName).toBe(one.body.holderName);
      return one.body.holderName;
    };
    expect(await holderSeenBy(await sut.as(Role.Specialist))).toBe(HOLDER);
    expect(await holderSeenBy(await sut.as(Role.Auditor))).toBe(HOLDER);
    expect(await holderSeenBy(await sut.as(Role.SettlementCentre))).toBeNull();
    expect(await holderSeenBy(await settlementKey(['exports:read']))).toBeNull();
    expect(await holderSeenBy(await settlementKey(['pii:read']))).toBe(HOLDER);
  });

  it('refuses a taken number (409), unknown premises (404) and bad input (400 with fields)', async () => {
    await open().then((r) => expect(r.status).toBe(201));
    const dup = await open();
    expect([dup.status, dup.body.code]).toEqual([409, 'ACCOUNT_NUMBER_TAKEN']);
    const missing = await open({ number: 'ЛС2', premisesId: MISSING });
    expect([missing.status, missing.body.code]).toEqual([404, 'PREMISES_NOT_FOUND']);
    const bad = await open({
      number: 'ЛС 0001',
      openedOn: '2024-13-01',
      residents: [{ from: '2024-03-01', count: -1 }],
    });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body)).toEqual(['number', 'openedOn', 'residents.0.count']);
    const early = await open({ number: 'ЛС3', residents: [{ from: '2024-02-29', count: 1 }] });
    expect([early.status, fieldsOf(early.body)]).toEqual([400, ['residents.0.from']]);
    const [{ n }] = await sut.db.query(`SELECT count(*)::int AS n FROM accounts`);
    expect(n).toBe(1);
  });

  it('answers 404 ACCOUNT_NOT_FOUND for unknown accounts', async () => {
    for (const req of [
      sut.http().get(`/api/v1/accounts/${MISSING}`),
      sut.http().get(`/api/v1/accounts/${MISSING}/residents`),
      sut.http().post(`/api/v1/accounts/${MISSING}/residents`).send({ from: '2024-01-01', count: 1 }),
      sut.http().post(`/api/v1/accounts/${MISSING}/close`).send({ closedOn: '2024-01-01' }),
    ]) {
      const res = await req.set(sut.admin);
      expect([res.status, res.body.code]).toEqual([404, 'ACCOUNT_NOT_FOUND']);
    }
  });

  it('adds residents entries and keeps the history ordered, one entry per date', async () => {
    const id = await anAccount(sut.db, { premises_id: premises, opened_on: '2020-01-01' }, [
      { from: '2020-01-01', count: 2 },
    ]);
    const url = `/api/v1/accounts/${id}/residents`;
    const staff = await sut.as(Role.Specialist);
    const added = await sut
      .http()
      .post(url)
      .set(staff)
      .send({ from: '2024-09-01', count: 4, reason: 'рождение ребёнка' });
    expect(added.status).toBe(201);
    expect(added.body).toEqual([
      { from: '2020-01-01', count: 2 },
      { from: '2024-09-01', count: 4 },
    ]);
    const dup = await sut.http().post(url).set(staff).send({ from: '2024-09-01', count: 3 });
    expect([dup.status, dup.body.code]).toEqual([409, 'RESIDENTS_DATE_TAKEN']);
    const early = await sut.http().post(url).set(staff).send({ from: '2019-12-31', count: 3 });
    expect([early.status, fieldsOf(early.body)]).toEqual([400, ['from']]);
    const auditor = await sut
      .http()
      .post(url)
      .set(await sut.as(Role.Auditor))
      .send({ from: '2025-01-01', count: 1 });
    expect([auditor.status, auditor.body.code]).toEqual([403, 'FORBIDDEN_ROLE']);
    const history = await sut
      .http()
      .get(url)
      .set(await sut.as(Role.SettlementCentre))
      .expect(200);
    expect(history.body).toEqual(added.body);
    const [audit] = await sut.db.query(
      `SELECT reason, entity_id FROM audit_log WHERE action = 'POST /api/v1/accounts/:id/residents' ORDER BY id LIMIT 1`,
    );
    expect(audit).toEqual({ reason: 'рождение ребёнка', entity_id: id });
  });

  it('closes an account once, not before it was opened', async () => {
    const id = await anAccount(sut.db, { premises_id: premises, opened_on: '2020-01-01' });
    const url = `/api/v1/accounts/${id}/close`;
    const early = await sut.http().post(url).set(sut.admin).send({ closedOn: '2019-12-31' });
    expect([early.status, fieldsOf(early.body)]).toEqual([400, ['closedOn']]);
    const closed = await sut
      .http()
      .post(url)
      .set(await sut.as(Role.Supervisor))
      .send({ closedOn: '2024-10-31', reason: 'продажа' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ id, closedOn: '2024-10-31' });
    const again = await sut.http().post(url).set(sut.admin).send({ closedOn: '2024-11-30' });
    expect([again.status, again.body.code]).toEqual([409, 'ACCOUNT_ALREADY_CLOSED']);
    const late = await sut
      .http()
      .post(`/api/v1/accounts/${id}/residents`)
      .set(sut.admin)
      .send({ from: '2024-11-01', count: 1 });
    expect([late.status, fieldsOf(late.body)]).toEqual([400, ['from']]);
  });

  it('changes the holder name', async () => {
    const id = await anAccount(sut.db, { premises_id: premises });
    const res = await sut
      .http()
      .patch(`/api/v1/accounts/${id}`)
      .set(await sut.as(Role.Specialist))
      .send({ holderName: HOLDER, reason: 'смена фамилии' })
      .expect(200);
    expect(res.body.holderName).toBe(HOLDER);
    await sut
      .http()
      .patch(`/api/v1/accounts/${id}`)
      .set(await sut.as(Role.SettlementCentre))
      .send({ holderName: 'X' })
      .expect(403);
  });

  it('filters by building, number and status and pages through every account once', async () => {
    const otherBuilding = await aBuilding(sut.db, { organisation_id: await anOrganisation(sut.db) });
    const otherPremises = await aPremises(sut.db, { building_id: otherBuilding });
    const mine: string[] = [];
    for (let i = 0; i < 5; i++) {
      mine.push(await anAccount(sut.db, { premises_id: premises, number: `A-${i}` }));
      await anAccount(sut.db, { premises_id: otherPremises, number: `B-${i}` });
    }
    await sut.db.query(`UPDATE accounts SET closed_on = '2024-12-31' WHERE id = $1`, [mine[1]]);
    const get = async (q: string) =>
      (await sut.http().get(`/api/v1/accounts?${q}`).set(sut.admin).expect(200)).body;
    const first = await get(`buildingId=${building}&limit=3`);
    const second = await get(`buildingId=${building}&limit=3&after=${first.nextAfter}`);
    expect(first.nextAfter).toBe(mine[2]);
    expect([...idsOf(first), ...idsOf(second)]).toEqual(mine);
    expect(second.nextAfter).toBeNull();
    expect(idsOf(await get('number=A-3'))).toEqual([mine[3]]);
    expect(idsOf(await get(`buildingId=${building}&status=closed`))).toEqual([mine[1]]);
    expect(idsOf(await get(`buildingId=${building}&status=open`))).toEqual([mine[0], ...mine.slice(2)]);
    expect(idsOf(await get(`premisesId=${otherPremises}&limit=500`))).toHaveLength(5);
  });
});
