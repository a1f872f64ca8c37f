import { INestApplicationContext } from '@nestjs/common';
import { Role } from '../../src/common/auth/roles';
import { PenaltyRunsService } from '../../src/modules/penalties/accruals/penalty-runs.service';
import { aCharges, anEstateAccount } from '../factories/money';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { startTestWorker } from '../utils/worker';

process.env.PENALTY_NIGHTLY_CRON = 'off';

/**
 * Recalculation deltas in the penalty debts: a delta counts in the debt of the period it was posted
 * into, from the day it was posted. December 2024 heating 10 000.00 is due 10.01.2025; to 31.03.2025
 * it is 50 days at 1/300 of 9.5 % = 158.33 without any delta.
 */
describe('penalty debts with recalculation deltas (integration)', () => {
  let sut: TestApp;
  let worker: INestApplicationContext;
  let accountId: string;

  beforeAll(async () => {
    sut = await createTestApp();
    worker = await startTestWorker();
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

  /** A posted recalculation with one delta line, posted (created) at noon Moscow time on `postedOn`. */
  async function aDelta(posting: string, corrected: string, amount: string, postedOn: string): Promise<void> {
    const [doc] = await sut.db.query(
      `INSERT INTO recalculations (kind, reason_code, reason, account_id, corrected_from, corrected_to, posting_period,
                                   status, amount, basis, created_by, created_by_id, posted_at)
       VALUES ('manual', 'manual', 'test', $1, $2, $2, $3, 'posted', $4, '{}', 'test', '0', $5::timestamptz)
       RETURNING id`,
      [accountId, `${corrected}-01`, `${posting}-01`, amount, `${postedOn}T12:00:00+03:00`],
    );
    await sut.db.query(
      `INSERT INTO recalculation_lines (recalculation_id, account_id, posting_period, corrected_period, service_code,
                                        volume_delta, unit, amount_delta, formula, basis, created_at)
       VALUES ($1, $2, $3, $4, 'heating', 0, 'm2', $5, 'test', '{}', $6::timestamptz)`,
      [doc.id, accountId, `${posting}-01`, `${corrected}-01`, amount, `${postedOn}T12:00:00+03:00`],
    );
  }

  async function statement(asOf: string): Promise<{ total: string; rows: Record<string, unknown>[] }> {
    const res = await sut
      .http()
      .get(`/api/v1/accounts/${accountId}/penalty-statement?asOf=${asOf}`)
      .set(await sut.as(Role.Auditor))
      .expect(200);
    return res.body;
  }

  it('without deltas: 158.33', async () => {
    expect((await statement('2025-03-31')).total).toBe('158.33');
  });

  it('a credit posted before the due date lowers the debt from the start: 6 000.00 × 50 × 1/300 × 9.5 % = 95.00', async () => {
    await aDelta('2024-12', '2024-12', '-4000.00', '2025-01-05');
    const s = await statement('2025-03-31');
    expect(s.total).toBe('95.00');
    expect(s.rows).toEqual([
      expect.objectContaining({
        period: '2024-12',
        balance: '6000.00',
        from: '2025-02-10',
        to: '2025-03-31',
        days: 50,
        amount: '95.00',
      }),
    ]);
  });

  it('a credit posted after the due date lowers the debt only after its posting day', async () => {
    await aDelta('2024-12', '2024-12', '-4000.00', '2025-03-01');
    const s = await statement('2025-03-31');
    // 10 000.00 × 20 × 1/300 × 9.5 % = 63.33 (10.02–01.03), 6 000.00 × 30 × 1/300 × 9.5 % = 57.00 (02.03–31.03)
    expect(s.rows.map((r) => [r.balance, r.from, r.to, r.amount])).toEqual([
      ['10000.00', '2025-02-10', '2025-03-01', '63.33'],
      ['6000.00', '2025-03-02', '2025-03-31', '57.00'],
    ]);
    expect(s.total).toBe('120.33');
  });

  it('an additional charge posted after the due date is owed from its posting day, with its own free days', async () => {
    await aDelta('2024-12', '2024-12', '3000.00', '2025-02-20');
    const s = await statement('2025-03-31');
    // 3 000.00: delay day 1 = 21.02, day 31 = 23.03; 9 days × 1/300 × 9.5 % = 8.55
    expect(s.rows.map((r) => [r.balance, r.from, r.to, r.amount])).toEqual([
      ['10000.00', '2025-02-10', '2025-03-31', '158.33'],
      ['3000.00', '2025-03-23', '2025-03-31', '8.55'],
    ]);
    expect(s.total).toBe('166.88');
  });

  it('a delta posted into the next period is that period’s debt (due 10.02.2025): 1 000.00 × 19 × 1/300 × 9.5 % = 6.02', async () => {
    await aDelta('2025-01', '2024-12', '1000.00', '2025-01-20');
    const s = await statement('2025-03-31');
    expect(s.rows.map((r) => [r.period, r.balance, r.from, r.to, r.amount])).toEqual([
      ['2024-12', '10000.00', '2025-02-10', '2025-03-31', '158.33'],
      ['2025-01', '1000.00', '2025-03-13', '2025-03-31', '6.02'],
    ]);
    expect(s.total).toBe('164.35');
  });

  it('a delta posted after asOf does not count yet', async () => {
    await aDelta('2024-12', '2024-12', '-4000.00', '2025-04-02');
    expect((await statement('2025-03-31')).total).toBe('158.33');
  });

  it('the nightly run stores one total per debt period, the two debts of a late charge summed', async () => {
    await aDelta('2024-12', '2024-12', '3000.00', '2025-02-20');
    const runs = sut.app.get(PenaltyRunsService);
    await runs.start('2025-03-31', 'test');
    for (let i = 0; i < 300 && (await runs.get('2025-03-31')).status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(
      await sut.db.query(`SELECT to_char(period, 'YYYY-MM') AS period, amount::text FROM penalty_accruals`),
    ).toEqual([{ period: '2024-12', amount: '166.88' }]);
  });
});
