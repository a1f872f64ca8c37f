import { canonical, Dec } from 'src/shared/money';
import { addDays, daysBetween } from 'src/shared/period';
import { fractionFor, inMoratorium, moratoriaFor, ruleBoundaries } from './delay-days.rules';
import { PenaltyRateRules } from './penalty.types';
import { penaltyRateOn } from './rate.rules';

/**
 * What the rules say about a debt's delay, computed once per (rules, asOf, period, due date) instead
 * of once per debt: the nightly job and the statement run the engine for thousands of accounts whose
 * debts share a dozen due dates, so the segment boundaries (every fraction row, fraction set and
 * moratorium, ЖК РФ ст. 155 ч. 14 and decrees 424/497) and the rate of a day are the same for all.
 *
 * Days are integers here (days since 1970-01-01, see `daysBetween`), strings only at the edges.
 */
export interface DelayPlan {
  /** Delay day 1 (the day after the due date). */
  start: number;
  /** The day after asOf: the end of the last segment. */
  end: number;
  /** Rule boundaries in [start, end], sorted, start and end included. */
  cuts: number[];
  /**
   * Per rule interval [cuts[k], cuts[k+1]): the denominator of the fraction charged there, or null
   * (a moratorium day or a free delay day). Constant over the interval by construction.
   */
  denominators: (number | null)[];
}

export interface RatedDay {
  rate: Dec;
  /** canonical(rate): the grouping key and the row's ratePercent. */
  key: string;
}

interface RulesMemo {
  plans: Map<string, DelayPlan>;
  rates: Map<string, RatedDay>;
}

// One memo per rules object (loaded once per job chunk or calculation and never mutated afterwards),
// as the production calendar's index in working-days.ts.
const memos = new WeakMap<PenaltyRateRules, RulesMemo>();

function memoOf(rules: PenaltyRateRules): RulesMemo {
  let memo = memos.get(rules);
  if (!memo) {
    memo = { plans: new Map(), rates: new Map() };
    memos.set(rules, memo);
  }
  return memo;
}

const EPOCH = '1970-01-01';

/** Day number of a calendar date (days since 1970-01-01). */
export function dayNumber(date: string): number {
  return daysBetween(EPOCH, date);
}

/** Calendar date of a day number. */
export function dayString(n: number): string {
  return addDays(EPOCH, n);
}

/** The penalty rate (and its key) for an amount paid on `day`, memoised per rules object. */
export function ratedDay(day: string, rules: PenaltyRateRules): RatedDay {
  const memo = memoOf(rules);
  let r = memo.rates.get(day);
  if (!r) {
    const rate = penaltyRateOn(day, rules);
    r = { rate, key: canonical(rate) };
    memo.rates.set(day, r);
  }
  return r;
}

/**
 * The delay plan of a debt of `period` due on `dueDate`, counted up to `asOf`. Errors of the rules
 * (no fraction row for a charged day) surface for the same debts as when computed per segment: every
 * rule interval in range starts a segment of the debt, and a moratorium interval is never looked up.
 */
export function delayPlan(p: {
  period: string;
  dueDate: string;
  asOf: string;
  rules: PenaltyRateRules;
}): DelayPlan {
  const memo = memoOf(p.rules);
  const cacheKey = `${p.asOf}|${p.period}|${p.dueDate}`;
  const cached = memo.plans.get(cacheKey);
  if (cached) return cached;
  const due = dayNumber(p.dueDate);
  const start = due + 1;
  const end = dayNumber(p.asOf) + 1;
  const moratoria = moratoriaFor(p.period, p.rules.moratoria);
  const days = new Set<number>([start, end]);
  for (const d of ruleBoundaries(p.dueDate, p.rules.fractions, moratoria)) {
    const n = dayNumber(d);
    if (n >= start && n <= end) days.add(n);
  }
  const cuts = [...days].sort((a, b) => a - b);
  const denominators: (number | null)[] = [];
  for (let k = 0; k + 1 < cuts.length; k++) {
    const from = dayString(cuts[k]);
    if (inMoratorium(from, moratoria)) denominators.push(null);
    else denominators.push(fractionFor(cuts[k] - due, from, p.rules.fractions).denominator);
  }
  const plan = { start, end, cuts, denominators };
  memo.plans.set(cacheKey, plan);
  return plan;
}
