import { dec, Dec, moneyString, ZERO } from 'src/shared/money';

/** One ageing bucket: debt whose age in days (asOf − due date) lies in [fromDays, toDays]. */
export interface AgeingBucket {
  /** Stable code used in JSON and CSV ("not_due", "0_30", …, "over_365"). */
  code: string;
  /** Human label ("31–90"). */
  label: string;
  /** Lowest age in the bucket (inclusive), null = unbounded below. */
  fromDays: number | null;
  /** Highest age in the bucket (inclusive), null = unbounded above. */
  toDays: number | null;
}

/**
 * The head-of-service buckets (issue 7 §3): age = asOf − due date of the period's charges, in days.
 * Age ≤ 0 means the due date has not passed yet (current debt, not overdue); day 1 of delay is the
 * day after the due date (ЖК РФ ст. 155 ч. 14), so "0–30" holds delays of 1 to 30 days.
 */
export const AGEING_BUCKETS: readonly AgeingBucket[] = [
  { code: 'not_due', label: 'not yet due', fromDays: null, toDays: 0 },
  { code: '0_30', label: '0–30', fromDays: 1, toDays: 30 },
  { code: '31_90', label: '31–90', fromDays: 31, toDays: 90 },
  { code: '91_180', label: '91–180', fromDays: 91, toDays: 180 },
  { code: '181_365', label: '181–365', fromDays: 181, toDays: 365 },
  { code: 'over_365', label: '> 365', fromDays: 366, toDays: null },
];

/** The bucket of an age in days (asOf − due date); the buckets cover every integer exactly once. */
export function bucketOfAge(
  ageDays: number,
  buckets: readonly AgeingBucket[] = AGEING_BUCKETS,
): AgeingBucket {
  const b = buckets.find(
    (x) => (x.fromDays === null || ageDays >= x.fromDays) && (x.toDays === null || ageDays <= x.toDays),
  );
  if (!b) throw new Error(`no ageing bucket for ${ageDays} days`);
  return b;
}

/** Debt of one group and billing period, with the age of that period's due date. */
export interface AgedDebt {
  /** Group key (building id, service code …); null for the whole scope. */
  key: string | null;
  label: string;
  /** Roubles, decimal string (unpaid principal of the group's cells of the period). */
  amount: string;
  /** asOf − due date of the period, days. */
  ageDays: number;
}

export interface AgeingRow {
  key: string | null;
  label: string;
  /** One amount per bucket, in bucket order (roubles, decimal strings). */
  amounts: string[];
  /** Overdue debt: every bucket but "not yet due". */
  overdue: string;
  /** All debt. */
  total: string;
}

/**
 * Sums aged debts into one row per group (in first-seen order) and a totals row. Each amount is
 * already rounded to the kopeck (sums of numeric(14,2) cells), so sums are exact.
 */
export function buildAgeingRows(p: { debts: readonly AgedDebt[]; buckets?: readonly AgeingBucket[] }): {
  rows: AgeingRow[];
  totals: AgeingRow;
} {
  const buckets = p.buckets ?? AGEING_BUCKETS;
  const groups = new Map<string, { key: string | null; label: string; sums: Dec[] }>();
  const totals = buckets.map(() => ZERO);
  for (const d of p.debts) {
    const id = d.key ?? '';
    let g = groups.get(id);
    if (!g) {
      g = { key: d.key, label: d.label, sums: buckets.map(() => ZERO) };
      groups.set(id, g);
    }
    const i = buckets.indexOf(bucketOfAge(d.ageDays, buckets));
    g.sums[i] = g.sums[i].plus(dec(d.amount));
    totals[i] = totals[i].plus(dec(d.amount));
  }
  const toRow = (key: string | null, label: string, sums: Dec[]): AgeingRow => {
    const notDue = buckets.findIndex((b) => b.toDays !== null && b.toDays <= 0);
    const total = sums.reduce((a, b) => a.plus(b), ZERO);
    return {
      key,
      label,
      amounts: sums.map(moneyString),
      overdue: moneyString(notDue < 0 ? total : total.minus(sums[notDue])),
      total: moneyString(total),
    };
  };
  return {
    rows: [...groups.values()].map((g) => toRow(g.key, g.label, g.sums)),
    totals: toRow(null, 'total', totals),
  };
}
