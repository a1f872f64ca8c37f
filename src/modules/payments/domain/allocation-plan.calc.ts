import { allocatePayment, settleAdvances } from './allocation.calc';
import { AllocationLine, DebtCell, OutstandingAdvance } from './allocation.types';

/** A payment of one account waiting for its allocation. */
export interface PaymentToAllocate {
  paymentId: string;
  /** Roubles, decimal string > 0. */
  amount: string;
  period: string | null;
  paidOn: string;
}

/** An allocation row to store, with the payment it belongs to. */
export interface PlannedAllocation extends AllocationLine {
  paymentId: string;
}

/**
 * The rows one write to an account produces (RULES.md 2; see `allocatePayment`): first the
 * outstanding advances are applied to whatever is now owed (money received earlier pays first),
 * then each new payment in the given order (date, then arrival) is allocated over what remains.
 */
export function planAllocations(p: {
  debts: DebtCell[];
  advances: OutstandingAdvance[];
  payments: PaymentToAllocate[];
  skipTimeBarred: boolean;
}): PlannedAllocation[] {
  const settled = settleAdvances({ advances: p.advances, debts: p.debts, skipTimeBarred: p.skipTimeBarred });
  const rows: PlannedAllocation[] = settled.settlements.flatMap((s) =>
    s.lines.map((l) => ({ paymentId: s.paymentId, ...l })),
  );
  let debts = settled.debts;
  for (const pay of p.payments) {
    const result = allocatePayment({
      amount: pay.amount,
      period: pay.period,
      paidOn: pay.paidOn,
      debts,
      skipTimeBarred: p.skipTimeBarred,
    });
    rows.push(...result.lines.map((l) => ({ paymentId: pay.paymentId, ...l })));
    debts = result.debts;
  }
  return rows;
}
