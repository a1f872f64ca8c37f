import { INestApplicationContext } from '@nestjs/common';
import { benchDocuments } from '../../src/modules/documents/documents.bench';
import { aBuilding, anAccount, anOrganisation, aPremises } from '../factories/estate';
import { aBillingRun } from '../factories/money';
import { BOOTSTRAP_KEY, createTestApp, TestApp } from '../utils/create-test-app';
import { startTestWorker } from '../utils/worker';

process.env.PENALTY_NIGHTLY_CRON = 'off';

/** benchDocuments through the real path (API → queue → in-process worker), on a small estate. */
describe('benchDocuments (integration)', () => {
  let sut: TestApp;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    sut = await createTestApp();
    await sut.reset();
    await sut.app.listen(0, '127.0.0.1');
    worker = await startTestWorker();
  });
  afterAll(async () => {
    await worker.close();
    await sut.close();
  });

  it('issues the batch, reports documents, seconds, the floor and the ratio; repeatable', async () => {
    const db = sut.db;
    const org = await anOrganisation(db);
    const building = await aBuilding(db, { organisation_id: org });
    const run = await aBillingRun(db, '2026-01');
    for (let i = 0; i < 12; i++) {
      const account = await anAccount(db, { premises_id: await aPremises(db, { building_id: building }) });
      await db.query(
        `INSERT INTO charge_lines (period, account_id, building_id, service_code, run_id, method, volume, unit, tariff, amount, basis)
         VALUES ('2026-01-01', $1, $2, 'maintenance', $3, 'area', 54.3, 'm2', 30, 1629.00, '{}')`,
        [account, building, run],
      );
    }
    const baseUrl = (await sut.app.getUrl()).replace('[::1]', '127.0.0.1');
    const params = {
      db,
      baseUrl,
      headers: { 'X-API-Key': BOOTSTRAP_KEY },
      period: '2026-01',
      limit: 10,
      workers: 0,
    };
    const first = await benchDocuments(params);
    expect(first.documents).toBe(10);
    expect(first.seconds).toBeGreaterThan(0);
    expect(first.floorSeconds).toBeGreaterThan(0);
    expect(first.ratio).toBeGreaterThan(0);
    process.stdout.write(`benchDocuments: ${JSON.stringify(first)}\n`);
    expect((await benchDocuments(params)).documents).toBe(10);
  });
});
