import { INestApplicationContext } from '@nestjs/common';
import { Principal, Role } from '../../src/common/auth/roles';
import { PaymentChannel } from '../../src/modules/payments/dto/payment.dto';
import { PaymentsService } from '../../src/modules/payments/payments.service';
import { PenaltyRunsService } from '../../src/modules/penalties/accruals/penalty-runs.service';
import { aCharges, anEstateAccount } from '../factories/money';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { startTestWorker } from '../utils/worker';

process.env.PENALTY_NIGHTLY_CRON = 'off';

/**
 * The penalty statement (GET accounts/{id}/penalty-statement) and the nightly penalty job must agree to
 * the kopeck, period by period, for an account with recalculation deltas (debit and credit, posted
 * before and after the due date) and payments. Charges: December 2024 10 000.00 (due 10.01.2025),
 * January 2025 5 000.00 (due 10.02.2025); the rate is the 2025 cap, 9.5 %.
 */
describe('penalty statement and nightly job agree (integration)', () => {
  let sut: TestApp;
  let worker: INestApplicationContext;
  let accountId: string;
  const by: Principal = { kind: 'user', id: '1', name: 'Тест', role: Role.Specialist, scopes: [] };
  let keys = 0;

  beforeAll(async () => {
    sut = await createTestApp();
    worker = await startTestWorker();
    await sut.reset();
    ({ accountId } = await anEstateAccount(sut.db));
    await aCharges(sut.db, accountId, '2024-12', { heating: '10000.00' });
    await aCharges(sut.db, accountId, '2025-01', { heating: '5000.00' });
    // December: a credit before its due date, an additional charge after it.
    await aDelta('2024-12', '-2000.00', '2025-01-05');
    await aDelta('2024-12', '3000.00', '2025-02-20');
    // January: an additional charge before its due date, a credit after it.
    await aDelta('2025-01', '500.00', '2025-01-25');
    await aDelta('2025-01', '-1000.00', '2025-03-05');
    const payments = sut.app.get(PaymentsService);
    for (const [amount, paidOn] of [
      ['4000.00', '2025-03-01'],
      ['2000.00', '2025-04-10'],
    ]) {
      await payments.create(
        { accountId, amount, paidOn, channel: PaymentChannel.Bank },
        `agree${++keys}`,
        by,
      );
    }
  }, 60_000);
  afterAll(async () => {
    await worker.close();
    await sut.close();
  });

  /** A posted recalculation with one delta line, posted at noon Moscow time on `postedOn`. */
  async function aDelta(period: string, amount: string, postedOn: string): Promise<void> {
    const at = `${postedOn}T12:00:00+03:00`;
    const [doc] = await sut.db.query(
      `INSERT INTO recalculations (kind, reason_code, reason, account_id, corrected_from, corrected_to, posting_period,
                                   status, amount, basis, created_by, created_by_id, posted_at)
       VALUES ('manual', 'manual', 'test', $1, $2, $2, $2, 'posted', $3, '{}', 'test', '0', $4::timestamptz)
       RETURNING id`,
      [accountId, `${period}-01`, amount, at],
    );
    await sut.db.query(
      `INSERT INTO recalculation_lines (recalculation_id, account_id, posting_period, corrected_period, service_code,
                                        volume_delta, unit, amount_delta, formula, basis, created_at)
       VALUES ($1, $2, $3, $3, 'heating', 0, 'm2', $4, 'test', '{}', $5::timestamptz)`,
      [doc.id, accountId, `${period}-01`, amount, at],
    );
  }

  async function statement(asOf: string): Promise<{ total: string; rows: Record<string, string>[] }> {
    const res = await sut
      .http()
      .get(`/api/v1/accounts/${accountId}/penalty-statement?asOf=${asOf}`)
      .set(await sut.as(Role.Auditor))
      .expect(200);
    return res.body;
  }

  async function night(asOf: string): Promise<Record<string, string>> {
    const runs = sut.app.get(PenaltyRunsService);
    await runs.start(asOf, 'test');
    for (let i = 0; i < 300 && (await runs.get(asOf)).status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const rows: { period: string; amount: string }[] = await sut.db.query(
      `SELECT to_char(period, 'YYYY-MM') AS period, amount::text AS amount FROM penalty_accruals
        WHERE account_id = $1 AND as_of = $2 ORDER BY period`,
      [accountId, asOf],
    );
    return Object.fromEntries(rows.map((r) => [r.period, r.amount]));
  }

  /** The statement's rows summed per debt period, to the kopeck (each row is already rounded). */
  function perPeriod(rows: Record<string, string>[]): Record<string, string> {
    const kopecks = new Map<string, bigint>();
    for (const r of rows) {
      const k = BigInt(r.amount.replace('.', ''));
      kopecks.set(r.period, (kopecks.get(r.period) ?? 0n) + k);
    }
    return Object.fromEntries(
      [...kopecks.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([p, k]) => [p, `${k / 100n}.${String(k % 100n).padStart(2, '0')}`]),
    );
  }

  /*
   * By hand (delay day 1 = the day after the due date, days 1–30 free, 31–90 at 1/300, from 91 at 1/130;
   * a payment goes to the oldest debt and its day still carries the balance before it; a delta counts
   * from the day after its posting, a debit posted after the due date is owed with its own free days):
   * December 8 000.00 (10 000.00 − the credit posted 05.01): 8 000.00 × 20 (10.02–01.03) = 50.67;
   *   after 4 000.00 paid 01.03: 4 000.00 × 30 (02.03–31.03) = 38.00, to 10.04: × 40 = 50.67;
   *   after 2 000.00 paid 10.04, from day 91 (11.04): 2 000.00 × 20 × 1/130 = 29.23.
   * December's debit 3 000.00 posted 20.02: day 31 = 23.03: × 9 = 8.55, to 30.04: × 39 = 37.05.
   * January 5 500.00 (5 000.00 + 500.00 posted before its due date), the credit 1 000.00 posted 05.03
   *   falls in the free days: 4 500.00 from day 31 (13.03): × 19 = 27.075 → 27.08, × 49 = 69.825 → 69.83.
   */
  it.each([
    ['2025-03-31', { '2024-12': '97.22', '2025-01': '27.08' }, '124.30'],
    ['2025-04-30', { '2024-12': '167.62', '2025-01': '69.83' }, '237.45'],
  ])(
    'on %s: the same amount per debt period',
    async (asOf, expected, total) => {
      const s = await statement(asOf);
      const stored = await night(asOf);
      expect(perPeriod(s.rows)).toEqual(expected);
      expect(stored).toEqual(expected);
      expect(s.total).toBe(total);
    },
    30_000,
  );
});
