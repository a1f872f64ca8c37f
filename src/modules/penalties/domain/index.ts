/**
 * The penalty engine (ЖК РФ ст. 155 ч. 14): pure functions over rules passed in as data.
 *
 * Typical use (the statement builder, the nightly job):
 *   const rules = await penaltyRulesService.loadRules();
 *   const debts = charges.map((c) => ({ period: c.period, amount: c.amount,
 *     dueDate: dueDateOf({ period: c.period, dueRules: rules.dueRules, calendar: rules.calendar }) }));
 *   const { rows, total } = accruePenalty({ debts, payments, asOf, rules });
 */
export { accruePenalty } from './penalty.calc';
export { dueDateOf, nominalDueDateOf } from './due-date.calc';
export type { DueDateParams } from './due-date.calc';
export { penaltyRateOn, keyRateOn } from './rate.rules';
export { allocatePayments } from './allocation.calc';
export type { DebtPortion, PaymentAllocation } from './allocation.calc';
export { isWorkingDay, nextWorkingDay } from './working-days';
export { penaltyFormula, penaltyRowAmount } from './penalty-row.format';
export type {
  AccruePenaltyParams,
  PenaltyDebt,
  PenaltyDebtTotal,
  PenaltyPayment,
  PenaltyRateRules,
  PenaltyResult,
  PenaltyRow,
} from './penalty.types';
export { CalendarDayKind, CapKind, MoratoriumScope } from './penalty-rules.types';
export type {
  CalendarDay,
  DueRule,
  KeyRate,
  Moratorium,
  PenaltyFraction,
  PenaltyRules,
  RateCap,
} from './penalty-rules.types';
