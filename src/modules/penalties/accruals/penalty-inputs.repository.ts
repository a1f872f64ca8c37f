import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from 'src/config/configuration';
import { BookedDebt, BookedDelta, BookedPayment } from '../domain/account-inputs.build';
import { idRange } from './id-range';
import { bindNamed } from './named-params';

/**
 * The penalty engine's inputs read straight from the books, set-based over a group of accounts (one
 * statement per kind of input, never one per account): principal per account and period (charge
 * lines + opening balances), recalculation deltas per posting period and posting day, principal
 * allocations per payment and period, and the debtors of a day.
 * Reads the payments tables as a reporting read model (their module owns the writes).
 */

// Net principal allocations per original payment and period: a reversal's rows count against the
// payment it reverses (the money was never paid), so a fully reversed payment disappears.
const PRINCIPAL_PAID = `
  SELECT a.account_id, root.id AS payment_id, root.paid_on, a.period, sum(a.amount) AS amount
    FROM payment_allocations a
    JOIN payments p ON p.id = a.payment_id
    JOIN payments root ON root.id = coalesce(p.reverses_payment_id, p.id)
   WHERE a.kind = 'principal'`;

const BOOKED_PRINCIPAL = `
  SELECT account_id, period, amount FROM charge_lines
  UNION ALL
  SELECT account_id, period, amount FROM opening_balances WHERE kind = 'principal'`;

// Recalculation deltas by the period they were posted into and the day they were posted ($tz: the
// billing time zone), netted per day. Used for the debtors with the deltas posted up to asOf.
const BOOKED_DELTAS = (tz: string, asOf: string): string => `
  SELECT account_id, posting_period AS period, (created_at AT TIME ZONE ${tz})::date AS posted_on,
         sum(amount_delta) AS amount
    FROM recalculation_lines WHERE (created_at AT TIME ZONE ${tz})::date <= ${asOf}
   GROUP BY 1, 2, 3`;

/**
 * The debtors' distinct `account_id` (named parameters :asOf, :lastPeriod as a date, :since, :tz):
 * `principal` gives the booked principal rows (account_id, period, amount) of the periods up to
 * :lastPeriod of the accounts in question (per row or already summed per account and period), and
 * `inChunk(column)` the condition on account ids that selects the same accounts in the other books.
 */
export function debtorsSql(principal: string, inChunk: (column: string) => string): string {
  return `
    SELECT b.account_id FROM (
      ${principal}
      UNION ALL
      SELECT r.account_id, r.period, r.amount FROM (${BOOKED_DELTAS(':tz::text', ':asOf::date')}) r
       WHERE ${inChunk('r.account_id')} AND r.period <= :lastPeriod::date
      UNION ALL
      SELECT y.account_id, y.period, -y.amount FROM (${PRINCIPAL_PAID}
         AND ${inChunk('a.account_id')} AND a.period <= :lastPeriod::date AND root.paid_on < :asOf::date
       GROUP BY a.account_id, root.id, root.paid_on, a.period) y
    ) b GROUP BY b.account_id, b.period HAVING sum(b.amount) > 0
    UNION
    SELECT account_id FROM payment_allocations
     WHERE :since::timestamptz IS NOT NULL AND kind = 'principal' AND created_at >= :since::timestamptz
       AND period <= :lastPeriod::date AND ${inChunk('account_id')}`;
}

interface BookRow {
  /** 1 debt (principal booked), 2 recalculation delta, 3 principal paid. */
  kind: 1 | 2 | 3;
  account_id: string;
  period: string;
  day: string | null;
  payment_id: string | null;
  amount: string;
}

export interface AccountBooks {
  debts: BookedDebt[];
  payments: BookedPayment[];
  deltas: BookedDelta[];
}

@Injectable()
export class PenaltyInputsRepository {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /**
   * The debtors among the accounts from `range.first` to `range.last` (both included), sorted: the
   * accounts that owe principal of a period up to `lastPeriod` after the payments made before `asOf`
   * (a payment on asOf does not end that day's penalty), plus accounts with principal allocated since
   * `since` (a payment posted late lowers totals already stored). A chunk of the nightly run finds its
   * own debtors so (the fast path does the same inside its statement, see `debtorsSql`).
   */
  async debtors(
    m: EntityManager,
    range: { first: string; last: string },
    p: { asOf: string; lastPeriod: string; since: Date | null },
  ): Promise<string[]> {
    const inRange = (col: string) => `${col} BETWEEN :first AND :last`;
    const q = bindNamed(
      `SELECT account_id::text AS id FROM (${debtorsSql(
        `SELECT account_id, period, amount FROM (${BOOKED_PRINCIPAL}) x
          WHERE ${inRange('x.account_id')} AND x.period <= :lastPeriod::date`,
        inRange,
      )}) d ORDER BY account_id`,
      { ...p, lastPeriod: `${p.lastPeriod}-01`, tz: this.config.billing.timezone, ...range },
    );
    const rows: { id: string }[] = await m.query(q.sql, q.params);
    return rows.map((r) => r.id);
  }

  /**
   * Principal booked, recalculated and paid up to `lastPeriod`, for the accounts, in one statement
   * (one round trip per chunk): the three kinds of rows come tagged and sorted by kind, account and
   * each kind's own order (debts by period; deltas by period and posting day; payments by payment
   * day and id, the order the allocation replays them in).
   */
  async books(
    m: EntityManager,
    accountIds: string[],
    p: { asOf: string; lastPeriod: string },
  ): Promise<Map<string, AccountBooks>> {
    if (accountIds.length === 0) return new Map();
    const rows: BookRow[] = await m.query(
      `SELECT kind, account_id::text AS account_id, to_char(period, 'YYYY-MM') AS period,
              to_char(day, 'YYYY-MM-DD') AS day, payment_id::text AS payment_id,
              amount::numeric(14,2)::text AS amount
         FROM (
           SELECT 1 AS kind, x.account_id, x.period, NULL::date AS day, NULL::bigint AS payment_id,
                  sum(x.amount) AS amount
             FROM (${BOOKED_PRINCIPAL}) x
            WHERE x.account_id = ANY($1::bigint[]) AND x.account_id BETWEEN $5 AND $6 AND x.period <= $2
            GROUP BY x.account_id, x.period HAVING sum(x.amount) <> 0
           UNION ALL
           SELECT 2, r.account_id, r.period, r.posted_on, NULL, r.amount
             FROM (${BOOKED_DELTAS('$4::text', '$3::date')}) r
            WHERE r.account_id = ANY($1::bigint[]) AND r.account_id BETWEEN $5 AND $6 AND r.period <= $2
              AND r.amount <> 0
           UNION ALL
           SELECT 3, y.account_id, y.period, y.paid_on, y.payment_id, y.amount
             FROM (${PRINCIPAL_PAID} AND a.account_id = ANY($1::bigint[]) AND a.account_id BETWEEN $5 AND $6
                     AND a.period <= $2 AND root.paid_on <= $3
                   GROUP BY a.account_id, root.id, root.paid_on, a.period HAVING sum(a.amount) > 0) y
         ) b
        ORDER BY kind, b.account_id,
                 CASE WHEN kind = 3 THEN day END, CASE WHEN kind = 3 THEN payment_id END, period, day`,
      [accountIds, `${p.lastPeriod}-01`, p.asOf, this.config.billing.timezone, ...idRange(accountIds)],
    );
    const books = new Map<string, AccountBooks>(
      accountIds.map((id) => [id, { debts: [], payments: [], deltas: [] }]),
    );
    for (const r of rows) {
      const b = books.get(r.account_id);
      if (!b) continue;
      if (r.kind === 1) b.debts.push({ period: r.period, amount: r.amount });
      else if (r.kind === 2) b.deltas.push({ period: r.period, postedOn: r.day!, amount: r.amount });
      else b.payments.push({ paymentId: r.payment_id!, paidOn: r.day!, period: r.period, amount: r.amount });
    }
    return books;
  }

  async accountExists(m: EntityManager, accountId: string): Promise<boolean> {
    const rows: unknown[] = await m.query(`SELECT 1 FROM accounts WHERE id = $1`, [accountId]);
    return rows.length > 0;
  }
}
