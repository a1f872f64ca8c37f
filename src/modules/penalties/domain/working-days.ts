import { RuleViolationError } from 'src/common/errors/domain-error';
import { PenaltyErrorCode as E } from '../penalties.errors';
import { addDays } from 'src/shared/period';
import { CalendarDay, CalendarDayKind } from './penalty-rules.types';

/** ISO weekday, 1 = Monday … 7 = Sunday (Date.UTC on integer parts: no time zone shifts the day). */
export function isoWeekday(date: string): number {
  const [y, m, d] = [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
  const js = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return js === 0 ? 7 : js;
}

/**
 * Whether a calendar row's kind fits its weekday: a transferred working day is a Saturday or
 * Sunday, a transferred day off a weekday; holidays fall on any day.
 */
export function calendarKindFits(day: string, kind: CalendarDayKind): boolean {
  const weekend = isoWeekday(day) >= 6;
  if (kind === CalendarDayKind.Workday) return weekend;
  if (kind === CalendarDayKind.Dayoff) return !weekend;
  return true;
}

// One lookup map per loaded calendar array (the nightly job reuses one array for every account).
const indexes = new WeakMap<readonly CalendarDay[], Map<string, CalendarDayKind>>();

function indexOf(calendar: readonly CalendarDay[]): Map<string, CalendarDayKind> {
  let index = indexes.get(calendar);
  if (!index) {
    index = new Map(calendar.map((c) => [c.day, c.kind]));
    indexes.set(calendar, index);
  }
  return index;
}

/** Saturday and Sunday are days off unless a 'workday' row says otherwise; 'holiday'/'dayoff' rows are off. */
export function isWorkingDay(date: string, calendar: readonly CalendarDay[]): boolean {
  const kind = indexOf(calendar).get(date);
  if (kind === CalendarDayKind.Workday) return true;
  if (kind === CalendarDayKind.Holiday || kind === CalendarDayKind.Dayoff) return false;
  return isoWeekday(date) <= 5;
}

const MAX_DAYS_OFF_IN_A_ROW = 60;

/**
 * The day itself when it is a working day, else the next working day: a deadline that ends on a
 * non-working day moves to the next working day (Civil Code art. 193).
 */
export function nextWorkingDay(date: string, calendar: readonly CalendarDay[]): string {
  let day = date;
  for (let i = 0; i <= MAX_DAYS_OFF_IN_A_ROW; i++, day = addDays(day, 1)) {
    if (isWorkingDay(day, calendar)) return day;
  }
  throw new RuleViolationError(
    E.NoWorkingDay,
    `No working day within ${MAX_DAYS_OFF_IN_A_ROW} days of ${date}`,
    {
      date,
    },
  );
}
