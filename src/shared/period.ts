/**
 * Billing periods (`YYYY-MM`) and calendar days (`YYYY-MM-DD`) as plain strings with exact
 * calendar arithmetic in UTC-free integer form: no Date arithmetic across time zones.
 */
const PERIOD_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface YearMonth {
  year: number;
  month: number;
}

export function isPeriod(value: string): boolean {
  return PERIOD_RE.test(value);
}

export function isCalendarDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth({ year: y, month: mo });
}

export function parsePeriod(value: string): YearMonth {
  const m = PERIOD_RE.exec(value);
  if (!m) throw new Error(`not a period YYYY-MM: "${value}"`);
  return { year: Number(m[1]), month: Number(m[2]) };
}

export function formatPeriod(p: YearMonth): string {
  return `${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}`;
}

export function daysInMonth(p: YearMonth): number {
  return [31, isLeap(p.year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][p.month - 1];
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** First day of the period as a calendar date ("2026-03" → "2026-03-01"). */
export function periodStart(period: string): string {
  parsePeriod(period);
  return `${period}-01`;
}

/** Last day of the period ("2026-02" → "2026-02-28"). */
export function periodEnd(period: string): string {
  const p = parsePeriod(period);
  return `${period}-${String(daysInMonth(p)).padStart(2, '0')}`;
}

export function addMonths(period: string, n: number): string {
  const p = parsePeriod(period);
  const idx = p.year * 12 + (p.month - 1) + n;
  return formatPeriod({ year: Math.floor(idx / 12), month: (idx % 12) + 1 });
}

/** "2026-03-01" or a Date from pg (date column) → "2026-03". */
export function periodOfDate(date: string): string {
  if (!isCalendarDate(date)) throw new Error(`not a date YYYY-MM-DD: "${date}"`);
  return date.slice(0, 7);
}

/**
 * The billing period a meter reading counts for: readings taken after the cut-off day
 * (the 25th by default, decree 354 para 31 "с" / 3.2 of RULES.md) count for the next month.
 */
export function readingPeriod(takenOn: string, cutoffDay: number): string {
  const day = Number(takenOn.slice(8, 10));
  const period = periodOfDate(takenOn);
  return day > cutoffDay ? addMonths(period, 1) : period;
}

/** Whole days from a to b (b − a), both calendar dates. */
export function daysBetween(a: string, b: string): number {
  return toDayNumber(b) - toDayNumber(a);
}

function toDayNumber(date: string): number {
  const [y, m, d] = [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

export function addYears(date: string, years: number): string {
  const y = Number(date.slice(0, 4)) + years;
  const m = Number(date.slice(5, 7));
  let d = Number(date.slice(8, 10));
  d = Math.min(d, daysInMonth({ year: y, month: m }));
  return `${String(y).padStart(4, '0')}-${date.slice(5, 7)}-${String(d).padStart(2, '0')}`;
}

/** Today's calendar date in the given IANA time zone (the billing zone, not the server's). */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  const t = now.getTime();
  let z = DAY_FORMATS.get(timeZone);
  if (!z) {
    z = {
      format: new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      }),
      day: '',
      from: 0,
      to: -1,
    };
    DAY_FORMATS.set(timeZone, z);
  }
  if (t >= z.from && t <= z.to) return z.day;
  const day = z.format.format(t);
  // The date is the same at both ends of a minute, so at every instant between them (a zone's date
  // never changes and changes back within a minute): that minute is answered without formatting.
  // Near midnight the two ends differ and every call formats.
  if (z.format.format(t + DAY_WINDOW_MS) === day) {
    z.day = day;
    z.from = t;
    z.to = t + DAY_WINDOW_MS;
  }
  return day;
}
/**
 * Building a formatter costs far more than formatting (it was 4 % of the API's CPU under load), and
 * formatting itself was still 1 %: the day is kept for a minute once both ends of it agree.
 */
const DAY_FORMATS = new Map<string, { format: Intl.DateTimeFormat; day: string; from: number; to: number }>();
const DAY_WINDOW_MS = 60_000;

/** The calendar day `days` after (or before, when negative) `date`. */
export function addDays(date: string, days: number): string {
  return fromDayNumber(toDayNumber(date) + days);
}

/**
 * The calendar date of a day number (days since 1970-01-01) by integer arithmetic on 400-year
 * cycles of the proleptic Gregorian calendar — no Date object (addDays was a tenth of the penalty
 * job's CPU when it built one per call).
 */
function fromDayNumber(n: number): string {
  const z = n + 719_468; // days since 0000-03-01
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097; // day of the 400-year era, 0…146096
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100)); // day of the March-based year
  const mp = Math.floor((5 * doy + 2) / 153); // March = 0
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** Whole months from period a to period b (b − a), both YYYY-MM. */
export function monthsBetween(a: string, b: string): number {
  const pa = parsePeriod(a);
  const pb = parsePeriod(b);
  return (pb.year - pa.year) * 12 + (pb.month - pa.month);
}

export function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}

export function minDate(a: string, b: string): string {
  return a < b ? a : b;
}
