import { calendarRows } from '../../migrations/1764400000000-penalty-rules.calendar';
import {
  DUE_RULES,
  FRACTIONS,
  KEY_RATES,
  MORATORIA,
  RATE_CAPS,
} from '../../migrations/1764400000000-penalty-rules.seed';
import {
  CalendarDayKind,
  CapKind,
  MoratoriumScope,
  PenaltyRules,
} from '../../src/modules/penalties/domain/penalty-rules.types';

/**
 * The penalty rules exactly as migration 1764400000000 seeds them, in the engine's shape (what
 * PenaltyRulesService.loadRules() returns on a fresh database), with optional overrides.
 */
export function shippedPenaltyRules(o: Partial<PenaltyRules> = {}): PenaltyRules {
  return {
    keyRates: KEY_RATES.map(([effectiveFrom, ratePercent]) => ({ effectiveFrom, ratePercent })),
    caps: RATE_CAPS.map(([validFrom, validTo, kind, capPercent]) => ({
      validFrom,
      validTo,
      kind: kind as CapKind,
      capPercent,
    })),
    moratoria: MORATORIA.map(([validFrom, validTo, scope]) => ({
      validFrom,
      validTo,
      scope: scope as MoratoriumScope,
    })),
    fractions: FRACTIONS.map(([validFrom, fromDay, toDay, denominator]) => ({
      validFrom,
      fromDay,
      toDay,
      denominator,
    })),
    dueRules: DUE_RULES.map(([from, to, dueDay, monthOffset]) => ({
      periodFrom: from.slice(0, 7),
      periodTo: to === null ? null : to.slice(0, 7),
      dueDay,
      monthOffset,
    })),
    calendar: calendarRows().map(([day, kind]) => ({ day, kind: kind as CalendarDayKind })),
    ...o,
  };
}
