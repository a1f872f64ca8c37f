import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Role, Scope } from '../../src/common/auth/roles';
import { aSmallEstate, rebill, simpleLines, SmallEstate } from '../factories/consumption';
import { createTestApp, TestApp } from '../utils/create-test-app';

interface Item {
  accountId: string;
  serviceCode: string;
  amount: string | null;
  recalculated: string | null;
  recalculations: Record<string, unknown>[];
}
interface Page {
  items: Item[];
  nextCursor: string | null;
  changesCursor: string | null;
}

/**
 * Recalculation deltas reach the settlement centre through the change feed: a delta marks the key
 * of the period it corrects, so the incremental pull of that period returns that one row, with the
 * delta and its reason, exactly once; the full export carries the deltas too.
 */
describe('recalculation deltas in the consumption export (integration)', () => {
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
    estate = await aSmallEstate(sut.db, 1, 3);
    await rebill(sut.db, period, estate.buildings[0], simpleLines(estate.accounts[0], 100));
  });
  afterAll(async () => sut.close());

  const get = async (query: Record<string, string | number>): Promise<Page> =>
    (await sut.http().get('/api/v1/exports/consumption/pages').query(query).set(key).expect(200)).body;
  async function pull(first: Record<string, string | number>): Promise<{ items: Item[]; since: string }> {
    const pages: Page[] = [await get(first)];
    while (pages[pages.length - 1].nextCursor) {
      pages.push(await get({ cursor: pages[pages.length - 1].nextCursor!, limit: first.limit }));
    }
    return { items: pages.flatMap((p) => p.items), since: pages[pages.length - 1].changesCursor! };
  }
  async function manual(accountId: string, amount: string, reason: string): Promise<string> {
    const res = await sut
      .http()
      .post('/api/v1/recalculations/manual')
      .set(await sut.as(Role.Specialist))
      .send({ accountId, serviceCode: 'maintenance', period, amount, reason, postingPeriod: '2026-04' })
      .expect(201);
    return res.body.number;
  }

  it('an incremental pull after a recalculation returns exactly the corrected row, once', async () => {
    const first = await pull({ period, limit: 2 });
    expect(first.items).toHaveLength(6);
    expect(first.items.every((i) => i.recalculated === null && i.recalculations.length === 0)).toBe(true);

    const account = estate.accounts[0][1];
    const number = await manual(account, '-25.50', 'акт 12; перерасчёт, п. 3');

    const changes = await pull({ changedSince: first.since, limit: 2 });
    expect(changes.items).toEqual([
      expect.objectContaining({
        accountId: account,
        serviceCode: 'maintenance',
        amount: '101.00',
        recalculated: '-25.50',
        recalculations: [
          {
            number,
            kind: 'manual',
            reason: 'акт 12; перерасчёт, п. 3',
            postingPeriod: '2026-04',
            zone: null,
            volumeDelta: '0',
            amountDelta: '-25.50',
          },
        ],
      }),
    ]);
    expect((await pull({ changedSince: changes.since, limit: 2 })).items).toEqual([]);

    // the whole file carries it too, in the CSV's last two columns
    const csv = await sut
      .http()
      .get('/api/v1/exports/consumption')
      .query({ period, format: 'csv' })
      .set(key)
      .buffer(true)
      .expect(200);
    const line = csv.text
      .split('\r\n')
      .find((l) => l.split(';')[2] === account && l.split(';')[8] === 'maintenance');
    expect(line?.endsWith(`;-25.50;"${number}|manual|2026-04||0|-25.50|акт 12; перерасчёт%2C п. 3"`)).toBe(
      true,
    );
  });

  const xmllint = (() => {
    try {
      execFileSync('xmllint', ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  (xmllint ? it : it.skip)('writes the deltas as XML valid against the XSD (needs xmllint)', async () => {
    const account = estate.accounts[0][0];
    const number = await manual(account, '12.00', 'недоначислено <акт 5>');
    const file = await sut
      .http()
      .get('/api/v1/exports/consumption')
      .query({ period, format: 'xml' })
      .set(key)
      .buffer(true)
      .expect(200);
    const path = join(mkdtempSync(join(tmpdir(), 'export-')), 'consumption.xml');
    writeFileSync(path, file.text);
    execFileSync(
      'xmllint',
      ['--noout', '--schema', join(__dirname, '../../docs/consumption-export.xsd'), path],
      {
        stdio: 'pipe',
      },
    );
    expect(file.text).toContain(
      `<recalculated>12.00</recalculated><recalculations><recalculation number="${number}" kind="manual"` +
        ` postingPeriod="2026-04" volumeDelta="0" amountDelta="12.00" reason="недоначислено &lt;акт 5&gt;"/>` +
        '</recalculations></row>',
    );
  });
});
