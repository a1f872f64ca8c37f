import { INestApplicationContext } from '@nestjs/common';
import { Role } from '../../src/common/auth/roles';
import { aCharges, anEstateAccount } from '../factories/money';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { startTestWorker } from '../utils/worker';

process.env.PENALTY_NIGHTLY_CRON = 'off';

/** Penalty runs and penalty lines over HTTP: who may start them, progress, refusals with their codes. */
describe('penalty runs and penalty lines (e2e)', () => {
  let sut: TestApp;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    sut = await createTestApp();
    await sut.reset();
    worker = await startTestWorker();
    const { accountId } = await anEstateAccount(sut.db);
    await aCharges(sut.db, accountId, '2024-12', { heating: '10000.00' });
  });
  afterAll(async () => {
    await worker.close();
    await sut.close();
  });

  const start = (headers: Record<string, string>, asOf: string) =>
    sut.http().post('/api/v1/penalty-runs').set(headers).send({ asOf });

  async function finished(date: string): Promise<Record<string, unknown>> {
    const reader = await sut.as(Role.Auditor);
    for (let i = 0; i < 300; i++) {
      const res = await sut.http().get(`/api/v1/penalty-runs/${date}`).set(reader).expect(200);
      if (res.body.status !== 'running') return res.body;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`penalty run ${date} did not finish`);
  }

  it('only a supervisor starts a run; readers follow its progress', async () => {
    await start(await sut.as(Role.Specialist), '2025-03-31').expect(403);
    await start(await sut.as(Role.Auditor), '2025-03-31').expect(403);
    const res = await start(await sut.as(Role.Supervisor), '2025-03-31').expect(202);
    // Debtors are counted as the chunks find them: the run has one chunk (one account range).
    expect(res.body).toMatchObject({ runDate: '2025-03-31', chunksTotal: 1 });
    expect(await finished('2025-03-31')).toMatchObject({
      status: 'completed',
      accountsTotal: 1,
      accountsDone: 1,
      chunksDone: 1,
      chunksFailed: 0,
      rowsWritten: 1,
      openChunks: [],
    });
    const list = await sut
      .http()
      .get('/api/v1/penalty-runs')
      .set(await sut.as(Role.Specialist))
      .expect(200);
    expect(list.body).toMatchObject({
      items: [{ runDate: '2025-03-31', status: 'completed' }],
      nextBefore: null,
    });
  });

  it('refuses a future date, a date before the latest run, an unknown run and a bad date', async () => {
    const boss = await sut.as(Role.Supervisor);
    const future = await start(boss, '2999-01-01').expect(422);
    expect(future.body.code).toBe('PENALTY_RUN_DATE_IN_FUTURE');
    const earlier = await start(boss, '2025-03-30').expect(409);
    expect(earlier.body.code).toBe('PENALTY_RUN_OUT_OF_ORDER');
    const missing = await sut.http().get('/api/v1/penalty-runs/2025-01-01').set(boss).expect(404);
    expect(missing.body.code).toBe('PENALTY_RUN_NOT_FOUND');
    await start(boss, '2025-02-30').expect(400);
  });

  it('penalty lines: supervisor only, need the run of the period end, and repeat as a no-op', async () => {
    const body = { period: '2025-03' };
    for (const role of [Role.Specialist, Role.Auditor]) {
      await sut
        .http()
        .post('/api/v1/penalty-charges')
        .set(await sut.as(role))
        .send(body)
        .expect(403);
    }
    const boss = await sut.as(Role.Supervisor);
    const noRun = await sut.http().post('/api/v1/penalty-charges').set(boss).send({ period: '2025-02' });
    expect(noRun.status).toBe(409);
    expect(noRun.body.code).toBe('PENALTY_RUN_NOT_COMPLETED');
    const first = await sut.http().post('/api/v1/penalty-charges').set(boss).send(body).expect(200);
    expect(first.body).toEqual({
      period: '2025-03',
      closeDate: '2025-03-31',
      created: 1,
      accounts: 1,
      total: '158.33',
    });
    const again = await sut.http().post('/api/v1/penalty-charges').set(boss).send(body).expect(200);
    expect(again.body).toMatchObject({ created: 0, accounts: 1, total: '158.33' });
    await sut.http().post('/api/v1/penalty-charges').set(boss).send({ period: '2025-13' }).expect(400);
  });
});
