import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ActSource } from './domain/subscriber-act.build';
import { VolumeSource } from './domain/volume-reconciliation.build';

export interface ActParty {
  accountId: string;
  accountNumber: string;
  holderName: string;
  address: string;
  organisationName: string;
}

const END = `(date_trunc('month', x) + interval '1 month - 1 day')::date`;
const periodEnd = (col: string) => `to_char(${END.replace('x', col)}, 'YYYY-MM-DD')`;

/** Read-only SQL of the reconciliation acts: one statement per kind of booked event. */
@Injectable()
export class ReconciliationRepository {
  async exists(m: EntityManager, table: 'buildings' | 'organisations', id: string): Promise<boolean> {
    const rows: unknown[] = await m.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  async party(m: EntityManager, accountId: string): Promise<ActParty | null> {
    const rows: ActParty[] = await m.query(
      `SELECT a.id::text AS "accountId", a.number AS "accountNumber", a.holder_name AS "holderName",
              concat_ws(', ', b.address, 'кв. ' || p.number) AS address, o.name AS "organisationName"
         FROM accounts a JOIN premises p ON p.id = a.premises_id JOIN buildings b ON b.id = p.building_id
         JOIN organisations o ON o.id = b.organisation_id
        WHERE a.id = $1`,
      [accountId],
    );
    return rows[0] ?? null;
  }

  /** Every booked event of the account up to `to` (earlier ones make the opening balance). */
  async sources(m: EntityManager, accountId: string, to: string): Promise<ActSource[]> {
    const charges: { date: string; period: string; service_code: string; amount: string }[] = await m.query(
      `SELECT ${periodEnd('period')} AS date, to_char(period, 'YYYY-MM') AS period, service_code,
              sum(amount)::numeric(14,2)::text AS amount
         FROM charge_lines WHERE account_id = $1 AND period <= $2
        GROUP BY period, service_code ORDER BY period, service_code`,
      [accountId, to],
    );
    const imported: { date: string; period: string; service_code: string; kind: string; amount: string }[] =
      await m.query(
        `SELECT ${periodEnd('period')} AS date, to_char(period, 'YYYY-MM') AS period, service_code, kind,
                amount::text AS amount
           FROM opening_balances WHERE account_id = $1 AND period <= $2 ORDER BY period, service_code, id`,
        [accountId, to],
      );
    const recalcs: {
      date: string;
      period: string;
      number: string;
      reason: string;
      amount: string;
      lines: { serviceCode: string; correctedPeriod: string; amount: string }[];
    }[] = await m.query(
      `SELECT ${periodEnd('l.posting_period')} AS date, to_char(l.posting_period, 'YYYY-MM') AS period,
              r.number, r.reason, sum(l.amount_delta)::numeric(14,2)::text AS amount,
              jsonb_agg(jsonb_build_object('serviceCode', l.service_code,
                'correctedPeriod', to_char(l.corrected_period, 'YYYY-MM'), 'amount', l.amount_delta::text)
                ORDER BY l.corrected_period, l.service_code, l.id) AS lines
         FROM recalculation_lines l JOIN recalculations r ON r.id = l.recalculation_id
        WHERE l.account_id = $1 AND l.posting_period <= $2
        GROUP BY l.posting_period, r.id ORDER BY l.posting_period, r.id`,
      [accountId, to],
    );
    const payments: {
      id: string;
      date: string;
      amount: string;
      channel: string;
      reason: string | null;
      allocation: {
        kind: 'principal' | 'penalty' | 'advance';
        period: string | null;
        serviceCode: string | null;
        amount: string;
      }[];
    }[] = await m.query(
      `SELECT p.id::text AS id, to_char(p.paid_on, 'YYYY-MM-DD') AS date, p.amount::text AS amount, p.channel, p.reason,
              coalesce((SELECT jsonb_agg(jsonb_build_object('kind', a.kind, 'period', to_char(a.period, 'YYYY-MM'),
                          'serviceCode', a.service_code, 'amount', a.amount::text) ORDER BY a.id)
                          FROM payment_allocations a WHERE a.payment_id = p.id), '[]') AS allocation
         FROM payments p WHERE p.account_id = $1 AND p.paid_on <= $2 ORDER BY p.paid_on, p.id`,
      [accountId, to],
    );
    const penalties: {
      date: string;
      period: string;
      amount: string;
      lines: { debtPeriod: string; amount: string }[];
    }[] = await m.query(
      `SELECT to_char(close_date, 'YYYY-MM-DD') AS date, to_char(period, 'YYYY-MM') AS period,
              amount::text AS amount, lines
         FROM penalty_charges WHERE account_id = $1 AND close_date <= $2 ORDER BY close_date, id`,
      [accountId, to],
    );
    return [
      ...charges.map((c): ActSource => ({
        kind: 'charge',
        date: c.date,
        period: c.period,
        serviceCode: c.service_code,
        amount: c.amount,
      })),
      ...imported.map((i): ActSource => ({
        kind: 'imported',
        date: i.date,
        period: i.period,
        serviceCode: i.service_code,
        penalty: i.kind === 'penalty',
        amount: i.amount,
      })),
      ...recalcs.map((r): ActSource => ({ kind: 'recalculation', ...r })),
      ...payments.map((p): ActSource => ({
        kind: 'payment',
        date: p.date,
        paymentId: p.id,
        amount: p.amount,
        channel: p.channel,
        reason: p.reason,
        allocation: p.allocation,
      })),
      ...penalties.map((p): ActSource => ({
        kind: 'penalty',
        date: p.date,
        period: p.period,
        amount: p.amount,
        debtPeriods: p.lines.map((l) => ({ debtPeriod: l.debtPeriod, amount: l.amount })),
      })),
    ];
  }

  /**
   * Volumes of the period per building and base service from the charge lines: individual volumes by
   * method, the ОДН lines' volumes and their basis.houseVolume, the supplier in force at the period start.
   */
  async volumes(
    m: EntityManager,
    p: { period: string; buildingId: string | null; supplierId: string | null; serviceCode: string | null },
  ): Promise<VolumeSource[]> {
    return m.query(
      `WITH l AS (
         SELECT cl.building_id, regexp_replace(cl.service_code, '_odn$', '') AS service, cl.service_code,
                cl.method, cl.volume, cl.unit, cl.basis
           FROM charge_lines cl
          WHERE cl.period = $1 AND ($2::bigint IS NULL OR cl.building_id = $2)
       ), g AS (
         SELECT building_id, service, max(unit) FILTER (WHERE service_code = service) AS unit,
                max(unit) AS any_unit,
                coalesce(sum(volume) FILTER (WHERE method = 'metered'), 0) AS metered,
                coalesce(sum(volume) FILTER (WHERE method = 'average'), 0) AS average,
                coalesce(sum(volume) FILTER (WHERE method = 'norm'), 0) AS norm,
                coalesce(sum(volume) FILTER (WHERE method IN ('area', 'derived') AND service_code = service), 0) AS other,
                coalesce(sum(volume) FILTER (WHERE method = 'common'), 0) AS common,
                max((basis->>'houseVolume')::numeric) FILTER (WHERE method = 'common') AS house,
                count(*) FILTER (WHERE method IN ('metered', 'average', 'norm', 'common')) AS volumetric
           FROM l GROUP BY building_id, service
       )
       SELECT g.building_id::text AS "buildingId", b.address, g.service AS "serviceCode",
              coalesce(g.unit, g.any_unit) AS unit, bs.supplier_organisation_id::text AS "supplierId",
              o.name AS "supplierName", g.house::text AS "houseVolume",
              trim_scale(g.metered)::text AS metered, trim_scale(g.average)::text AS average,
              trim_scale(g.norm)::text AS norm, trim_scale(g.other)::text AS other,
              trim_scale(g.common)::text AS "commonProperty"
         FROM g JOIN buildings b ON b.id = g.building_id
         LEFT JOIN building_services bs ON bs.building_id = g.building_id AND bs.service_code = g.service
              AND bs.valid_from <= $1 AND (bs.valid_to IS NULL OR bs.valid_to >= $1)
         LEFT JOIN organisations o ON o.id = bs.supplier_organisation_id
        WHERE g.volumetric > 0 AND ($3::bigint IS NULL OR bs.supplier_organisation_id = $3)
          AND ($4::text IS NULL OR g.service = $4)
        ORDER BY b.address, g.building_id, g.service`,
      [p.period, p.buildingId, p.supplierId, p.serviceCode],
    );
  }
}
