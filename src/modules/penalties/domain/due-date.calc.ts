import { RuleViolationError } from 'src/common/errors/domain-error';
import { addMonths, daysInMonth, isPeriod, parsePeriod } from 'src/shared/period';
import { PenaltyErrorCode as E } from '../penalties.errors';
import { CalendarDay, DueRule } from './penalty-rules.types';
import { nextWorkingDay } from './working-days';

export interface DueDateParams {
  /** Billing period of the charge, YYYY-MM. */
  period: string;
  /** Due-date rules (payment_due_rules). */
  dueRules: readonly DueRule[];
}

/**
 * The statutory last day to pay a period's charges before any calendar shift: ЖК РФ ст. 155 ч. 1 —
 * the 10th of the following month for periods up to February 2026, the 15th from the March 2026
 * period on (177-ФЗ of 24.06.2025), as the rules table says. A due day past the month's end (31 in
 * a 30-day month) means its last day.
 */
export function nominalDueDateOf({ period, dueRules }: DueDateParams): string {
  if (!isPeriod(period)) throw new Error(`not a period YYYY-MM: "${period}"`);
  const rule = dueRules.find((r) => r.periodFrom <= period && (r.periodTo === null || period <= r.periodTo));
  if (!rule) {
    throw new RuleViolationError(E.NoDueRule, `No due-date rule covers period ${period}`, { period });
  }
  const month = addMonths(period, rule.monthOffset);
  const day = Math.min(rule.dueDay, daysInMonth(parsePeriod(month)));
  return `${month}-${String(day).padStart(2, '0')}`;
}

/**
 * Due date of a billing period's charges: the nominal date moved to the next working day by the
 * production calendar (Civil Code art. 193). Delay day 1 is the day after it (ЖК РФ ст. 155 ч. 14).
 * Example: December 2025 charges, nominal 10.01.2026 (a Saturday in the New Year holidays) → 12.01.2026.
 */
export function dueDateOf(p: DueDateParams & { calendar: readonly CalendarDay[] }): string {
  return nextWorkingDay(nominalDueDateOf(p), p.calendar);
}
