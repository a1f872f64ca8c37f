import { addMonths } from 'src/shared/period';
import { dueDateOf } from './due-date.calc';
import { ratedDay } from './penalty-plan';
import { accruePenalty } from './penalty.calc';
import { PenaltyRules } from './penalty-rules.types';

/**
 * The rows of a debt nobody paid, without its balance: for such a debt the engine's rows depend on
 * the balance only through the amount and the formula (one portion, owed up to asOf at the rate of
 * asOf), so the run of days, the fraction and the rate of every row are the same for every account
 * with a debt of that period. The segments come from the engine itself (`accruePenalty` on a debt of
 * 1.00), so moratoria, fraction sets and the 1/300 → 1/130 boundary are cut exactly as it cuts them.
 * The set-based fast path of the nightly job multiplies these by each account's balance in SQL.
 */
export interface UnpaidSegment {
  /** First and last day of the row (inclusive), YYYY-MM-DD. */
  from: string;
  to: string;
  days: number;
  denominator: number;
}

export interface UnpaidDebtTemplate {
  /** Debt period, YYYY-MM. */
  period: string;
  dueDate: string;
  /** The rows of the debt in the engine's order; empty for a debt still in free or moratorium days. */
  segments: UnpaidSegment[];
}

export interface UnpaidTemplates {
  /** canonical(rate of asOf): the rate of every unpaid row (ratePercent and the formula's rate). */
  ratePercent: string;
  /** One per period the rules can place (a period they cannot is left out: the engine reports it). */
  debts: UnpaidDebtTemplate[];
}

/** How many months back from the last overdue period the fast path covers; older debts go to the engine. */
export const TEMPLATE_MONTHS = 120;

/**
 * Templates of the `TEMPLATE_MONTHS` periods up to `lastPeriod` on `asOf`; null when the rules give
 * no rate for asOf (the engine then fails the same accounts with its own error).
 */
export function unpaidDebtTemplates(p: {
  asOf: string;
  lastPeriod: string;
  rules: PenaltyRules;
}): UnpaidTemplates | null {
  let ratePercent: string;
  try {
    ratePercent = ratedDay(p.asOf, p.rules).key;
  } catch {
    return null;
  }
  const debts: UnpaidDebtTemplate[] = [];
  for (let i = 0; i < TEMPLATE_MONTHS; i++) {
    const period = addMonths(p.lastPeriod, -i);
    let template: UnpaidDebtTemplate;
    try {
      const dueDate = dueDateOf({ period, dueRules: p.rules.dueRules, calendar: p.rules.calendar });
      if (dueDate >= p.asOf) continue;
      const { rows } = accruePenalty({
        debts: [{ period, amount: '1.00', dueDate }],
        payments: [],
        asOf: p.asOf,
        rules: p.rules,
      });
      template = {
        period,
        dueDate,
        segments: rows.map((r) => {
          if (r.ratePercent !== ratePercent) throw new Error(`unexpected rate ${r.ratePercent}`);
          return { from: r.from, to: r.to, days: r.days, denominator: Number(r.fraction.slice(2)) };
        }),
      };
    } catch {
      continue;
    }
    debts.push(template);
  }
  return { ratePercent, debts };
}
