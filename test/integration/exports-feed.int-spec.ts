import { Role, Scope } from '../../src/common/auth/roles';
import { aSmallEstate, rebill, simpleLines, SmallEstate } from '../factories/consumption';
import { createTestApp, TestApp } from '../utils/create-test-app';

interface Item {
  accountId: string;
  serviceCode: string;
  amount: string | null;
  deleted: boolean;
}
interface Page {
  items: Item[];
  nextCursor: string | null;
  changesCursor: string | null;
}

/**
 * The pull API on the real database: pages add up to the file, a re-run reaches the client once, and
 * concurrent re-runs during a pull neither duplicate nor lose rows.
 *
 * Consistency of a pull, as tested here: within one pull every key (account, service) is returned at
 * most once; every key that exists from the pull's start to its end is returned; a key changed while
 * the pull runs may show either value, and is returned again by the next incremental pull, so that
 * applying the pull and then the incremental pull gives exactly the database's current rows.
 */
describe('consumption pull API and change feed (integration)', () => {
  const period = '2026-03';
  let sut: TestApp;
  let key: Record<string, string>;
  let estate: SmallEstate;

  beforeAll(async () => {
    sut = await createTestApp();
  });
  beforeEach(async () => {
    await sut.reset();
    const res = await sut
      .http()
      .post('/api/v1/api-keys')
      .set(sut.admin)
      .send({ name: 'РЦ', role: Role.SettlementCentre, scopes: [Scope.ExportsRead] })
      .expect(201);
    key = { 'X-API-Key': res.body.key };
    estate = await aSmallEstate(sut.db, 2, 4);
    await rebill(sut.db, period, estate.buildings[0], simpleLines(estate.accounts[0], 100));
    await rebill(sut.db, period, estate.buildings[1], simpleLines(estate.accounts[1], 200));
  });
  afterAll(async () => sut.close());

  const get = async (query: Record<string, string | number>): Promise<Page> =>
    (await sut.http().get('/api/v1/exports/consumption/pages').query(query).set(key).expect(200)).body;

  /** Every page of a pull; `between` runs after each page but the last. */
  async function pull(first: Record<string, string | number>, between?: (n: number) => Promise<void>) {
    const pages: Page[] = [await get(first)];
    while (pages[pages.length - 1].nextCursor) {
      await between?.(pages.length);
      pages.push(await get({ cursor: pages[pages.length - 1].nextCursor!, limit: first.limit }));
    }
    const last = pages[pages.length - 1];
    return { items: pages.flatMap((p) => p.items), pages: pages.length, since: last.changesCursor! };
  }
  const keyOf = (i: Item) => `${i.accountId}/${i.serviceCode}`;
  const current = async () => (await pull({ period, limit: 1000 })).items;

  it('returns the same rows in pages as in the whole file, in the same order', async () => {
    const paged = await pull({ period, limit: 3 });
    expect(paged.pages).toBe(6);
    const file = await sut
      .http()
      .get('/api/v1/exports/consumption')
      .query({ period, format: 'jsonl' })
      .set(key);
    expect(file.status).toBe(200);
    const lines = file.text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(16);
    expect(paged.items).toEqual(lines);
  });

  it('hands a re-run building to the next incremental pull exactly once, with tombstones', async () => {
    const first = await pull({ period, limit: 5 });
    const [b2a1, b2a2, b2a3] = estate.accounts[1];
    // Re-run of building 2: new amounts, account 4 no longer billed, account 3 loses its waste line.
    await rebill(sut.db, period, estate.buildings[1], [
      ...simpleLines([b2a1, b2a2], 300),
      { accountId: b2a3, serviceCode: 'maintenance', amount: '333.00' },
    ]);
    const changes = await pull({ changedSince: first.since, limit: 3 });
    expect(changes.items.map((i) => [keyOf(i), i.amount, i.deleted])).toEqual([
      [`${b2a1}/maintenance`, '300.00', false],
      [`${b2a1}/solid_waste`, '300.50', false],
      [`${b2a2}/maintenance`, '301.00', false],
      [`${b2a2}/solid_waste`, '301.50', false],
      [`${b2a3}/maintenance`, '333.00', false],
      [`${b2a3}/solid_waste`, null, true],
      [`${estate.accounts[1][3]}/maintenance`, null, true],
      [`${estate.accounts[1][3]}/solid_waste`, null, true],
    ]);
    const again = await pull({ changedSince: changes.since, limit: 3 });
    expect(again.items).toEqual([]);
  });

  it('neither duplicates nor drops rows when buildings are re-run during a paginated pull', async () => {
    const before = new Set((await current()).map(keyOf));
    const [b1a1, b1a2, b1a3, b1a4] = estate.accounts[0];
    // T1 rewrites building 1 (account 1 loses its waste line) and stays open across the first pages.
    const t1 = sut.db.createQueryRunner();
    await t1.startTransaction();
    await rebill(t1.manager, period, estate.buildings[0], [
      ...simpleLines([b1a2, b1a3, b1a4], 500),
      { accountId: b1a1, serviceCode: 'maintenance', amount: '555.00' },
    ]);
    const seen = await pull({ period, limit: 3 }, async (n) => {
      if (n === 1) await t1.commitTransaction();
      // Building 2 (not read yet) is re-run with other amounts while the pull runs.
      if (n === 3) await rebill(sut.db, period, estate.buildings[1], simpleLines(estate.accounts[1], 700));
    });
    await t1.release();
    const keys = seen.items.map(keyOf);
    expect(new Set(keys).size).toBe(keys.length);
    const after = new Set((await current()).map(keyOf));
    for (const k of before) if (after.has(k)) expect(keys).toContain(k);

    const changes = await pull({ changedSince: seen.since, limit: 4 });
    expect(changes.items).toHaveLength(16);
    // The client applies the pull, then the changes (upsert by key, delete on a tombstone).
    const client = new Map(seen.items.map((i) => [keyOf(i), i]));
    for (const i of changes.items) {
      if (i.deleted) client.delete(keyOf(i));
      else client.set(keyOf(i), i);
    }
    expect([...client.values()]).toEqual(await current());
  });

  it('does not lose a correction whose transaction started first but committed last', async () => {
    const start = await pull({ period, limit: 100 });
    const t1 = sut.db.createQueryRunner();
    await t1.startTransaction();
    await rebill(t1.manager, period, estate.buildings[0], simpleLines(estate.accounts[0], 900));
    await rebill(sut.db, period, estate.buildings[1], simpleLines(estate.accounts[1], 800));
    const second = await pull({ changedSince: start.since, limit: 100 });
    expect(new Set(second.items.map((i) => i.accountId))).toEqual(new Set(estate.accounts[1]));
    await t1.commitTransaction();
    await t1.release();
    const third = await pull({ changedSince: second.since, limit: 100 });
    expect(third.items.map((i) => i.amount)).toEqual([
      '900.00',
      '900.50',
      '901.00',
      '901.50',
      '902.00',
      '902.50',
      '903.00',
      '903.50',
    ]);
  });

  it('refuses cursors it did not issue and cursors of another period', async () => {
    const bad = await sut.http().get('/api/v1/exports/consumption/pages').query({ cursor: 'abc' }).set(key);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'INVALID_CURSOR' });
    const page = await get({ period, limit: 2 });
    const other = await sut
      .http()
      .get('/api/v1/exports/consumption/pages')
      .query({ cursor: page.nextCursor!, period: '2026-04' })
      .set(key);
    expect(other.body).toMatchObject({ statusCode: 400, code: 'CURSOR_MISMATCH' });
    const none = await sut.http().get('/api/v1/exports/consumption/pages').set(key);
    expect(none.body).toMatchObject({ statusCode: 400, code: 'PERIOD_REQUIRED' });
  });
});
