import { RuleViolationError } from 'src/common/errors/domain-error';
import { addDays, periodEnd } from 'src/shared/period';
import { PenaltyErrorCode as E } from '../penalties.errors';
import { Moratorium, MoratoriumScope, PenaltyFraction } from './penalty-rules.types';

/**
 * The fraction row for delay day `delayDay` falling on `date` (ЖК РФ ст. 155 ч. 14 as amended by
 * 307-ФЗ from 01.01.2016: days 1–30 free, 31–90 1/300, from 91 1/130 — all of it from the table).
 * The set in force is the one with the latest validFrom on or before `date`.
 */
export function fractionFor(
  delayDay: number,
  date: string,
  fractions: readonly PenaltyFraction[],
): PenaltyFraction {
  let setFrom: string | undefined;
  for (const f of fractions) {
    if (f.validFrom <= date && (setFrom === undefined || f.validFrom > setFrom)) setFrom = f.validFrom;
  }
  const row = fractions.find(
    (f) => f.validFrom === setFrom && f.fromDay <= delayDay && (f.toDay === null || delayDay <= f.toDay),
  );
  if (!row) {
    throw new RuleViolationError(
      E.NoFractionRule,
      `No penalty fraction for delay day ${delayDay} on ${date}`,
      {
        delayDay,
        date,
      },
    );
  }
  return row;
}

/**
 * The moratoria that cover a debt of `period`. 'all_debts' covers every debt; 'debts_arisen_before_start'
 * (decree 497 read literally) only a debt whose billing period ended before the moratorium began —
 * the obligation arises when the month's services are rendered, not on the due date.
 */
export function moratoriaFor(period: string, moratoria: readonly Moratorium[]): Moratorium[] {
  return moratoria.filter((m) => m.scope === MoratoriumScope.AllDebts || periodEnd(period) < m.validFrom);
}

export function inMoratorium(date: string, moratoria: readonly Moratorium[]): boolean {
  return moratoria.some((m) => m.validFrom <= date && (m.validTo === null || date <= m.validTo));
}

/**
 * Days on which something the penalty depends on may change for a debt due on `dueDate`: the first
 * delay day of every fraction row (and the day after its last), every fraction set's start, and every
 * moratorium's first day and the day after its last. Between two of them all of it is constant.
 */
export function ruleBoundaries(
  dueDate: string,
  fractions: readonly PenaltyFraction[],
  moratoria: readonly Moratorium[],
): string[] {
  const days: string[] = [];
  for (const f of fractions) {
    days.push(f.validFrom, addDays(dueDate, f.fromDay));
    if (f.toDay !== null) days.push(addDays(dueDate, f.toDay + 1));
  }
  for (const m of moratoria) {
    days.push(m.validFrom);
    if (m.validTo !== null) days.push(addDays(m.validTo, 1));
  }
  return days;
}
