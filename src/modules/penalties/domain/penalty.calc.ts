import { canonical, Dec, dec, moneyString, sum } from 'src/shared/money';
import { addDays, daysBetween } from 'src/shared/period';
import { allocatePayments, DebtPortion } from './allocation.calc';
import { fractionFor, inMoratorium, moratoriaFor, ruleBoundaries } from './delay-days.rules';
import {
  PenaltyRateRules,
  AccruePenaltyParams,
  PenaltyDebt,
  PenaltyResult,
  PenaltyRow,
} from './penalty.types';
import { Moratorium } from './penalty-rules.types';
import { penaltyFormula, penaltyRowAmount } from './penalty-row.format';
import { penaltyRateOn } from './rate.rules';

/**
 * Penalty (пени) on overdue housing and utility charges, ЖК РФ ст. 155 ч. 14, as rows a court can
 * check. Pure: rules arrive as data, `asOf` is a parameter, money is exact.
 *
 * - Delay day 1 is the day after the due date; the fraction of the rate per day comes from the
 *   fractions table (days 1–30 free, 31–90 1/300, from day 91 1/130).
 * - Moratorium days (decrees 424/2020, 497/2022, as data) are not charged, but the delay-day counter
 *   runs through them, so a debt can come out of a moratorium straight into 1/130.
 * - Each repaid portion of a debt is charged up to and including its payment day (that day carries
 *   the balance before the payment) at the rate of its payment day; the unpaid rest up to `asOf` at
 *   the rate of `asOf` (see `penaltyRateOn`: key rate, then the decree 474 cap policy); or one
 *   `rateOverride` for everything.
 * - Base is the principal only: no penalty on penalty.
 * - A row is a run of days of one debt with the same balance, fraction and rate, rounded half-up to
 *   the kopeck once; the total is the sum of the rows.
 */
export function accruePenalty(p: AccruePenaltyParams): PenaltyResult {
  const { portions, unallocated } = allocatePayments(p);
  const override = p.rateOverride ? dec(p.rateOverride) : null;
  const perDebt = p.debts.map((debt, i) => rowsOfDebt(debt, portions[i], p, override));
  const order = p.debts
    .map((d, i) => ({ period: d.period, i }))
    .sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : a.i - b.i));
  const rows = order.flatMap(({ i }) => perDebt[i]);
  return {
    rows,
    total: moneyString(sum(rows.map((r) => dec(r.amount)))),
    debts: p.debts.map((d, i) => ({
      period: d.period,
      dueDate: d.dueDate,
      amount: moneyString(dec(d.amount)),
      paid: moneyString(sum(portions[i].filter((x) => x.paidOn !== null).map((x) => x.amount))),
      penalty: moneyString(sum(perDebt[i].map((r) => dec(r.amount)))),
    })),
    unallocated: moneyString(unallocated),
  };
}

interface RatedPortion {
  amount: Dec;
  /** Last day the portion is owed (inclusive). */
  lastDay: string;
  rate: Dec;
}

interface OpenRow {
  balance: Dec;
  from: string;
  to: string;
  denominator: number;
  rate: Dec;
}

function rowsOfDebt(
  debt: PenaltyDebt,
  portions: DebtPortion[],
  p: { asOf: string; rules: PenaltyRateRules },
  override: Dec | null,
): PenaltyRow[] {
  const start = addDays(debt.dueDate, 1);
  const rated: RatedPortion[] = portions
    .map((x) => {
      const lastDay = x.paidOn ?? p.asOf;
      return { amount: x.amount, lastDay, rate: override ?? penaltyRateOn(lastDay, p.rules) };
    })
    .filter((x) => x.lastDay >= start);
  if (start > p.asOf || rated.length === 0) return [];

  const moratoria = moratoriaFor(debt.period, p.rules.moratoria);
  const cuts = segmentStarts(debt, rated, p.asOf, p.rules, moratoria);
  const rows: OpenRow[] = [];
  const lastByRate = new Map<string, OpenRow>();
  for (let k = 0; k + 1 < cuts.length; k++) {
    const from = cuts[k];
    if (inMoratorium(from, moratoria)) continue;
    const { denominator } = fractionFor(daysBetween(debt.dueDate, from), from, p.rules.fractions);
    if (denominator === null) continue;
    const to = addDays(cuts[k + 1], -1);
    for (const [key, { rate, balance }] of balancesByRate(rated, from)) {
      const last = lastByRate.get(key);
      const continues = last && last.to === addDays(from, -1) && last.balance.eq(balance);
      if (last && continues && last.denominator === denominator) {
        last.to = to;
      } else {
        const row = { balance, from, to, denominator, rate };
        rows.push(row);
        lastByRate.set(key, row);
      }
    }
  }
  return rows.map((r) => toPenaltyRow(debt.period, r));
}

/**
 * First days of the segments of a debt's delay, plus the day after asOf as the end: between two of
 * them the owed portions, the fraction and the moratorium status are all constant.
 */
function segmentStarts(
  debt: PenaltyDebt,
  rated: RatedPortion[],
  asOf: string,
  rules: PenaltyRateRules,
  moratoria: Moratorium[],
): string[] {
  const start = addDays(debt.dueDate, 1);
  const end = addDays(asOf, 1);
  const days = new Set([
    start,
    end,
    ...rated.map((r) => addDays(r.lastDay, 1)),
    ...ruleBoundaries(debt.dueDate, rules.fractions, moratoria),
  ]);
  return [...days].filter((d) => d >= start && d <= end).sort();
}

/** Portions still owed on `day`, summed per rate (in the order of their first portion). */
function balancesByRate(rated: RatedPortion[], day: string): Map<string, { rate: Dec; balance: Dec }> {
  const groups = new Map<string, { rate: Dec; balance: Dec }>();
  for (const r of rated) {
    if (r.lastDay < day) continue;
    const key = canonical(r.rate);
    const g = groups.get(key);
    groups.set(key, { rate: r.rate, balance: g ? g.balance.plus(r.amount) : r.amount });
  }
  return groups;
}

function toPenaltyRow(period: string, r: OpenRow): PenaltyRow {
  const parts = {
    balance: r.balance,
    days: daysBetween(r.from, r.to) + 1,
    denominator: r.denominator,
    ratePercent: r.rate,
  };
  return {
    period,
    balance: moneyString(r.balance),
    from: r.from,
    to: r.to,
    days: parts.days,
    fraction: `1/${r.denominator}`,
    ratePercent: canonical(r.rate),
    formula: penaltyFormula(parts),
    amount: moneyString(penaltyRowAmount(parts)),
  };
}
