import { INestApplicationContext } from '@nestjs/common';
import { Role } from '../../src/common/auth/roles';
import { PenaltyRunsService } from '../../src/modules/penalties/accruals/penalty-runs.service';
import { aBillingRun, aCharges, anEstateAccount } from '../factories/money';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { startTestWorker } from '../utils/worker';

process.env.PENALTY_NIGHTLY_CRON = 'off';

/**
 * Closing a billing period posts its penalty lines by itself. December 2024 heating 10 000.00, due
 * 10.01.2025: accrued to 31.03.2025 = 158.33 (50 days at 1/300 of 9.5 %); to 30.04.2025 = 336.15, so
 * the April line is 336.15 − 158.33 = 177.82 (see penalties-charges.int-spec).
 */
describe('period close posts the penalty lines (integration)', () => {
  let sut: TestApp;
  let worker: INestApplicationContext;
  let runs: PenaltyRunsService;
  let accountId: string;

  beforeAll(async () => {
    sut = await createTestApp();
    worker = await startTestWorker();
    runs = sut.app.get(PenaltyRunsService);
  });
  afterAll(async () => {
    await worker.close();
    await sut.close();
  });
  beforeEach(async () => {
    await sut.reset();
    ({ accountId } = await anEstateAccount(sut.db));
    await aCharges(sut.db, accountId, '2024-12', { heating: '10000.00' });
  });

  const close = async (period: string) => {
    await aBillingRun(sut.db, period);
    return sut
      .http()
      .post(`/api/v1/billing-periods/${period}/close`)
      .set(await sut.as(Role.Supervisor))
      .send({})
      .expect(200);
  };
  const postings = async () =>
    (
      await sut
        .http()
        .get('/api/v1/penalty-charges/postings')
        .set(await sut.as(Role.Auditor))
        .expect(200)
    ).body;
  const lines = () =>
    sut.db.query(
      `SELECT to_char(period, 'YYYY-MM') AS period, amount::text AS amount, lines FROM penalty_charges ORDER BY period`,
    );
  async function night(asOf: string): Promise<void> {
    await runs.start(asOf, 'test');
    for (let i = 0; i < 300 && (await runs.get(asOf)).status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  async function untilPosted(period: string): Promise<void> {
    for (let i = 0; i < 300; i++) {
      if ((await postings()).find((p: { period: string }) => p.period === period)?.status === 'posted')
        return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`penalty lines of ${period} were not posted`);
  }

  it('a close before the night of its last day waits, and the completed run posts the lines once', async () => {
    await close('2025-03');
    expect(await postings()).toEqual([
      expect.objectContaining({
        period: '2025-03',
        closeDate: '2025-03-31',
        status: 'waiting',
        runStatus: null,
        postedAt: null,
        created: null,
      }),
    ]);
    expect(await lines()).toEqual([]);

    await night('2025-03-31');
    await untilPosted('2025-03');
    expect(await lines()).toEqual([
      {
        period: '2025-03',
        amount: '158.33',
        lines: [{ debtPeriod: '2024-12', accrued: '158.33', previouslyCharged: '0.00', amount: '158.33' }],
      },
    ]);
    expect((await postings())[0]).toMatchObject({ status: 'posted', runStatus: 'completed', created: 1 });

    // posting again, by hand or by the resume endpoint, creates nothing
    const headers = await sut.as(Role.Supervisor);
    const again = await sut.http().post('/api/v1/penalty-charges/postings/resume').set(headers).expect(200);
    expect(again.body).toEqual([]);
    const manual = await sut.http().post('/api/v1/penalty-charges').set(headers).send({ period: '2025-03' });
    expect(manual.status).toBe(200);
    expect(manual.body).toMatchObject({ created: 0, accounts: 1, total: '158.33' });
    expect(await lines()).toHaveLength(1);
  });

  it('a close after the night of its last day posts at once, minus the earlier line', async () => {
    await night('2025-03-31');
    await close('2025-03');
    expect((await postings())[0]).toMatchObject({ period: '2025-03', status: 'posted', created: 1 });
    await night('2025-04-30');
    await close('2025-04');
    expect((await postings()).map((p: { period: string; status: string }) => [p.period, p.status])).toEqual([
      ['2025-04', 'posted'],
      ['2025-03', 'posted'],
    ]);
    expect((await lines()).map((l: { period: string; amount: string }) => [l.period, l.amount])).toEqual([
      ['2025-03', '158.33'],
      ['2025-04', '177.82'],
    ]);
  });

  it('a later period never posts before an earlier one still waiting', async () => {
    await close('2025-03');
    await close('2025-04');
    expect((await postings()).map((p: { status: string }) => p.status)).toEqual(['waiting', 'waiting']);
    await night('2025-03-31');
    await untilPosted('2025-03');
    expect((await postings()).map((p: { period: string; status: string }) => [p.period, p.status])).toEqual([
      ['2025-04', 'waiting'],
      ['2025-03', 'posted'],
    ]);
    await night('2025-04-30');
    await untilPosted('2025-04');
    expect((await lines()).map((l: { period: string; amount: string }) => [l.period, l.amount])).toEqual([
      ['2025-03', '158.33'],
      ['2025-04', '177.82'],
    ]);
  });

  it('only readers see the postings and only a supervisor resumes them', async () => {
    await sut
      .http()
      .get('/api/v1/penalty-charges/postings')
      .set(await sut.as(Role.SettlementCentre))
      .expect(403);
    await sut
      .http()
      .post('/api/v1/penalty-charges/postings/resume')
      .set(await sut.as(Role.Specialist))
      .expect(403);
  });
});
