import { dec, roundTo, toFixedString } from 'src/shared/money';
import { AppealCategory } from './appeal.types';

export interface CategoryCounts {
  category: AppealCategory;
  /** Appeals registered in the period. */
  count: number;
  /** Of them, answered (by now). */
  answered: number;
  /** Of them, answered no later than the deadline. */
  onTime: number;
  /** Of them, unanswered with the deadline passed by asOf. */
  overdue: number;
}

export interface CategoryReportRow extends CategoryCounts {
  /** onTime ÷ count, 4 places half-up; null when nothing was registered. */
  onTimeShare: string | null;
  basis: { formula: string };
}

/** The share of appeals answered on time: onTime ÷ count, as a decimal string with 4 places (half-up). */
export function onTimeShare(onTime: number, count: number): string | null {
  if (count === 0) return null;
  return toFixedString(roundTo(dec(onTime).div(count), 4), 4);
}

/** One row per category in enum order (zero rows included) and a total row. */
export function buildAppealsReport(counts: readonly CategoryCounts[]): {
  rows: CategoryReportRow[];
  total: Omit<CategoryReportRow, 'category'>;
} {
  const byCategory = new Map(counts.map((c) => [c.category, c]));
  const rows = Object.values(AppealCategory).map((category) => {
    const c = byCategory.get(category) ?? { category, count: 0, answered: 0, onTime: 0, overdue: 0 };
    return {
      ...c,
      onTimeShare: onTimeShare(c.onTime, c.count),
      basis: { formula: `${c.onTime} / ${c.count}` },
    };
  });
  const t = rows.reduce(
    (a, r) => ({
      count: a.count + r.count,
      answered: a.answered + r.answered,
      onTime: a.onTime + r.onTime,
      overdue: a.overdue + r.overdue,
    }),
    { count: 0, answered: 0, onTime: 0, overdue: 0 },
  );
  return {
    rows,
    total: {
      ...t,
      onTimeShare: onTimeShare(t.onTime, t.count),
      basis: { formula: `${t.onTime} / ${t.count}` },
    },
  };
}
