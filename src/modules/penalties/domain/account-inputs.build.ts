import { addMonths, periodOfDate } from 'src/shared/period';
import { dueDateOf } from './due-date.calc';
import { CalendarDay, DueRule } from './penalty-rules.types';
import { PenaltyDebt, PenaltyPayment } from './penalty.types';

/** An account's principal of a period as booked: charge lines + opening balances (roubles, > 0). */
export interface BookedDebt {
  period: string;
  amount: string;
}

/** Principal an actual payment allocated to a period (reversals netted into it), with its payment day. */
export interface BookedPayment {
  paymentId: string;
  paidOn: string;
  period: string;
  amount: string;
}

/**
 * The latest billing period whose due date is before `asOf`: later periods cannot carry a penalty on
 * `asOf` yet (delay day 1 is the day after the due date). Due dates grow with the period, so the walk
 * back from asOf's month stops at the first one already due.
 */
export function lastOverduePeriod(p: {
  asOf: string;
  dueRules: readonly DueRule[];
  calendar: readonly CalendarDay[];
}): string {
  let period = periodOfDate(p.asOf);
  for (let i = 0; i < 24; i++) {
    if (dueDateOf({ period, dueRules: p.dueRules, calendar: p.calendar }) < p.asOf) return period;
    period = addMonths(period, -1);
  }
  return period;
}

/**
 * The engine input of one account from its books (ЖК РФ ст. 155 ч. 14): one debt per period that
 * fell due before `asOf` (the due date from the rules and the production calendar), and every
 * principal allocation to those periods as a payment naming its period on the day it was paid, so
 * each repaid portion stops accruing, at its own day's rate, exactly as the allocation stored it.
 * Advances applied later keep their payment day (before the due date: the portion was paid in time).
 */
export function buildAccountPenaltyInput(p: {
  debts: readonly BookedDebt[];
  payments: readonly BookedPayment[];
  asOf: string;
  dueRules: readonly DueRule[];
  calendar: readonly CalendarDay[];
}): { debts: PenaltyDebt[]; payments: PenaltyPayment[] } {
  const debts = [...p.debts]
    .sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0))
    .map((d) => ({
      period: d.period,
      amount: d.amount,
      dueDate: dueDateOf({ period: d.period, dueRules: p.dueRules, calendar: p.calendar }),
    }))
    .filter((d) => d.dueDate < p.asOf);
  const periods = new Set(debts.map((d) => d.period));
  const payments = p.payments
    .filter((x) => periods.has(x.period) && x.paidOn <= p.asOf)
    .map((x) => ({ date: x.paidOn, amount: x.amount, period: x.period }));
  return { debts, payments };
}
