import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Penalty accrued on an account's debt of a period (and service, when the engine splits by service). */
export interface PenaltyChargeRow {
  accountId: string;
  /** Billing period YYYY-MM of the debt the penalty was accrued on. */
  period: string;
  serviceCode: string | null;
  /** Roubles, decimal string. */
  amount: string;
}

/**
 * Where accrued penalties come from. The allocation pays them after all principal, and the ledger
 * shows them as "penalty charged". The penalty engine (src/modules/penalties) is built in parallel;
 * until it provides this source (over its `penalty_accruals`), penalties are zero here, and only
 * penalties migrated as opening balances are owed and paid.
 */
export interface PenaltyChargesSource {
  /** Accrued penalty per account, period and service, for the given accounts (one query). */
  chargedFor(m: EntityManager, accountIds: string[]): Promise<PenaltyChargeRow[]>;
  /**
   * The same rows as one SELECT over `$1::bigint[]` (the account ids), columns account_id, period
   * (YYYY-MM), service_code and amount as text, so a reader can fold them into its own statement
   * (the ledger and the allocation figures read everything in one round trip). Null: no such SQL,
   * `chargedFor` is called.
   */
  readonly sql: string | null;
}

export const PENALTY_CHARGES_SOURCE = Symbol('PENALTY_CHARGES_SOURCE');

/** The default source: no accrued penalties yet. */
@Injectable()
export class NoPenaltyCharges implements PenaltyChargesSource {
  readonly sql = null;

  async chargedFor(): Promise<PenaltyChargeRow[]> {
    return [];
  }
}
