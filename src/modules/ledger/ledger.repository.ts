import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { TurnoverRowDto } from './dto/turnover.dto';

interface TurnoverRow {
  account_id: string;
  account_number: string;
  building_id: string;
  premises_number: string;
  opening: string;
  imported: string;
  charged: string;
  recalculated: string;
  paid: string;
  closing: string;
}

// The turnover sheet in one statement: each source aggregated once per account with FILTER,
// joined to the accounts in scope. $1/$2 the period's first/last day, $3 building, $4 organisation.
// Charges and imported balances count by the period they belong to, money by its payment date.
const TURNOVER = `
  WITH scope AS (
    SELECT a.id, a.number, a.opened_on, a.closed_on, p.building_id, p.number AS premises_number
      FROM accounts a JOIN premises p ON p.id = a.premises_id JOIN buildings b ON b.id = p.building_id
     WHERE ($3::bigint IS NULL OR p.building_id = $3) AND ($4::bigint IS NULL OR b.organisation_id = $4)
  ), ch AS (
    SELECT account_id, coalesce(sum(amount) FILTER (WHERE period < $1), 0) AS before,
           coalesce(sum(amount) FILTER (WHERE period = $1), 0) AS during
      FROM charge_lines WHERE account_id IN (SELECT id FROM scope) AND period <= $1 GROUP BY account_id
  ), rc AS (
    SELECT account_id, coalesce(sum(amount_delta) FILTER (WHERE posting_period < $1), 0) AS before,
           coalesce(sum(amount_delta) FILTER (WHERE posting_period = $1), 0) AS during
      FROM recalculation_lines WHERE account_id IN (SELECT id FROM scope) AND posting_period <= $1 GROUP BY account_id
  ), ob AS (
    SELECT account_id, coalesce(sum(amount) FILTER (WHERE period < $1), 0) AS before,
           coalesce(sum(amount) FILTER (WHERE period = $1), 0) AS during
      FROM opening_balances WHERE account_id IN (SELECT id FROM scope) AND period <= $1 GROUP BY account_id
  ), pay AS (
    SELECT account_id, coalesce(sum(amount) FILTER (WHERE paid_on < $1), 0) AS before,
           coalesce(sum(amount) FILTER (WHERE paid_on >= $1), 0) AS during
      FROM payments WHERE account_id IN (SELECT id FROM scope) AND paid_on <= $2 GROUP BY account_id
  ), t AS (
    SELECT s.*, coalesce(ch.before, 0) + coalesce(rc.before, 0) + coalesce(ob.before, 0) - coalesce(pay.before, 0) AS opening,
           coalesce(ob.during, 0) AS imported, coalesce(ch.during, 0) AS charged, coalesce(rc.during, 0) AS recalculated,
           coalesce(pay.during, 0) AS paid
      FROM scope s LEFT JOIN ch ON ch.account_id = s.id LEFT JOIN rc ON rc.account_id = s.id
           LEFT JOIN ob ON ob.account_id = s.id LEFT JOIN pay ON pay.account_id = s.id
  )
  SELECT id::text AS account_id, number AS account_number, building_id::text AS building_id, premises_number,
         opening::numeric(14,2)::text AS opening, imported::numeric(14,2)::text AS imported,
         charged::numeric(14,2)::text AS charged, recalculated::numeric(14,2)::text AS recalculated,
         paid::numeric(14,2)::text AS paid,
         (opening + imported + charged + recalculated - paid)::numeric(14,2)::text AS closing
    FROM t
   WHERE (opened_on <= $2 AND (closed_on IS NULL OR closed_on >= $1))
      OR opening <> 0 OR imported <> 0 OR charged <> 0 OR recalculated <> 0 OR paid <> 0
   ORDER BY number`;

/** Read-only SQL of the ledger and the turnover sheet (over charges, balances and payments). */
@Injectable()
export class LedgerRepository {
  async exists(
    m: EntityManager,
    table: 'accounts' | 'buildings' | 'organisations',
    id: string,
  ): Promise<boolean> {
    const rows: unknown[] = await m.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  async turnover(
    m: EntityManager,
    p: { from: string; to: string; buildingId: string | null; organisationId: string | null },
  ): Promise<TurnoverRowDto[]> {
    const rows: TurnoverRow[] = await m.query(TURNOVER, [p.from, p.to, p.buildingId, p.organisationId]);
    return rows.map((r) => ({
      accountId: r.account_id,
      accountNumber: r.account_number,
      buildingId: r.building_id,
      premisesNumber: r.premises_number,
      openingDebt: r.opening,
      imported: r.imported,
      charged: r.charged,
      recalculated: r.recalculated,
      paid: r.paid,
      closingDebt: r.closing,
    }));
  }
}
