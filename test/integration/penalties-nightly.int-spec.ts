import { INestApplicationContext } from '@nestjs/common';
import { Job } from 'bullmq';
import { Principal, Role } from '../../src/common/auth/roles';
import { PaymentChannel } from '../../src/modules/payments/dto/payment.dto';
import { PaymentsService } from '../../src/modules/payments/payments.service';
import { PenaltyRunsService } from '../../src/modules/penalties/accruals/penalty-runs.service';
import { PenaltyNightlyProcessor } from '../../src/modules/penalties/jobs/penalty-nightly.processor';
import { PenaltiesService } from '../../src/modules/penalties/penalties.service';
import { PenaltyStatementService } from '../../src/modules/penalties/statement/penalty-statement.service';
import { aCharges, anEstateAccount, anOpeningBalance } from '../factories/money';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { nextIdsCrossADigit } from '../utils/db';
import { startTestWorker } from '../utils/worker';

// Read when the apps are created: no schedule (runs are started here), 3 accounts per chunk.
process.env.PENALTY_NIGHTLY_CRON = 'off';
process.env.PENALTY_CHUNK_SIZE = '3';

/**
 * The nightly penalty job through the real queue and worker. December 2024 charges of 10 000.00 are
 * due Friday 10.01.2025: delay day 31 = 10.02.2025, day 45 = 24.02, day 61 = 12.03; the rate is the
 * 2025 cap, 9.5 %.
 */
describe('nightly penalty job (integration)', () => {
  let sut: TestApp;
  let worker: INestApplicationContext;
  let runs: PenaltyRunsService;
  let payments: PaymentsService;
  const by: Principal = { kind: 'user', id: '1', name: 'Тест', role: Role.Specialist, scopes: [] };
  let keys = 0;

  beforeAll(async () => {
    sut = await createTestApp();
    worker = await startTestWorker();
    runs = sut.app.get(PenaltyRunsService);
    payments = sut.app.get(PaymentsService);
  });
  afterAll(async () => {
    await worker.close();
    await sut.close();
  });
  beforeEach(async () => sut.reset());

  const pay = (accountId: string, amount: string, paidOn: string) =>
    payments.create({ accountId, amount, paidOn, channel: PaymentChannel.Bank }, `pn${++keys}`, by);

  /** Starts the run of a date and waits until the worker has finished it. */
  async function night(asOf: string): Promise<Record<string, unknown>> {
    await runs.start(asOf, 'test');
    for (let i = 0; i < 300; i++) {
      const run = await runs.get(asOf);
      if (run.status !== 'running') return run as unknown as Record<string, unknown>;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`penalty run ${asOf} did not finish`);
  }

  async function debtor(amount = '10000.00'): Promise<string> {
    const { accountId } = await anEstateAccount(sut.db);
    await aCharges(sut.db, accountId, '2024-12', { heating: amount });
    return accountId;
  }

  const accruals = (): Promise<{ account_id: string; as_of: string; amount: string; increment: string }[]> =>
    sut.db.query(
      `SELECT account_id::text AS account_id, to_char(as_of, 'YYYY-MM-DD') AS as_of, amount::text AS amount,
              increment::text AS increment
         FROM penalty_accruals ORDER BY penalty_accruals.account_id, as_of`,
    );
  const totals = async () =>
    (
      await sut.db.query(
        `SELECT count(*)::int AS n, coalesce(sum(amount), 0)::text AS amount,
                coalesce(sum(increment), 0)::text AS increment, coalesce(max(id), 0)::text AS last_id
           FROM penalty_accruals`,
      )
    )[0];

  it('a debt 61 days late: 10 000.00 × 31 × 1/300 × 9.5 % = 98.17, with the statement rows', async () => {
    const a = await debtor();
    const run = await night('2025-03-12');
    expect(run).toMatchObject({ status: 'completed', accountsTotal: 1, accountsDone: 1, rowsWritten: 1 });
    const [row] = await sut.db.query(
      `SELECT to_char(period, 'YYYY-MM') AS period, amount::text AS amount, increment::text AS increment, rows
         FROM penalty_accruals WHERE account_id = $1`,
      [a],
    );
    expect(row).toEqual({
      period: '2024-12',
      amount: '98.17',
      increment: '98.17',
      rows: [
        {
          period: '2024-12',
          balance: '10000.00',
          from: '2025-02-10',
          to: '2025-03-12',
          days: 31,
          fraction: '1/300',
          ratePercent: '9.5',
          formula: '10 000.00 × 31 × 1/300 × 9.5 %',
          amount: '98.17',
        },
      ],
    });
  });

  it('running the same night twice changes nothing, even after a payment (the unique key decides)', async () => {
    const a = await debtor();
    await night('2025-03-12');
    const before = await totals();
    expect(before).toMatchObject({ n: 1, amount: '98.17', increment: '98.17' });

    await pay(a, '5000.00', '2025-03-01');
    await night('2025-03-12');
    // Even a chunk forced to run again (a lost job) recomputes 49.09 and keeps the stored 98.17.
    await sut.db.query(`UPDATE penalty_run_chunks SET status = 'pending' WHERE run_date = '2025-03-12'`);
    const again = await night('2025-03-12');
    expect(again).toMatchObject({ status: 'completed', accountsDone: 1 });
    expect(await totals()).toEqual(before);
    expect((await sut.db.query(`SELECT count(*)::int AS n FROM penalty_runs`))[0].n).toBe(1);
  });

  it('a missed night is caught up: the next total includes it, the increment covers both nights', async () => {
    const a = await debtor();
    await night('2025-03-10');
    await night('2025-03-12');
    expect(await accruals()).toEqual([
      { account_id: a, as_of: '2025-03-10', amount: '91.83', increment: '91.83' },
      { account_id: a, as_of: '2025-03-12', amount: '98.17', increment: '6.34' },
    ]);
  });

  it('a payment posted late for an earlier day lowers the next total (negative increment)', async () => {
    const a = await debtor();
    await night('2025-03-10');
    // Paid in full on 05.03 (day 54), registered after the 10.03 run: 24 days at 1/300 = 76.00.
    await pay(a, '10000.00', '2025-03-05');
    await night('2025-03-12');
    expect(await accruals()).toEqual([
      { account_id: a, as_of: '2025-03-10', amount: '91.83', increment: '91.83' },
      { account_id: a, as_of: '2025-03-12', amount: '76.00', increment: '-15.83' },
    ]);
    // The 12.03 run recorded when the 10.03 run started (its chunks look for allocations since then).
    const recorded = await sut.db.query(
      `SELECT to_char(run_date, 'YYYY-MM-DD') AS run_date,
              previous_run_started_at IS NOT DISTINCT FROM (SELECT started_at FROM penalty_runs WHERE run_date = '2025-03-10') AS previous
         FROM penalty_runs ORDER BY run_date`,
    );
    expect(recorded).toEqual([
      { run_date: '2025-03-10', previous: false },
      { run_date: '2025-03-12', previous: true },
    ]);
  });

  it('a payment on day 45 ends the old balance that day and lowers the following rows', async () => {
    const a = await debtor();
    await pay(a, '4000.00', '2025-02-24');
    await night('2025-03-12');
    const [row] = await sut.db.query(
      `SELECT amount::text AS amount, rows FROM penalty_accruals WHERE account_id = $1`,
      [a],
    );
    expect(row.amount).toBe('77.90');
    expect(row.rows.map((r: { from: string; to: string; formula: string; amount: string }) => r)).toEqual([
      expect.objectContaining({
        from: '2025-02-10',
        to: '2025-02-24',
        formula: '10 000.00 × 15 × 1/300 × 9.5 %',
        amount: '47.50',
      }),
      expect.objectContaining({
        from: '2025-02-25',
        to: '2025-03-12',
        formula: '6 000.00 × 16 × 1/300 × 9.5 %',
        amount: '30.40',
      }),
    ]);
  });

  it('chunks of 3 consecutive accounts find every debtor exactly once and nobody else', async () => {
    const debtors: string[] = [];
    for (let i = 1; i <= 7; i++) debtors.push(await debtor(`${i}000.00`));
    const paidOff = await debtor('1000.00');
    await pay(paidOff, '1000.00', '2025-01-05');
    const notDueYet = (await anEstateAccount(sut.db)).accountId;
    await aCharges(sut.db, notDueYet, '2025-03', { heating: '500.00' });

    const run = await night('2025-03-12');
    expect(run).toMatchObject({
      status: 'completed',
      accountsTotal: 7,
      accountsDone: 7,
      chunksTotal: 3,
      chunksDone: 3,
    });
    const chunks: { accounts: number; ids: string[]; first: string; last: string }[] = await sut.db.query(
      `SELECT chunk_no, accounts, account_ids::text[] AS ids, first_account_id::text AS first,
              last_account_id::text AS last
         FROM penalty_run_chunks ORDER BY chunk_no`,
    );
    // The ranges: the estate's nine accounts three by three (the seven debtors first, then the
    // paid-off account and the one not due yet, found in none).
    const estate = [...debtors, paidOff, notDueYet];
    expect(chunks.map((c) => [c.first, c.last])).toEqual([
      [estate[0], estate[2]],
      [estate[3], estate[5]],
      [estate[6], estate[8]],
    ]);
    expect(chunks.map((c) => c.accounts)).toEqual([3, 3, 1]);
    expect(chunks.map((c) => c.ids)).toEqual([debtors.slice(0, 3), debtors.slice(3, 6), debtors.slice(6)]);
    const covered = chunks.flatMap((c: { ids: string[] }) => c.ids);
    expect([...covered].sort()).toEqual([...debtors].sort());
    const rows = await accruals();
    expect(rows.map((r) => r.account_id).sort()).toEqual([...debtors].sort());
    // 1 000.00 … 7 000.00 × 31 × 1/300 × 9.5 %: 9.82, 19.63, 29.45, 39.27, 49.08, 58.90, 68.72.
    expect(rows.map((r) => r.amount)).toEqual(['9.82', '19.63', '29.45', '39.27', '49.08', '58.90', '68.72']);
  });

  it('a mixed set of debtors: the job accrues what the statement and the calculator give, to the kopeck', async () => {
    // Chunks of 3 over 6 debtors, so the chunk-wide reads and the per-due-date rule plans are shared;
    // account ids from 10^k − 1 on (e.g. 99, 100, …), so any order by their text would show.
    await nextIdsCrossADigit(sut.db, 'accounts');
    const unpaid = await debtor('10000.00');
    const partPaid = await debtor('10000.00');
    await pay(partPaid, '4000.00', '2025-02-24');
    const twoPeriods = await debtor('3000.00');
    await aCharges(sut.db, twoPeriods, '2024-11', { heating: '5000.00' });
    await pay(twoPeriods, '2000.00', '2025-01-20'); // FIFO: to November, in time for December
    const opening = (await anEstateAccount(sut.db)).accountId;
    await anOpeningBalance(sut.db, {
      account_id: opening,
      period: '2024-10',
      service_code: 'heating',
      amount: '2500.00',
    });
    const paidLate = await debtor('7000.00');
    await pay(paidLate, '7000.00', '2025-03-12'); // the payment day still carries the debt
    const small = await debtor('0.10');
    const run = await night('2025-03-12');
    expect(run).toMatchObject({ status: 'completed', accountsTotal: 6, chunksTotal: 2 });

    const stored: { account_id: string; period: string; amount: string }[] = await sut.db.query(
      `SELECT account_id::text AS account_id, to_char(period, 'YYYY-MM') AS period, amount::text AS amount
         FROM penalty_accruals WHERE as_of = '2025-03-12' ORDER BY penalty_accruals.account_id, period`,
    );
    const statements = sut.app.get(PenaltyStatementService);
    const fromStatements: typeof stored = [];
    for (const id of [unpaid, partPaid, twoPeriods, opening, paidLate, small].sort(
      (a, b) => Number(a) - Number(b),
    )) {
      const st = await statements.statement(id, { asOf: '2025-03-12' }, by);
      for (const d of st.debts)
        if (d.penalty !== '0.00')
          fromStatements.push({ account_id: id, period: d.period, amount: d.penalty });
    }
    expect(stored).toEqual(fromStatements);

    // The calculator from the same debts and payments stated by hand (due dates from the rules).
    const calc = sut.app.get(PenaltiesService);
    const byHand = async (
      debts: { period: string; amount: string }[],
      payments: { date: string; amount: string }[],
    ) => (await calc.calculate({ debts, payments, asOf: '2025-03-12' })).debts.map((d) => d.penalty);
    const of = (id: string) => stored.filter((r) => r.account_id === id).map((r) => r.amount);
    expect(of(unpaid)).toEqual(await byHand([{ period: '2024-12', amount: '10000.00' }], []));
    expect(of(partPaid)).toEqual(
      await byHand([{ period: '2024-12', amount: '10000.00' }], [{ date: '2025-02-24', amount: '4000.00' }]),
    );
    expect(of(twoPeriods)).toEqual(
      await byHand(
        [
          { period: '2024-11', amount: '5000.00' },
          { period: '2024-12', amount: '3000.00' },
        ],
        [{ date: '2025-01-20', amount: '2000.00' }],
      ),
    );
    expect(of(opening)).toEqual(await byHand([{ period: '2024-10', amount: '2500.00' }], []));
    expect(of(paidLate)).toEqual(
      await byHand([{ period: '2024-12', amount: '7000.00' }], [{ date: '2025-03-12', amount: '7000.00' }]),
    );
    // Exact figures, so a rule removed from both paths still fails here: 98.17 and 77.90 as above;
    // November 5 000.00 × 11 × 1/300 (to the payment day 20.01) 17.42 + 3 000.00 × 49 × 1/300 46.55 +
    // 3 000.00 × 2 × 1/130 (from day 91, 11.03) 4.38 = 68.35 and December 3 000.00 × 31 × 1/300 = 29.45;
    // October (due Monday 11.11.2024) 2 500.00 × 60 × 1/300 47.50 + × 31 × 1/130 56.63 = 104.13;
    // 7 000.00 paid on the run date still owed that day: × 31 × 1/300 = 68.72; 0.10 rounds to nothing.
    expect(stored.map((r) => r.amount)).toEqual(['98.17', '77.90', '68.35', '29.45', '104.13', '68.72']);
  });

  it('the scheduled job computes the night it was scheduled for, in the billing time zone', async () => {
    await debtor();
    // 23:00 UTC on 11.03.2025 is 02:00 on 12.03.2025 in Moscow.
    const job = { opts: { prevMillis: Date.UTC(2025, 2, 11, 23, 0) }, timestamp: 0 } as unknown as Job;
    const started = await worker.get(PenaltyNightlyProcessor).process(job);
    expect(started).toMatchObject({ runDate: '2025-03-12', requestedBy: 'scheduler' });
    expect(await night('2025-03-12')).toMatchObject({ status: 'completed', accountsDone: 1 });
  });
});
