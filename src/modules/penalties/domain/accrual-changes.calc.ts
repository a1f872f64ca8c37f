import { Dec, dec, moneyString, ZERO } from 'src/shared/money';
import { PenaltyResult, PenaltyRow } from './penalty.types';

/** What the nightly job stores for one debt period of an account on a date. */
export interface AccrualChange {
  /** Debt period YYYY-MM. */
  period: string;
  /** Penalty accrued on the debt up to and including the date (the total to date), roubles. */
  amount: string;
  /** amount − the previous stored total of the debt (the night's accrual, or several nights' after a gap). */
  increment: string;
  /** The statement rows of the debt behind `amount`. */
  rows: PenaltyRow[];
}

/**
 * The accruals to store from an engine result, against the previous totals per debt period
 * (penalty_accruals is cumulative: the total to date, so a missed night is caught up by the next one
 * and the increment is a difference of totals). A debt whose total did not change writes nothing
 * (a paid debt, a debt in its free days or in a moratorium); a debt that vanished from the input
 * (paid by a payment posted late, a charge corrected away) goes back to zero when it had a total.
 */
export function accrualChanges(p: {
  result: PenaltyResult;
  previous: ReadonlyMap<string, string>;
}): AccrualChange[] {
  // A period can have two debts (a recalculation posted after its due date): one total per period.
  const totals = new Map<string, Dec>();
  for (const debt of p.result.debts) {
    totals.set(debt.period, (totals.get(debt.period) ?? ZERO).plus(dec(debt.penalty)));
  }
  const seen = new Set<string>();
  const changes: AccrualChange[] = [];
  for (const [period, total] of totals) {
    seen.add(period);
    const before = dec(p.previous.get(period) ?? '0');
    if (total.eq(before)) continue;
    changes.push({
      period,
      amount: moneyString(total),
      increment: moneyString(total.minus(before)),
      rows: p.result.rows.filter((r) => r.period === period),
    });
  }
  for (const [period, amount] of p.previous) {
    if (seen.has(period) || dec(amount).isZero()) continue;
    changes.push({ period, amount: '0.00', increment: moneyString(dec(amount).neg()), rows: [] });
  }
  return changes.sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
}
