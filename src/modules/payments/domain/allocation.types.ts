/** What an allocation row pays: a charge (principal), a penalty, or nothing yet (advance). */
export enum AllocationKind {
  Principal = 'principal',
  Penalty = 'penalty',
  Advance = 'advance',
}

export type DebtKind = AllocationKind.Principal | AllocationKind.Penalty;

/**
 * The unpaid part of one debt cell of an account: charges (and migrated opening balances) of a
 * period and service, less what earlier payments already allocated to it.
 */
export interface DebtCell {
  /** Billing period YYYY-MM. */
  period: string;
  /** Service code; null only for a penalty accrued on the period as a whole. */
  serviceCode: string | null;
  kind: DebtKind;
  /** Unpaid amount in roubles, decimal string; zero or less means nothing is owed on the cell. */
  amount: string;
  /** The service's sort order: breaks ties when kopecks of a pro-rata split are handed out. */
  sortOrder: number;
}

/** One stored allocation row of a payment (amount in roubles, decimal string with 2 decimals). */
export interface AllocationLine {
  period: string | null;
  serviceCode: string | null;
  kind: AllocationKind;
  amount: string;
}

/** An advance not yet applied: the net advance rows of one payment (reversals included). */
export interface OutstandingAdvance {
  paymentId: string;
  /** Roubles, decimal string, > 0. */
  amount: string;
  /** The payment's date: the limitation switch is judged on it. */
  paidOn: string;
}
