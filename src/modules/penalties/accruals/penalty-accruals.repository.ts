import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccrualChange } from '../domain/accrual-changes.calc';
import { idRange } from './id-range';

export interface AccrualToStore extends AccrualChange {
  accountId: string;
}

/** SQL of penalty_accruals: the cumulative penalty per account, debt period and date. */
@Injectable()
export class PenaltyAccrualsRepository {
  /** The latest total before `asOf` per account and debt period (one statement for the chunk). */
  async previousTotals(
    m: EntityManager,
    accountIds: string[],
    asOf: string,
  ): Promise<Map<string, Map<string, string>>> {
    if (accountIds.length === 0) return new Map();
    const rows: { account_id: string; period: string; amount: string }[] = await m.query(
      `SELECT DISTINCT ON (account_id, period) account_id::text AS account_id,
              to_char(period, 'YYYY-MM') AS period, amount::text AS amount
         FROM penalty_accruals
        WHERE account_id = ANY($1::bigint[]) AND account_id BETWEEN $3 AND $4 AND as_of < $2
        ORDER BY account_id, period, as_of DESC`,
      [accountIds, asOf, ...idRange(accountIds)],
    );
    const totals = new Map<string, Map<string, string>>();
    for (const r of rows) {
      const byPeriod = totals.get(r.account_id) ?? new Map<string, string>();
      byPeriod.set(r.period, r.amount);
      totals.set(r.account_id, byPeriod);
    }
    return totals;
  }

  /**
   * Writes the accruals of a date in one statement. The unique key (account, period, as_of) decides:
   * a date already stored keeps its first answer, so running a night twice changes nothing.
   * Returns the number of rows written.
   */
  async insert(m: EntityManager, asOf: string, rows: AccrualToStore[]): Promise<number> {
    if (rows.length === 0) return 0;
    const doc = rows.map((r) => ({
      account_id: r.accountId,
      period: `${r.period}-01`,
      amount: r.amount,
      increment: r.increment,
      rows: r.rows,
    }));
    const inserted: unknown[] = await m.query(
      `INSERT INTO penalty_accruals (account_id, period, as_of, amount, increment, rows)
       SELECT x.account_id, x.period, $2::date, x.amount, x.increment, x.rows
         FROM jsonb_to_recordset($1::jsonb)
              AS x(account_id bigint, period date, amount numeric, increment numeric, rows jsonb)
       ON CONFLICT ON CONSTRAINT uq_penalty_accruals__account_period_as_of DO NOTHING
       RETURNING id`,
      [JSON.stringify(doc), asOf],
    );
    return inserted.length;
  }
}
