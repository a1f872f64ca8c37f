import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { PenaltyChargeRow, PenaltyChargesSource } from 'src/modules/payments/penalty-charges.source';

const PENALTY_CHARGED_SQL = `
  SELECT c.account_id::text AS account_id, l->>'debtPeriod' AS period, NULL::text AS service_code,
         sum((l->>'amount')::numeric)::numeric(14,2)::text AS amount
    FROM penalty_charges c CROSS JOIN LATERAL jsonb_array_elements(c.lines) l
   WHERE c.account_id = ANY($1::bigint[])
   GROUP BY c.account_id, l->>'debtPeriod' HAVING sum((l->>'amount')::numeric) <> 0`;

/**
 * PENALTY_CHARGES_SOURCE over penalty_charges: the penalty charged on an account's payment documents,
 * attributed to the debt periods it was accrued on (serviceCode null: penalty is accrued on a period's
 * debt as a whole). The ledger shows it as "penalty charged"; the allocation pays it after principal.
 * Accruals not yet charged at a period close are not owed and not shown here.
 */
@Injectable()
export class PenaltyChargesLedgerSource implements PenaltyChargesSource {
  readonly sql = PENALTY_CHARGED_SQL;

  async chargedFor(m: EntityManager, accountIds: string[]): Promise<PenaltyChargeRow[]> {
    if (accountIds.length === 0) return [];
    const rows: { account_id: string; period: string; amount: string }[] = await m.query(
      `${PENALTY_CHARGED_SQL} ORDER BY 1, 2`,
      [accountIds],
    );
    return rows.map((r) => ({
      accountId: r.account_id,
      period: r.period,
      serviceCode: null,
      amount: r.amount,
    }));
  }
}
