import { PenaltyRules } from './penalty-rules.types';

/**
 * Input and output of `accruePenalty`. Money is a decimal string in roubles ("1234.50"), dates
 * 'YYYY-MM-DD', periods 'YYYY-MM'. The statement builder and the nightly job pass an account's
 * charges as debts and its payments as they are; the engine allocates and rates them itself.
 */

/** One period's charge (principal only: no penalty is charged on penalty). */
export interface PenaltyDebt {
  /** Billing period of the charge, YYYY-MM. */
  period: string;
  /** Charged amount, roubles, > 0. */
  amount: string;
  /** Last day to pay (already moved to a working day, see `dueDateOf`); delay day 1 is the next day. */
  dueDate: string;
}

/** A payment received. */
export interface PenaltyPayment {
  /** Day the money was paid; that day still carries the balance before the payment. */
  date: string;
  /** Roubles, > 0. */
  amount: string;
  /**
   * The period the payer named: the money goes to that period's debt first (Civil Code art. 319.1);
   * what it does not need, and unnamed payments, go to the oldest debt first.
   */
  period?: string | null;
}

export type PenaltyRateRules = Pick<PenaltyRules, 'keyRates' | 'caps' | 'moratoria' | 'fractions'>;

export interface AccruePenaltyParams {
  debts: readonly PenaltyDebt[];
  payments: readonly PenaltyPayment[];
  /** Penalties are counted up to and including this day; later payments are ignored. */
  asOf: string;
  /** Key rates, caps, moratoria and fractions (due rules and calendar are used by `dueDateOf`). */
  rules: PenaltyRateRules;
  /** One annual % for every row (as courts sometimes fix it), instead of key rates and caps. */
  rateOverride?: string | null;
}

/** Contiguous days of one debt with the same balance, fraction and rate. */
export interface PenaltyRow {
  /** Billing period of the debt. */
  period: string;
  /** Balance the penalty is charged on, roubles ("1000.00"). */
  balance: string;
  /** First day of the row (inclusive). */
  from: string;
  /** Last day of the row (inclusive). */
  to: string;
  /** Days in the row. */
  days: number;
  /** Share of the rate per day, "1/300" or "1/130". */
  fraction: string;
  /** Annual rate applied, % ("9.5"). */
  ratePercent: string;
  /** The calculation as text: "1 000.00 × 60 × 1/300 × 9.5 %". */
  formula: string;
  /** Penalty of the row, rounded half-up to the kopeck once ("19.00"). */
  amount: string;
}

export interface PenaltyDebtTotal {
  period: string;
  dueDate: string;
  /** The debt as charged. */
  amount: string;
  /** Paid towards it up to asOf. */
  paid: string;
  /** Sum of its rows. */
  penalty: string;
}

export interface PenaltyResult {
  rows: PenaltyRow[];
  /** Sum of the rounded rows. */
  total: string;
  /** Per debt, in the order given. */
  debts: PenaltyDebtTotal[];
  /** Payments (up to asOf) left after every debt was paid: an advance. */
  unallocated: string;
}
