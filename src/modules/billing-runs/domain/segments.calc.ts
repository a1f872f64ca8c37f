import { addDays, daysBetween } from 'src/shared/period';

/** A run of calendar days inside a billing period, both ends inclusive. */
export interface Segment {
  from: string;
  to: string;
  days: number;
}

/** A rule row with an inclusive validity interval (valid_to null = open-ended). */
export interface Valid {
  validFrom: string;
  validTo: string | null;
}

/** The row in force on `date` (the latest start wins when rows of different scopes overlap). */
export function inForce<T extends Valid>(rows: T[], date: string): T | undefined {
  return rows.find((r) => r.validFrom <= date && (r.validTo === null || r.validTo >= date));
}

/** Days inside (from, to] on which a row starts or the day after a row ends: where a price or rule changes. */
export function changeDates(rows: Valid[], from: string, to: string): string[] {
  const dates = rows.flatMap((r) => [r.validFrom, ...(r.validTo ? [addDays(r.validTo, 1)] : [])]);
  return dates.filter((d) => d > from && d <= to);
}

/**
 * Splits [from, to] at each change date (the first day something new applies). One segment when
 * nothing changes inside — the usual month. Decree 354 prices each part at the tariff in force then.
 */
export function splitByChanges(from: string, to: string, changes: string[]): Segment[] {
  const starts = [from, ...[...new Set(changes)].filter((d) => d > from && d <= to).sort()];
  return starts.map((start, i) => {
    const end = i + 1 < starts.length ? addDays(starts[i + 1], -1) : to;
    return { from: start, to: end, days: daysBetween(start, end) + 1 };
  });
}
