import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface PenaltyChargeLine {
  /** Debt period YYYY-MM the penalty was accrued on. */
  debtPeriod: string;
  /** Accrued on it up to the close date, roubles. */
  accrued: string;
  /** Charged on it by earlier penalty lines, roubles. */
  previouslyCharged: string;
  /** accrued − previouslyCharged, roubles. */
  amount: string;
}

export interface PenaltyChargeRow {
  account_id: string;
  period: string;
  close_date: string;
  amount: string;
  lines: PenaltyChargeLine[];
}

export interface PostingRow {
  period: string;
  close_date: string;
  status: 'waiting' | 'posted' | 'failed';
  run_status: string | null;
  requested_by: string;
  requested_at: Date;
  posted_at: Date | null;
  created: number | null;
  error_code: string | null;
  error: string | null;
}

const POSTING_COLUMNS = `to_char(p.period, 'YYYY-MM') AS period, to_char(p.close_date, 'YYYY-MM-DD') AS close_date,
  p.status, r.status AS run_status, p.requested_by, p.requested_at, p.posted_at, p.created, p.error_code, p.error`;

// Per account: the latest accrued total per debt period on or before the close date, minus what the
// lines of earlier periods charged on that debt; one penalty line per account with any difference.
const INSERT_CHARGES = `
  WITH accrued AS (
    SELECT DISTINCT ON (account_id, period) account_id, to_char(period, 'YYYY-MM') AS debt_period, amount
      FROM penalty_accruals WHERE as_of <= $2::date ORDER BY account_id, period, as_of DESC
  ), prev AS (
    SELECT c.account_id, l->>'debtPeriod' AS debt_period, sum((l->>'amount')::numeric) AS charged
      FROM penalty_charges c CROSS JOIN LATERAL jsonb_array_elements(c.lines) l
     WHERE c.period < $1::date GROUP BY 1, 2
  ), delta AS (
    SELECT coalesce(a.account_id, p.account_id) AS account_id, coalesce(a.debt_period, p.debt_period) AS debt_period,
           coalesce(a.amount, 0) AS accrued, coalesce(p.charged, 0) AS prev
      FROM accrued a FULL JOIN prev p ON p.account_id = a.account_id AND p.debt_period = a.debt_period
  )
  INSERT INTO penalty_charges (account_id, period, close_date, amount, lines, created_by)
  SELECT account_id, $1::date, $2::date, sum(accrued - prev),
         jsonb_agg(jsonb_build_object('debtPeriod', debt_period, 'accrued', accrued::numeric(14,2)::text,
                   'previouslyCharged', prev::numeric(14,2)::text, 'amount', (accrued - prev)::numeric(14,2)::text)
                   ORDER BY debt_period), $3::text
    FROM delta WHERE accrued <> prev GROUP BY account_id
  ON CONFLICT ON CONSTRAINT uq_penalty_charges__account_period DO NOTHING
  RETURNING id`;

/** SQL of penalty_charges: the penalty line of a payment document per account and billing period. */
@Injectable()
export class PenaltyChargesRepository {
  constructor(private readonly db: DataSource) {}

  /** Creates the missing lines of a period in one statement; returns how many were created. */
  async insertForPeriod(m: EntityManager, period: string, closeDate: string, by: string): Promise<number> {
    const rows: unknown[] = await m.query(INSERT_CHARGES, [`${period}-01`, closeDate, by]);
    return rows.length;
  }

  async laterPeriodExists(m: EntityManager, period: string): Promise<boolean> {
    const rows: unknown[] = await m.query(`SELECT 1 FROM penalty_charges WHERE period > $1 LIMIT 1`, [
      `${period}-01`,
    ]);
    return rows.length > 0;
  }

  async totals(period: string): Promise<{ accounts: number; total: string }> {
    const [row] = await this.db.query(
      `SELECT count(*)::int AS accounts, coalesce(sum(amount), 0)::numeric(14,2)::text AS total
         FROM penalty_charges WHERE period = $1`,
      [`${period}-01`],
    );
    return row;
  }

  /** The penalty lines of a period for the accounts (payment documents). */
  async ofAccounts(m: EntityManager, accountIds: string[], period: string): Promise<PenaltyChargeRow[]> {
    return m.query(
      `SELECT account_id::text AS account_id, to_char(period, 'YYYY-MM') AS period,
              to_char(close_date, 'YYYY-MM-DD') AS close_date, amount::text AS amount, lines
         FROM penalty_charges WHERE account_id = ANY($1::bigint[]) AND period = $2 ORDER BY penalty_charges.account_id`,
      [accountIds, `${period}-01`],
    );
  }

  async insertPosting(m: EntityManager, period: string, closeDate: string, by: string): Promise<void> {
    await m.query(
      `INSERT INTO penalty_charge_postings (period, close_date, requested_by) VALUES ($1, $2, $3)
       ON CONFLICT (period) DO NOTHING`,
      [`${period}-01`, closeDate, by],
    );
  }

  /** The oldest waiting posting with the status of its close date's run (locked). */
  async oldestWaiting(m: EntityManager): Promise<PostingRow | undefined> {
    const [row] = await m.query(
      `SELECT ${POSTING_COLUMNS} FROM penalty_charge_postings p LEFT JOIN penalty_runs r ON r.run_date = p.close_date
        WHERE p.status = 'waiting' ORDER BY p.period LIMIT 1 FOR UPDATE OF p`,
    );
    return row;
  }

  /** Marks a period posted (a manual posting records it too, so the close never posts it again). */
  async markPosted(m: EntityManager, period: string, created: number, by: string): Promise<void> {
    await m.query(
      `INSERT INTO penalty_charge_postings (period, close_date, requested_by, status, posted_at, created)
       VALUES ($1, ($1::date + interval '1 month' - interval '1 day')::date, $3, 'posted', now(), $2)
       ON CONFLICT (period) DO UPDATE SET status = 'posted', posted_at = now(), created = $2, error_code = NULL, error = NULL
        WHERE penalty_charge_postings.status <> 'posted'`,
      [`${period}-01`, created, by],
    );
  }

  async markFailed(m: EntityManager, period: string, code: string, error: string): Promise<void> {
    await m.query(
      `UPDATE penalty_charge_postings SET status = 'failed', error_code = $2, error = $3 WHERE period = $1`,
      [`${period}-01`, code, error],
    );
  }

  async postings(): Promise<PostingRow[]> {
    return this.db.query(
      `SELECT ${POSTING_COLUMNS} FROM penalty_charge_postings p LEFT JOIN penalty_runs r ON r.run_date = p.close_date
        ORDER BY p.period DESC LIMIT 120`,
    );
  }
}
