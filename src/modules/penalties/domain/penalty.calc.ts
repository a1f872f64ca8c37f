import { canonical, Dec, dec, moneyString, sum } from 'src/shared/money';
import { allocatePayments, DebtPortion } from './allocation.calc';
import { dayNumber, dayString, delayPlan, DelayPlan, RatedDay, ratedDay } from './penalty-plan';
import {
  PenaltyRateRules,
  AccruePenaltyParams,
  PenaltyDebt,
  PenaltyResult,
  PenaltyRow,
} from './penalty.types';
import { penaltyFormula, penaltyRowAmount } from './penalty-row.format';

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
  const override = p.rateOverride ? rated(dec(p.rateOverride)) : null;
  const perDebt = p.debts.map((debt, i) => rowsOfDebt(debt, portions[i], p, override));
  const order = p.debts
    .map((d, i) => ({ period: d.period, i }))
    .sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : a.i - b.i));
  const rows = order.flatMap(({ i }) => perDebt[i].map((r) => r.row));
  return {
    rows,
    total: moneyString(sum(order.flatMap(({ i }) => perDebt[i].map((r) => r.amount)))),
    debts: p.debts.map((d, i) => ({
      period: d.period,
      dueDate: d.dueDate,
      amount: moneyString(dec(d.amount)),
      paid: moneyString(sum(portions[i].filter((x) => x.paidOn !== null).map((x) => x.amount))),
      penalty: moneyString(sum(perDebt[i].map((r) => r.amount))),
    })),
    unallocated: moneyString(unallocated),
  };
}

function rated(rate: Dec): RatedDay {
  return { rate, key: canonical(rate) };
}

interface RatedPortion {
  amount: Dec;
  /** Last day the portion is owed (inclusive), as a day number. */
  lastDay: number;
  rate: RatedDay;
}

interface OpenRow {
  balance: Dec;
  from: number;
  to: number;
  denominator: number;
  rate: RatedDay;
}

interface RowWithAmount {
  row: PenaltyRow;
  amount: Dec;
}

function rowsOfDebt(
  debt: PenaltyDebt,
  portions: DebtPortion[],
  p: { asOf: string; rules: PenaltyRateRules },
  override: RatedDay | null,
): RowWithAmount[] {
  const start = dayNumber(debt.dueDate) + 1;
  const asOf = dayNumber(p.asOf);
  const owed: RatedPortion[] = [];
  for (const x of portions) {
    const lastDay = x.paidOn ?? p.asOf;
    const n = x.paidOn === null ? asOf : dayNumber(lastDay);
    // The rate is looked up before the filter, as always: a missing key rate is an error either way.
    const rate = override ?? ratedDay(lastDay, p.rules);
    if (n >= start) owed.push({ amount: x.amount, lastDay: n, rate });
  }
  if (start > asOf || owed.length === 0) return [];

  const plan = delayPlan({ period: debt.period, dueDate: debt.dueDate, asOf: p.asOf, rules: p.rules });
  const cuts = segmentStarts(plan, owed);
  const rows: OpenRow[] = [];
  const lastByRate = new Map<string, OpenRow>();
  let j = 0; // the rule interval [plan.cuts[j], plan.cuts[j + 1]) that holds the segment
  for (let k = 0; k + 1 < cuts.length; k++) {
    const from = cuts[k];
    while (plan.cuts[j + 1] <= from) j++;
    const denominator = plan.denominators[j];
    if (denominator === null) continue;
    const to = cuts[k + 1] - 1;
    for (const { rate, balance } of balancesByRate(owed, from)) {
      const last = lastByRate.get(rate.key);
      const continues = last && last.to === from - 1 && last.balance.eq(balance);
      if (last && continues && last.denominator === denominator) {
        last.to = to;
      } else {
        const row = { balance, from, to, denominator, rate };
        rows.push(row);
        lastByRate.set(rate.key, row);
      }
    }
  }
  return rows.map((r) => toPenaltyRow(debt.period, r));
}

/**
 * First days of the segments of a debt's delay, plus the day after asOf as the end: the plan's rule
 * boundaries and the day after each portion's last day. Between two of them the owed portions, the
 * fraction and the moratorium status are all constant.
 */
function segmentStarts(plan: DelayPlan, owed: RatedPortion[]): number[] {
  let extra: number[] | null = null;
  for (const r of owed) {
    const cut = r.lastDay + 1;
    if (cut !== plan.end) (extra ??= []).push(cut);
  }
  if (!extra) return plan.cuts;
  return [...new Set([...plan.cuts, ...extra])].sort((a, b) => a - b);
}

/** Portions still owed on `day`, summed per rate (in the order of their first portion). */
function balancesByRate(owed: RatedPortion[], day: number): { rate: RatedDay; balance: Dec }[] {
  const groups: { rate: RatedDay; balance: Dec }[] = [];
  for (const r of owed) {
    if (r.lastDay < day) continue;
    const g = groups.find((x) => x.rate.key === r.rate.key);
    if (g) g.balance = g.balance.plus(r.amount);
    else groups.push({ rate: r.rate, balance: r.amount });
  }
  return groups;
}

function toPenaltyRow(period: string, r: OpenRow): RowWithAmount {
  const parts = {
    balance: r.balance,
    days: r.to - r.from + 1,
    denominator: r.denominator,
    ratePercent: r.rate.rate,
  };
  const amount = penaltyRowAmount(parts);
  return {
    row: {
      period,
      balance: moneyString(r.balance),
      from: dayString(r.from),
      to: dayString(r.to),
      days: parts.days,
      fraction: `1/${r.denominator}`,
      ratePercent: r.rate.key,
      formula: penaltyFormula(parts),
      amount: amount.toFixed(2),
    },
    amount,
  };
}
