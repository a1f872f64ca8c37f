import { Dec, dec, ZERO } from 'src/shared/money';
import { PenaltyDebt, PenaltyPayment } from './penalty.types';

/** A part of a debt and the day it stopped being owed: its payment day, or null while unpaid at asOf. */
export interface DebtPortion {
  amount: Dec;
  paidOn: string | null;
}

export interface PaymentAllocation {
  /** Per debt (same index as the input): its portions, paid ones in payment order, the unpaid rest last. */
  portions: DebtPortion[][];
  /** Money left after every debt was paid (an advance for later charges). */
  unallocated: Dec;
}

/**
 * Splits every debt into portions by the payments that repaid it, so each portion can take the rate
 * of its own payment day (ЖК РФ ст. 155 ч. 14: the rate "on the day of actual payment").
 *
 * Payments are taken in date order (input order within a day); those after `asOf` are ignored. A
 * payment naming a period goes to that period's debt first (Civil Code art. 319.1, Plenum 22 para 32);
 * the rest of it, and an unnamed payment, go to the debt that fell due earliest (FIFO; then period,
 * then input order). What no debt needs is `unallocated`.
 */
export function allocatePayments(p: {
  debts: readonly PenaltyDebt[];
  payments: readonly PenaltyPayment[];
  asOf: string;
}): PaymentAllocation {
  const remaining = p.debts.map((d) => dec(d.amount));
  const portions: DebtPortion[][] = p.debts.map(() => []);
  const fifo = p.debts
    .map((d, i) => ({ d, i }))
    .sort((a, b) => cmp(a.d.dueDate, b.d.dueDate) || cmp(a.d.period, b.d.period) || a.i - b.i)
    .map((x) => x.i);
  const payments = p.payments
    .map((pay, i) => ({ pay, i }))
    .filter((x) => x.pay.date <= p.asOf)
    .sort((a, b) => cmp(a.pay.date, b.pay.date) || a.i - b.i)
    .map((x) => x.pay);

  let unallocated = ZERO;
  for (const pay of payments) {
    let money = dec(pay.amount);
    const named = pay.period ? fifo.filter((i) => p.debts[i].period === pay.period) : [];
    for (const i of [...named, ...fifo]) {
      if (money.isZero()) break;
      if (remaining[i].isZero()) continue;
      const part = money.lt(remaining[i]) ? money : remaining[i];
      portions[i].push({ amount: part, paidOn: pay.date });
      remaining[i] = remaining[i].minus(part);
      money = money.minus(part);
    }
    unallocated = unallocated.plus(money);
  }
  remaining.forEach((rest, i) => {
    if (!rest.isZero()) portions[i].push({ amount: rest, paidOn: null });
  });
  return { portions, unallocated };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
