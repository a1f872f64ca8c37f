import { INestApplicationContext } from '@nestjs/common';
import { Role } from '../../src/common/auth/roles';
import { BillingRunsSweeper } from '../../src/modules/billing-runs/jobs/billing-runs.sweeper';
import {
  aBuilding,
  aBuildingService,
  anAccount,
  anOrganisation,
  aPremises,
  aTariff,
} from '../factories/estate';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { startTestWorker, waitForRun } from '../utils/worker';

/** A run whose jobs were lost (queue flushed, enqueue never happened) is recovered from the database. */
describe('billing run sweeper (integration)', () => {
  let sut: TestApp;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    sut = await createTestApp();
    await sut.reset();
    worker = await startTestWorker();
  });
  afterAll(async () => {
    await worker.close();
    await sut.close();
  });

  it('re-enqueues stuck chunks, settles the run, and leaves fresh chunks alone', async () => {
    const db = sut.db;
    const org = await anOrganisation(db);
    const b = await aBuilding(db, { organisation_id: org });
    await aBuildingService(db, {
      building_id: b,
      service_code: 'maintenance',
      supplier_organisation_id: org,
    });
    await aTariff(db, { service_code: 'maintenance', price: '30.000000', organisation_id: org });
    await anAccount(db, { premises_id: await aPremises(db, { building_id: b, area: '50.00' }) });
    // A run recorded 10 minutes ago whose jobs never reached the queue.
    const [run] = await db.query(
      `INSERT INTO billing_runs (period, status, buildings_total, requested_by, created_at)
       VALUES ('2026-03-01', 'queued', 1, 'test', now() - interval '10 minutes') RETURNING id`,
    );
    await db.query(`INSERT INTO billing_run_chunks (run_id, building_id) VALUES ($1, $2)`, [run.id, b]);
    const sweeper = worker.get(BillingRunsSweeper);

    expect(await sweeper.sweep()).toEqual({ requeued: 1, settled: 0 });
    for (let i = 0; i < 100; i += 1) {
      const [chunk] = await db.query(`SELECT status FROM billing_run_chunks WHERE run_id = $1`, [run.id]);
      if (chunk.status === 'done') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await sweeper.sweep()).toEqual({ requeued: 0, settled: 1 });
    const settled = await waitForRun(sut, String(run.id), await sut.as(Role.Auditor));
    expect(settled).toMatchObject({ status: 'completed', lines: 1, totalAmount: '1500.00' });
    expect(await sweeper.sweep()).toEqual({ requeued: 0, settled: 0 });
  });
});
