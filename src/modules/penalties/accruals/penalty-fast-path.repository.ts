import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { UnpaidTemplates } from '../domain/unpaid-debt.template';
import { idRange } from './id-range';
import { bindNamed } from './named-params';
import { debtorsSql } from './penalty-inputs.repository';

/**
 * The nightly job's set-based path for the accounts the engine would treat as plain unpaid debts
 * (issue 8): an account with no principal allocation and no recalculation line at all, whose debt
 * periods all have a template, and with no stored total of a period it no longer owes. For those,
 * every row of the engine is a template segment (`unpaidDebtTemplates`: the engine's own segments of
 * a debt of 1.00) times the account's balance, so one `INSERT … SELECT` writes exactly what the
 * engine would: the row amount is balance × days × rate / (denominator × 100) rounded half-up to the
 * kopeck, computed exactly in integers (kopecks = ⌊(2 · balance · days · rate + d) / (2 · d)⌋), the
 * formula and the money text formatted as `penaltyFormula` / `groupedMoney` / `moneyString` do, the
 * totals, increments and "nothing changed, nothing written" as `accrualChanges`.
 * Every other account is left to the engine (returned as not handled).
 * test/integration/penalties-fast-path.int-spec.ts runs both on the same books and compares every row.
 */
type Chunk = 'ids' | 'range';

/**
 * The statement for a chunk given as a list of account ids (:ids, with :first/:last their range for
 * the indexes) or as a range of ids (:first … :last), whose debtors it finds itself from the same
 * principal it reads for the rows (`debtorsSql`; :tz, :since) and returns.
 */
const fastPathSql = (chunk: Chunk): string => {
  const inChunk = (col: string) =>
    chunk === 'ids'
      ? `${col} = ANY(:ids::bigint[]) AND ${col} BETWEEN :first AND :last`
      : `${col} BETWEEN :first AND :last`;
  const ids =
    chunk === 'ids'
      ? `SELECT DISTINCT unnest(:ids::bigint[]) AS account_id`
      : debtorsSql(`SELECT account_id, period, amount FROM debt`, inChunk);
  return `
WITH tpl AS (SELECT * FROM jsonb_to_recordset(:tpl::jsonb) AS t(period date, due date)),
seg AS (SELECT * FROM jsonb_to_recordset(:seg::jsonb)
          AS s(period date, seq int, days int, den int, head text, mid text)),
debt AS (
  SELECT x.account_id, x.period, sum(x.amount)::numeric(14,2) AS amount
    FROM (SELECT account_id, period, amount FROM charge_lines
           WHERE ${inChunk('account_id')} AND period <= :lastPeriod::date
          UNION ALL
          SELECT account_id, period, amount FROM opening_balances
           WHERE kind = 'principal' AND ${inChunk('account_id')} AND period <= :lastPeriod::date) x
   GROUP BY x.account_id, x.period HAVING sum(x.amount) <> 0),
ids AS (${ids}),
owed AS (
  SELECT d.account_id, d.period, d.amount,
         '"balance":"' || d.amount::text || '","formula":"' || ltrim(to_char(d.amount, 'FM999 999 999 990.00'))
           AS part
    FROM debt d JOIN tpl ON tpl.period = d.period
   WHERE d.amount > 0 AND tpl.due < :asOf::date),
prev AS (
  SELECT DISTINCT ON (account_id, period) account_id, period, amount
    FROM penalty_accruals
   WHERE ${inChunk('account_id')} AND as_of < :asOf::date
   ORDER BY account_id, period, as_of DESC),
engine AS (
  (SELECT account_id FROM recalculation_lines WHERE ${inChunk('account_id')}
   UNION
   SELECT account_id FROM payment_allocations WHERE ${inChunk('account_id')} AND kind = 'principal'
   UNION
   SELECT d.account_id FROM debt d
    WHERE d.amount > 0 AND NOT EXISTS (SELECT 1 FROM tpl WHERE tpl.period = d.period)
   UNION
   SELECT p.account_id FROM prev p
    WHERE p.amount <> 0
      AND NOT EXISTS (SELECT 1 FROM owed o WHERE o.account_id = p.account_id AND o.period = p.period))
  INTERSECT
  SELECT account_id FROM ids),
fast AS (SELECT account_id FROM ids EXCEPT SELECT account_id FROM engine),
totals AS (
  SELECT o.account_id, o.period, coalesce(sum(r.kopecks), 0) * 0.01 AS amount,
         -- The rows as JSON text, parsed once per debt (cheaper than building jsonb per row): the
         -- segment's fixed keys and the formula's tail come ready from the application (head, mid),
         -- the debt's balance and grouped balance once per debt (part), so a row is five pieces.
         -- Every value is digits, dates, '/', '.', ' ', '×' or '%': nothing to escape.
         coalesce(('[' || string_agg(r.head || o.part || r.mid || (r.kopecks * 0.01)::text || '"}',
           ',' ORDER BY r.seq) || ']')::jsonb, '[]') AS rows
    FROM owed o
    LEFT JOIN LATERAL (
      SELECT s.seq, s.head, s.mid,
             div(2 * o.amount * s.days * :rate::numeric + s.den, 2 * s.den) AS kopecks
        FROM seg s WHERE s.period = o.period) r ON TRUE
   WHERE o.account_id IN (SELECT account_id FROM fast)
   GROUP BY o.account_id, o.period),
ins AS (
  INSERT INTO penalty_accruals (account_id, period, as_of, amount, increment, rows)
  SELECT t.account_id, t.period, :asOf::date, t.amount, t.amount - coalesce(p.amount, 0), t.rows
    FROM totals t LEFT JOIN prev p ON p.account_id = t.account_id AND p.period = t.period
   WHERE t.amount <> coalesce(p.amount, 0)
  ON CONFLICT ON CONSTRAINT uq_penalty_accruals__account_period_as_of DO NOTHING
  RETURNING 1)
SELECT (SELECT count(*) FROM ins)::int AS written,
       coalesce((SELECT array_agg(account_id::text) FROM engine), '{}') AS left_to_engine${
         chunk === 'range'
           ? `,
       coalesce((SELECT array_agg(account_id::text ORDER BY account_id) FROM ids), '{}') AS debtors`
           : ''
       }`;
};
const FAST_PATH_SQL: Record<Chunk, string> = { ids: fastPathSql('ids'), range: fastPathSql('range') };

export interface FastPathParams {
  asOf: string;
  lastPeriod: string;
  templates: UnpaidTemplates;
}

@Injectable()
export class PenaltyFastPathRepository {
  /**
   * Accrues the plain unpaid accounts among `accountIds` on `asOf` in one statement; returns the
   * accounts it handled (whether or not their totals changed) and the rows written.
   */
  async accrue(
    m: EntityManager,
    accountIds: string[],
    p: FastPathParams,
  ): Promise<{ handled: Set<string>; written: number }> {
    if (accountIds.length === 0) return { handled: new Set(), written: 0 };
    const [first, last] = idRange(accountIds);
    const row = await this.run(m, 'ids', p, { ids: accountIds, first, last });
    const left = new Set(row.left_to_engine);
    return { handled: new Set(accountIds.filter((id) => !left.has(id))), written: row.written };
  }

  /**
   * Finds the debtors among the accounts from `range.first` to `range.last` (as
   * `PenaltyInputsRepository.debtors`) and accrues the plain unpaid ones on `asOf`, in one statement;
   * returns the debtors (sorted), those left to the engine and the rows written.
   */
  async accrueRange(
    m: EntityManager,
    range: { first: string; last: string },
    p: FastPathParams & { since: Date | null; tz: string },
  ): Promise<{ debtors: string[]; leftToEngine: string[]; written: number }> {
    const row = await this.run(m, 'range', p, { ...range, since: p.since, tz: p.tz });
    return { debtors: row.debtors!, leftToEngine: row.left_to_engine, written: row.written };
  }

  private async run(
    m: EntityManager,
    chunk: Chunk,
    p: FastPathParams,
    values: Record<string, unknown>,
  ): Promise<{ written: number; left_to_engine: string[]; debtors?: string[] }> {
    const rate = p.templates.ratePercent;
    const tpl = p.templates.debts.map((d) => ({ period: `${d.period}-01`, due: d.dueDate }));
    const seg = p.templates.debts.flatMap((d) =>
      d.segments.map((s, seq) => ({
        period: `${d.period}-01`,
        seq,
        days: s.days,
        den: s.denominator,
        // A row's JSON is head + (balance, formula's grouped balance) + mid + amount + '"}': the keys
        // and values of `penaltyRowOf` (jsonb keeps no key order, so only the set of keys matters).
        head:
          `{"period":${JSON.stringify(d.period)},"from":${JSON.stringify(s.from)},` +
          `"to":${JSON.stringify(s.to)},"days":${s.days},"fraction":"1/${s.denominator}",` +
          `"ratePercent":${JSON.stringify(rate)},`,
        mid: ` × ${s.days} × 1/${s.denominator} × ${rate} %","amount":"`,
      })),
    );
    // The accounts left to the engine come back (few), not the handled ones (the whole chunk).
    const q = bindNamed(FAST_PATH_SQL[chunk], {
      ...values,
      lastPeriod: `${p.lastPeriod}-01`,
      asOf: p.asOf,
      tpl: JSON.stringify(tpl),
      seg: JSON.stringify(seg),
      rate,
    });
    const [row] = await m.query(q.sql, q.params);
    return row;
  }
}
