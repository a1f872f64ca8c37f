import { dec, moneyString } from 'src/shared/money';
import { AllocationKind, DebtCell } from './allocation.types';

/**
 * Everything booked on one period and service of an account (roubles, decimal strings): what was
 * charged, brought over from the previous system, accrued as penalty, and paid by allocations.
 */
export interface LedgerCell {
  /** Billing period YYYY-MM. */
  period: string;
  /** Service code; null only for a penalty accrued on the period as a whole. */
  serviceCode: string | null;
  sortOrder: number;
  charged: string;
  /** Recalculation deltas posted into this period (signed). */
  recalculated: string;
  importedPrincipal: string;
  importedPenalty: string;
  /** Penalty accrued on the cell by the penalty engine (zero until its source is connected). */
  penaltyCharged: string;
  paidPrincipal: string;
  paidPenalty: string;
}

/** Unpaid principal of a cell: charged + recalculated + imported − paid. */
export function principalOwed(c: LedgerCell): string {
  return moneyString(dec(c.charged).plus(c.recalculated).plus(c.importedPrincipal).minus(c.paidPrincipal));
}

/** Unpaid penalty of a cell: accrued + imported − paid. */
export function penaltyOwed(c: LedgerCell): string {
  return moneyString(dec(c.penaltyCharged).plus(c.importedPenalty).minus(c.paidPenalty));
}

/** The debt cells the allocation works on: one principal cell per service, one penalty cell where any. */
export function debtsOfCells(cells: LedgerCell[]): DebtCell[] {
  return cells.flatMap((c) => {
    const base = { period: c.period, serviceCode: c.serviceCode, sortOrder: c.sortOrder };
    const principal: DebtCell[] =
      c.serviceCode === null ? [] : [{ ...base, kind: AllocationKind.Principal, amount: principalOwed(c) }];
    const penalty = penaltyOwed(c);
    return dec(penalty).isZero()
      ? principal
      : [...principal, { ...base, kind: AllocationKind.Penalty, amount: penalty }];
  });
}

/** An empty cell for a period and service (all amounts zero). */
export function emptyCell(period: string, serviceCode: string | null, sortOrder: number): LedgerCell {
  const zero = '0.00';
  return {
    period,
    serviceCode,
    sortOrder,
    charged: zero,
    recalculated: zero,
    importedPrincipal: zero,
    importedPenalty: zero,
    penaltyCharged: zero,
    paidPrincipal: zero,
    paidPenalty: zero,
  };
}
