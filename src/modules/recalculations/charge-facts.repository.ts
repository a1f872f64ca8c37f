import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { PostedDelta } from './domain/retroactive.calc';
import { BilledLine, RecalculationKind } from './domain/recalculation.types';

export type AccountLine = BilledLine & { accountId: string; premisesId: string };

const LINE = `c.id::text, to_char(c.period, 'YYYY-MM') AS period, c.service_code AS "serviceCode", c.zone, c.part, c.method,
  round(c.volume, s.volume_scale)::text AS volume, c.unit, c.tariff::text, c.amount::text, c.basis, c.account_id::text AS "accountId"`;

/** Reads of billed charge lines and of delta lines already posted (what a new document corrects). */
@Injectable()
export class ChargeFactsRepository {
  /** An account's charge lines of the periods, as billed (volumes at the service's scale). */
  async billedOfAccount(m: EntityManager, accountId: string, periods: string[]): Promise<BilledLine[]> {
    const rows: AccountLine[] = await m.query(
      `SELECT ${LINE}, '' AS "premisesId" FROM charge_lines c JOIN services s ON s.code = c.service_code
        WHERE c.account_id = $1 AND c.period = ANY($2::date[]) ORDER BY c.period, c.service_code, c.zone NULLS FIRST, c.part`,
      [accountId, periods.map((p) => `${p}-01`)],
    );
    return rows;
  }

  /** Lines of a building (or one premises) in a period, for some services. */
  async billedOfScope(
    m: EntityManager,
    s: { buildingId: string; premisesId: string | null; period: string; services: string[] | null },
  ): Promise<AccountLine[]> {
    const rows: AccountLine[] = await m.query(
      `SELECT ${LINE}, a.premises_id::text AS "premisesId" FROM charge_lines c JOIN services s ON s.code = c.service_code
         JOIN accounts a ON a.id = c.account_id
        WHERE c.building_id = $1 AND c.period = $2 AND ($3::bigint IS NULL OR a.premises_id = $3)
          AND ($4::text[] IS NULL OR c.service_code = ANY($4))
        ORDER BY c.account_id, c.service_code, c.zone NULLS FIRST, c.part`,
      [s.buildingId, `${s.period}-01`, s.premisesId, s.services],
    );
    return rows;
  }

  /** Σ of posted delta lines of a kind per account and charge-line key (service, zone, part) for a period. */
  async postedByLine(
    m: EntityManager,
    kind: RecalculationKind,
    period: string,
    accountIds: string[],
  ): Promise<Map<string, Map<string, string>>> {
    const rows: { account: string; key: string; amount: string }[] = await m.query(
      `SELECT l.account_id::text AS account, l.service_code || '|' || coalesce(l.zone, '') || '|' || l.part AS key,
              sum(l.amount_delta)::text AS amount
         FROM recalculation_lines l JOIN recalculations r ON r.id = l.recalculation_id
        WHERE r.kind = $1 AND l.corrected_period = $2 AND l.account_id = ANY($3::bigint[])
        GROUP BY 1, 2`,
      [kind, `${period}-01`, accountIds],
    );
    const out = new Map<string, Map<string, string>>();
    for (const r of rows) out.set(r.account, (out.get(r.account) ?? new Map()).set(r.key, r.amount));
    return out;
  }

  /** Retroactive deltas already posted for a building's period, per account, service and zone. */
  async postedRetroactive(m: EntityManager, buildingId: string, period: string): Promise<PostedDelta[]> {
    return m.query(
      `SELECT l.account_id::text AS "accountId", l.service_code AS "serviceCode", l.zone,
              sum(l.volume_delta)::text AS "volumeDelta", sum(l.amount_delta)::text AS "amountDelta"
         FROM recalculation_lines l JOIN recalculations r ON r.id = l.recalculation_id
         JOIN accounts a ON a.id = l.account_id JOIN premises p ON p.id = a.premises_id
        WHERE r.kind = 'retroactive' AND l.corrected_period = $2 AND p.building_id = $1
        GROUP BY 1, 2, 3`,
      [buildingId, `${period}-01`],
    );
  }
}
