import { Dec, dec, moneyString, ZERO } from 'src/shared/money';
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
 * A recalculation delta as posted (recalculation_lines): it belongs to the period it was posted into
 * (as in the allocation, the ledger and the payment document) and counts from the day it was posted.
 */
export interface BookedDelta {
  /** Posting period YYYY-MM. */
  period: string;
  /** Day the delta was posted (billing time zone). */
  postedOn: string;
  /** Signed roubles: > 0 an additional charge, < 0 a credit. */
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
 *
 * Recalculation deltas change the debt of their posting period from the day they were posted, and
 * not before (a delta posted after `asOf` does not exist yet):
 * - posted on or before that period's due date: part of the period's debt (it is on its document);
 * - posted later (into a period still open after its due date): an additional charge is a debt of
 *   the same period due on the posting day (delay day 1 is the next day); a credit ends that much of
 *   the period's debt after the posting day, like a payment naming the period (the posting day
 *   still carries the old balance; what the period no longer owes goes to the oldest debt).
 * A period whose net debt is not positive carries no penalty.
 */
export function buildAccountPenaltyInput(p: {
  debts: readonly BookedDebt[];
  payments: readonly BookedPayment[];
  deltas?: readonly BookedDelta[];
  asOf: string;
  dueRules: readonly DueRule[];
  calendar: readonly CalendarDay[];
}): { debts: PenaltyDebt[]; payments: PenaltyPayment[] } {
  const due = (period: string): string => memoDueDate(period, p.dueRules, p.calendar);
  const amounts = new Map<string, Dec>();
  for (const d of p.debts) amounts.set(d.period, (amounts.get(d.period) ?? ZERO).plus(dec(d.amount)));
  const late: PenaltyDebt[] = [];
  const credits: PenaltyPayment[] = [];
  for (const d of p.deltas ?? []) {
    if (d.postedOn > p.asOf || dec(d.amount).isZero()) continue;
    if (d.postedOn <= due(d.period)) {
      amounts.set(d.period, (amounts.get(d.period) ?? ZERO).plus(dec(d.amount)));
    } else if (dec(d.amount).gt(0)) {
      late.push({ period: d.period, amount: moneyString(dec(d.amount)), dueDate: d.postedOn });
    } else {
      credits.push({ date: d.postedOn, amount: moneyString(dec(d.amount).neg()), period: d.period });
    }
  }
  const debts = [...amounts]
    .filter(([, amount]) => amount.gt(0))
    .map(([period, amount]) => ({ period, amount: moneyString(amount), dueDate: due(period) }))
    .concat(late)
    .sort((a, b) => cmp(a.period, b.period) || cmp(a.dueDate, b.dueDate))
    .filter((d) => d.dueDate < p.asOf);
  const periods = new Set(debts.map((d) => d.period));
  const payments = p.payments
    .filter((x) => periods.has(x.period) && x.paidOn <= p.asOf)
    .map((x): PenaltyPayment => ({ date: x.paidOn, amount: x.amount, period: x.period }))
    .concat(credits);
  return { debts, payments };
}

// Due dates per rules and calendar objects (loaded once per job chunk, never mutated): the nightly job
// builds the input of thousands of accounts whose debts share a dozen periods.
const dueMemos = new WeakMap<readonly DueRule[], WeakMap<readonly CalendarDay[], Map<string, string>>>();

function memoDueDate(period: string, dueRules: readonly DueRule[], calendar: readonly CalendarDay[]): string {
  let byCalendar = dueMemos.get(dueRules);
  if (!byCalendar) dueMemos.set(dueRules, (byCalendar = new WeakMap()));
  let byPeriod = byCalendar.get(calendar);
  if (!byPeriod) byCalendar.set(calendar, (byPeriod = new Map()));
  let due = byPeriod.get(period);
  if (due === undefined) {
    due = dueDateOf({ period, dueRules, calendar });
    byPeriod.set(period, due);
  }
  return due;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
