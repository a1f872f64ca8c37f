import { addDays } from 'src/shared/period';
import { CalendarDay } from 'src/modules/penalties/domain/penalty-rules.types';
import { isWorkingDay, nextWorkingDay } from 'src/modules/penalties/domain/working-days';
import { AppealCategory, AppealChannel, DayKind, DeadlineRule } from './appeal.types';

export interface DeadlineResult {
  deadlineOn: string;
  ruleId: string;
  /** What the deadline was computed from (stored with the appeal). */
  basis: {
    category: AppealCategory;
    channel: AppealChannel;
    registeredOn: string;
    days: number;
    dayKind: DayKind;
    ruleChannel: AppealChannel | null;
    source: string;
    formula: string;
  };
}

/** The rule in force on the day: a row for the channel wins over an any-channel row; null when none. */
export function pickDeadlineRule(params: {
  rules: readonly DeadlineRule[];
  category: AppealCategory;
  channel: AppealChannel;
  on: string;
}): DeadlineRule | null {
  const { rules, category, channel, on } = params;
  const inForce = rules.filter(
    (r) => r.category === category && r.validFrom <= on && (r.validTo === null || r.validTo >= on),
  );
  return inForce.find((r) => r.channel === channel) ?? inForce.find((r) => r.channel === null) ?? null;
}

/** N working days after `from` (the N-th working day of the calendar after it). */
function addWorkingDays(from: string, days: number, calendar: readonly CalendarDay[]): string {
  let day = from;
  for (let counted = 0; counted < days;) {
    day = addDays(day, 1);
    if (isWorkingDay(day, calendar)) counted++;
  }
  return day;
}

/**
 * The answer deadline of an appeal registered on `registeredOn` (RULES.md §8). Counting starts the
 * day after registration (ГК РФ ст. 191). Working days: the N-th working day of the production
 * calendar after registration. Calendar days: registration + N, moved to the next working day when
 * that is a day off (ГК РФ ст. 193). Zero days ("immediately"): the registration day itself.
 */
export function computeDeadline(params: {
  rule: DeadlineRule;
  channel: AppealChannel;
  registeredOn: string;
  calendar: readonly CalendarDay[];
}): DeadlineResult {
  const { rule, channel, registeredOn, calendar } = params;
  let deadlineOn = registeredOn;
  let formula: string;
  if (rule.days === 0) {
    formula = `${registeredOn} (immediately)`;
  } else if (rule.dayKind === DayKind.Working) {
    deadlineOn = addWorkingDays(registeredOn, rule.days, calendar);
    formula = `${registeredOn} + ${rule.days} working days = ${deadlineOn}`;
  } else {
    const end = addDays(registeredOn, rule.days);
    deadlineOn = nextWorkingDay(end, calendar);
    formula =
      end === deadlineOn
        ? `${registeredOn} + ${rule.days} days = ${deadlineOn}`
        : `${registeredOn} + ${rule.days} days = ${end}, a day off, moved to ${deadlineOn}`;
  }
  return {
    deadlineOn,
    ruleId: rule.id,
    basis: {
      category: rule.category,
      channel,
      registeredOn,
      days: rule.days,
      dayKind: rule.dayKind,
      ruleChannel: rule.channel,
      source: rule.source,
      formula,
    },
  };
}

/**
 * The deadline moved once by the rule's extension (152-FZ art. 14 p. 3, art. 20 p. 1: +5 working
 * days with a reasoned notice), counted from the current deadline in the rule's kind of days.
 */
export function extendDeadline(params: {
  deadlineOn: string;
  days: number;
  dayKind: DayKind;
  calendar: readonly CalendarDay[];
}): { deadlineOn: string; formula: string } {
  const { deadlineOn, days, dayKind, calendar } = params;
  if (dayKind === DayKind.Working) {
    const to = addWorkingDays(deadlineOn, days, calendar);
    return { deadlineOn: to, formula: `${deadlineOn} + ${days} working days = ${to}` };
  }
  const end = addDays(deadlineOn, days);
  const to = nextWorkingDay(end, calendar);
  return {
    deadlineOn: to,
    formula: `${deadlineOn} + ${days} days = ${end}${to === end ? '' : `, moved to ${to}`}`,
  };
}
