import { DomainError } from 'src/common/errors/domain-error';
import { QueryFailedError } from 'typeorm';
import { PenaltyErrorCode } from '../penalties.errors';

const E = PenaltyErrorCode;

/** Named constraints of the rules tables → 409 with a stable code (a race cannot bypass them). */
const CONFLICTS: Record<string, [PenaltyErrorCode, string]> = {
  uq_key_rates__effective_from: [E.KeyRateExists, 'A key rate from this date already exists'],
  ex_penalty_rate_caps__overlap: [E.CapOverlap, 'A rate cap already covers part of this period'],
  ex_penalty_moratoria__overlap: [E.MoratoriumOverlap, 'A moratorium already covers part of this period'],
  ex_penalty_fractions__overlap: [
    E.FractionOverlap,
    'A fraction from this date already covers part of these delay days',
  ],
  ex_payment_due_rules__overlap: [E.DueRuleOverlap, 'A due-date rule already covers part of these periods'],
  pk_calendar_days: [E.CalendarDayExists, 'The calendar already has this day'],
};

/** Maps a refusal of the rules tables' constraints to a DomainError; anything else stays as it was. */
export function rulesConstraintError(err: unknown): DomainError | undefined {
  const driver = (err instanceof QueryFailedError ? err.driverError : err) as
    { code?: string; constraint?: string } | undefined;
  if (!driver?.constraint || !['23505', '23P01'].includes(driver.code ?? '')) return undefined;
  const known = CONFLICTS[driver.constraint];
  return known && new DomainError('conflict', known[0], known[1], { constraint: driver.constraint });
}
