import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReportGroupBy } from './dto/report-query.dto';

/** The group columns of a report: key, label and sort expression over b (buildings), o (organisations), s (services). */
const GROUPS: Record<ReportGroupBy, { key: string; label: string; sort: string; pk: string }> = {
  [ReportGroupBy.Total]: { key: `NULL::text`, label: `'total'`, sort: `NULL::int`, pk: `` }, // not used in SQL
  [ReportGroupBy.Building]: { key: `b.id::text`, label: `b.address`, sort: `b.id`, pk: `b.id` },
  [ReportGroupBy.Service]: { key: `s.code`, label: `s.name`, sort: `s.sort_order`, pk: `s.code` },
  [ReportGroupBy.Organisation]: { key: `o.id::text`, label: `o.name`, sort: `o.id`, pk: `o.id` },
};

/** Joins from a row with account_id and service_code to its building, organisation and service, with the scope filter. */
const SCOPE = (alias: string) => `
  JOIN accounts a ON a.id = ${alias}.account_id
  JOIN premises pr ON pr.id = a.premises_id
  JOIN buildings b ON b.id = pr.building_id
  JOIN organisations o ON o.id = b.organisation_id
  LEFT JOIN services s ON s.code = ${alias}.service_code`;

export interface RateRow {
  period: string;
  key: string | null;
  label: string;
  is_total: boolean;
  charged: string;
  recalculated: string;
  paid: string;
}

export interface AgedRow {
  key: string | null;
  label: string;
  period: string;
  amount: string;
}

export interface ReasonRow {
  period: string;
  category: string;
  reason_code: string;
  service_code: string | null;
  lines: number;
  documents: number | null;
  accounts: number;
  amount: string;
  coefficient_amount: string;
}

export interface MeterRow {
  meter_id: string;
  building_id: string;
  address: string;
  premises_number: string | null;
  kind: string;
  service_code: string;
  serial_number: string;
  next_verification_on: string;
}

export interface Scope {
  buildingId: string | null;
  organisationId: string | null;
}

/** Read-only report SQL: one set-based statement per report, no personal data selected. */
@Injectable()
export class ReportsRepository {
  constructor(private readonly db: DataSource) {}

  async exists(table: 'buildings' | 'organisations', id: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  /**
   * Charged (charge lines of the period), recalculated (deltas posted into it) and paid (principal
   * allocations to the period's cells from payments received up to asOf) per period and group, and
   * per period for the whole scope (grouping sets). $1/$2 first/last period, $3 asOf, $4/$5 scope.
   */
  collectionRate(
    p: Scope & { from: string; to: string; asOf: string; groupBy: ReportGroupBy },
  ): Promise<RateRow[]> {
    const g = GROUPS[p.groupBy];
    // Two steps: the source rows summed per period and group by hashing (a few thousand groups), then
    // the per-period totals over those sums; grouping sets over the raw rows would sort them all.
    const total = p.groupBy === ReportGroupBy.Total;
    const inner = total
      ? `NULL::text AS key, 'total' AS label, NULL::bigint AS sort`
      : `${g.key} AS key, ${g.label} AS label, ${g.sort}::bigint AS sort`;
    const outer = total
      ? `key, label, true AS is_total`
      : `key, coalesce(label, '') AS label, GROUPING(key, label, sort) <> 0 AS is_total`;
    const sets = total ? `period, key, label` : `GROUPING SETS ((period, key, label, sort), (period))`;
    return this.db.query(
      `WITH x AS (
         SELECT period, account_id, service_code, amount AS charged, 0::numeric AS recalculated, 0::numeric AS paid
           FROM charge_lines WHERE period BETWEEN $1::date AND $2::date
         UNION ALL
         SELECT posting_period, account_id, service_code, 0, amount_delta, 0
           FROM recalculation_lines WHERE posting_period BETWEEN $1::date AND $2::date
         UNION ALL
         SELECT pa.period, pa.account_id, pa.service_code, 0, 0, pa.amount
           FROM payment_allocations pa JOIN payments pm ON pm.id = pa.payment_id
          WHERE pa.kind = 'principal' AND pa.period BETWEEN $1::date AND $2::date AND pm.paid_on <= $3::date
       ), g AS (
         SELECT x.period, ${inner}, sum(x.charged) AS charged, sum(x.recalculated) AS recalculated, sum(x.paid) AS paid
           FROM x ${SCOPE('x')}
          WHERE ($4::bigint IS NULL OR b.id = $4) AND ($5::bigint IS NULL OR o.id = $5)
          GROUP BY x.period${total ? '' : `, ${g.pk}`}
       )
       SELECT to_char(period, 'YYYY-MM') AS period, ${outer},
              sum(charged)::numeric(14,2)::text AS charged, sum(recalculated)::numeric(14,2)::text AS recalculated,
              sum(paid)::numeric(14,2)::text AS paid
         FROM g
        GROUP BY ${sets}
        ORDER BY g.period, is_total, ${total ? 'key' : 'sort, key'}`,
      [`${p.from}-01`, `${p.to}-01`, p.asOf, p.buildingId, p.organisationId],
    );
  }

  /**
   * Unpaid principal per group and billing period on asOf: per account, period and service the
   * charges, recalculations posted and migrated principal of periods up to asOf's month, less
   * principal allocations of payments received up to asOf; cells owing nothing or in credit left out.
   */
  agedDebt(p: Scope & { asOf: string; groupBy: ReportGroupBy }): Promise<AgedRow[]> {
    const g = GROUPS[p.groupBy];
    const total = p.groupBy === ReportGroupBy.Total;
    const cols = total
      ? `NULL::text AS key, 'total' AS label`
      : `${g.key} AS key, coalesce(${g.label}, '') AS label`;
    const groups = total ? `c.period` : `${g.key}, ${g.label}, ${g.sort}, c.period`;
    const order = total ? `c.period` : `${g.sort}, key, c.period`;
    return this.db.query(
      `WITH u AS (
         SELECT account_id, period, service_code, amount FROM charge_lines WHERE period <= $1::date
         UNION ALL
         SELECT account_id, posting_period, service_code, amount_delta FROM recalculation_lines WHERE posting_period <= $1::date
         UNION ALL
         SELECT account_id, period, service_code, amount FROM opening_balances WHERE kind = 'principal' AND period <= $1::date
         UNION ALL
         SELECT pa.account_id, pa.period, pa.service_code, -pa.amount
           FROM payment_allocations pa JOIN payments pm ON pm.id = pa.payment_id
          WHERE pa.kind = 'principal' AND pa.period <= $1::date AND pm.paid_on <= $1::date
       ), cells AS (
         SELECT account_id, period, service_code, sum(amount) AS owed FROM u
          GROUP BY account_id, period, service_code HAVING sum(amount) > 0
       )
       SELECT ${cols}, to_char(c.period, 'YYYY-MM') AS period,
              sum(c.owed)::numeric(14,2)::text AS amount
         FROM cells c ${SCOPE('c')}
        WHERE ($2::bigint IS NULL OR b.id = $2) AND ($3::bigint IS NULL OR o.id = $3)
        GROUP BY ${groups}
        ORDER BY ${order}`,
      [p.asOf, p.buildingId, p.organisationId],
    );
  }

  /**
   * Charges by method, recalculations by kind and reason code, and penalty lines, per period and
   * service, in one statement. $1/$2 first/last period, $3/$4 scope.
   */
  byReason(p: Scope & { from: string; to: string }): Promise<ReasonRow[]> {
    return this.db.query(
      `WITH r AS (
         SELECT cl.period, 'charge' AS category, cl.method AS reason_code, cl.service_code, count(*)::int AS lines,
                NULL::int AS documents, count(DISTINCT cl.account_id)::int AS accounts, sum(cl.amount) AS amount,
                sum(cl.coefficient_amount) AS coefficient_amount, 1 AS category_order
           FROM charge_lines cl ${SCOPE('cl')}
          WHERE cl.period BETWEEN $1::date AND $2::date
            AND ($3::bigint IS NULL OR b.id = $3) AND ($4::bigint IS NULL OR o.id = $4)
          GROUP BY cl.period, cl.method, cl.service_code
         UNION ALL
         SELECT rl.posting_period, 'recalculation', rc.kind || ':' || rc.reason_code, rl.service_code, count(*)::int,
                count(DISTINCT rl.recalculation_id)::int, count(DISTINCT rl.account_id)::int, sum(rl.amount_delta), 0, 2
           FROM recalculation_lines rl JOIN recalculations rc ON rc.id = rl.recalculation_id ${SCOPE('rl')}
          WHERE rl.posting_period BETWEEN $1::date AND $2::date
            AND ($3::bigint IS NULL OR b.id = $3) AND ($4::bigint IS NULL OR o.id = $4)
          GROUP BY rl.posting_period, rc.kind, rc.reason_code, rl.service_code
         UNION ALL
         SELECT pc.period, 'penalty', 'penalty_155_14', NULL, count(*)::int, NULL, count(DISTINCT pc.account_id)::int,
                sum(pc.amount), 0, 3
           FROM (SELECT *, NULL::text AS service_code FROM penalty_charges) pc ${SCOPE('pc')}
          WHERE pc.period BETWEEN $1::date AND $2::date
            AND ($3::bigint IS NULL OR b.id = $3) AND ($4::bigint IS NULL OR o.id = $4)
          GROUP BY pc.period
       )
       SELECT to_char(r.period, 'YYYY-MM') AS period, r.category, r.reason_code, r.service_code, r.lines, r.documents,
              r.accounts, r.amount::numeric(14,2)::text AS amount,
              r.coefficient_amount::numeric(14,2)::text AS coefficient_amount
         FROM r LEFT JOIN services s ON s.code = r.service_code
        ORDER BY r.period, r.category_order, r.reason_code, s.sort_order NULLS FIRST`,
      [`${p.from}-01`, `${p.to}-01`, p.buildingId, p.organisationId],
    );
  }

  /** Active meters whose verification ends on or before `until` (overdue ones included). */
  metersDue(p: Scope & { until: string }): Promise<MeterRow[]> {
    return this.db.query(
      `SELECT m.id::text AS meter_id, b.id::text AS building_id, b.address, pr.number AS premises_number, m.kind,
              m.service_code, m.serial_number, to_char(m.next_verification_on, 'YYYY-MM-DD') AS next_verification_on
         FROM meters m
         JOIN buildings b ON b.id = m.building_id
         LEFT JOIN premises pr ON pr.id = m.premises_id
        WHERE m.status = 'active' AND m.next_verification_on <= $1::date
          AND ($2::bigint IS NULL OR b.id = $2) AND ($3::bigint IS NULL OR b.organisation_id = $3)
        ORDER BY b.id, m.next_verification_on, m.id`,
      [p.until, p.buildingId, p.organisationId],
    );
  }
}
