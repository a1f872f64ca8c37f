import { getQueueToken } from '@nestjs/bullmq';
import { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Principal, Role } from '../../src/common/auth/roles';
import { LedgerService } from '../../src/modules/ledger/ledger.service';
import { PenaltyRunsService } from '../../src/modules/penalties/accruals/penalty-runs.service';
import { PenaltyChargesService } from '../../src/modules/penalties/charges/penalty-charges.service';
import {
  NIGHTLY_SCHEDULER_ID,
  PENALTY_RUNS_QUEUE,
} from '../../src/modules/penalties/jobs/penalty-runs.queue';
import { aCharges, anEstateAccount } from '../factories/money';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { startTestWorker } from '../utils/worker';

process.env.PENALTY_NIGHTLY_CRON = 'off';

/**
 * Penalty lines at period close and the ledger. December 2024 charges of 10 000.00, due 10.01.2025:
 * accrued to 31.03.2025 = 50 days at 1/300 of 9.5 % = 158.33; to 30.04.2025 = 60 days at 1/300
 * (190.00) + 20 days at 1/130 (146.15) = 336.15, so the April line is 336.15 − 158.33 = 177.82.
 */
describe('penalty lines and the ledger (integration)', () => {
  let sut: TestApp;
  let worker: INestApplicationContext;
  let runs: PenaltyRunsService;
  let charges: PenaltyChargesService;
  let ledger: LedgerService;
  const by: Principal = { kind: 'user', id: '1', name: 'Старший', role: Role.Supervisor, scopes: [] };

  beforeAll(async () => {
    sut = await createTestApp();
    worker = await startTestWorker();
    runs = sut.app.get(PenaltyRunsService);
    charges = sut.app.get(PenaltyChargesService);
    ledger = sut.app.get(LedgerService);
  });
  afterAll(async () => {
    await worker.close();
    await sut.close();
  });
  beforeEach(async () => sut.reset());

  async function night(asOf: string): Promise<void> {
    await runs.start(asOf, 'test');
    for (let i = 0; i < 300; i++) {
      if ((await runs.get(asOf)).status !== 'running') return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`penalty run ${asOf} did not finish`);
  }

  it('charges accrued penalty at close, minus earlier lines, once per account and period; the ledger shows it', async () => {
    const { accountId } = await anEstateAccount(sut.db);
    await aCharges(sut.db, accountId, '2024-12', { heating: '10000.00' });

    await expect(charges.create({ period: '2025-03' }, by)).rejects.toMatchObject({
      code: 'PENALTY_RUN_NOT_COMPLETED',
    });
    await night('2025-03-31');
    expect(await charges.create({ period: '2025-03' }, by)).toEqual({
      period: '2025-03',
      closeDate: '2025-03-31',
      created: 1,
      accounts: 1,
      total: '158.33',
    });
    expect(await charges.create({ period: '2025-03' }, by)).toMatchObject({ created: 0, total: '158.33' });

    await night('2025-04-30');
    expect(await charges.create({ period: '2025-04' }, by)).toMatchObject({ created: 1, total: '177.82' });
    const [line] = await sut.db.query(`SELECT lines FROM penalty_charges WHERE period = '2025-04-01'`);
    expect(line.lines).toEqual([
      { debtPeriod: '2024-12', accrued: '336.15', previouslyCharged: '158.33', amount: '177.82' },
    ]);
    await expect(charges.create({ period: '2025-03' }, by)).rejects.toMatchObject({
      code: 'PENALTY_CHARGES_LATER_PERIOD',
    });

    const view = await ledger.ledger(accountId, {});
    expect(view.rows.find((r) => r.period === '2024-12' && r.serviceCode === null)).toMatchObject({
      penaltyCharged: '336.15',
      penaltyClosing: '336.15',
    });
    expect(view.closingPenalty).toBe('336.15');
  });

  it('registers the nightly job scheduler with the cron and the billing time zone', async () => {
    process.env.PENALTY_NIGHTLY_CRON = '0 2 * * *';
    const scheduled = await startTestWorker();
    try {
      const queue = scheduled.get<Queue>(getQueueToken(PENALTY_RUNS_QUEUE), { strict: false });
      expect(await queue.getJobScheduler(NIGHTLY_SCHEDULER_ID)).toMatchObject({
        pattern: '0 2 * * *',
        tz: 'Europe/Moscow',
      });
      await queue.removeJobScheduler(NIGHTLY_SCHEDULER_ID);
    } finally {
      process.env.PENALTY_NIGHTLY_CRON = 'off';
      await scheduled.close();
    }
  });
});
