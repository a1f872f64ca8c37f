/**
 * The penalty rules as plain data, loaded from the rules tables (migration 1764400000000) or built
 * by a test. Dates are 'YYYY-MM-DD', periods 'YYYY-MM', percentages decimal strings ("9.500").
 */

/** Cap policy of decree 474 (26.03.2022) and its extensions. */
export enum CapKind {
  /** A fixed annual rate instead of the key rate (474 as first worded: 9.5 %, 28.02–22.09.2022). */
  Fixed = 'fixed',
  /** The lower of the cap and the key rate (1681 of 23.09.2022, 2479, 2382, 329). */
  MinOfKeyRate = 'min_of_key_rate',
}

export enum MoratoriumScope {
  /** Every debt: no penalty for days inside the moratorium (the project default for both). */
  AllDebts = 'all_debts',
  /**
   * Only debts that arose before the moratorium started (decree 497 read literally): a debt arose
   * when its billing period ended (the services were rendered), so the charge of the month before
   * the start is covered and later charges are "current".
   */
  DebtsArisenBeforeStart = 'debts_arisen_before_start',
}

export enum CalendarDayKind {
  /** Federal non-working holiday (ТК РФ ст. 112 ч. 1). */
  Holiday = 'holiday',
  /** A Saturday or Sunday made a working day by a transfer. */
  Workday = 'workday',
  /** A weekday made a day off by a transfer (or ст. 112 ч. 2 after a holiday on a weekend). */
  Dayoff = 'dayoff',
}

/** CBR key rate in force from `effectiveFrom` until the next row (equals the refinancing rate since 2016). */
export interface KeyRate {
  effectiveFrom: string;
  /** % per annum, e.g. "16.000". */
  ratePercent: string;
}

export interface RateCap {
  validFrom: string;
  /** Last day (inclusive); null = open-ended. */
  validTo: string | null;
  kind: CapKind;
  /** % per annum, e.g. "9.500". */
  capPercent: string;
}

export interface Moratorium {
  validFrom: string;
  /** Last day (inclusive); null = open-ended. */
  validTo: string | null;
  scope: MoratoriumScope;
}

/**
 * Share of the annual rate charged per delay day for days `fromDay`..`toDay` of the delay (day 1 =
 * the day after the due date); the set in force on a day is the one with the latest `validFrom` on
 * or before it. `denominator` null = free days (1–30).
 */
export interface PenaltyFraction {
  validFrom: string;
  fromDay: number;
  toDay: number | null;
  denominator: number | null;
}

/** Due date of the charges of periods `periodFrom`..`periodTo`: day `dueDay` of the period + `monthOffset` months. */
export interface DueRule {
  periodFrom: string;
  periodTo: string | null;
  dueDay: number;
  monthOffset: number;
}

/** A production-calendar exception; days without a row are working Monday to Friday. */
export interface CalendarDay {
  day: string;
  kind: CalendarDayKind;
}

/** Everything the engine reads, as loaded by PenaltyRulesService.loadRules(). */
export interface PenaltyRules {
  keyRates: KeyRate[];
  caps: RateCap[];
  moratoria: Moratorium[];
  fractions: PenaltyFraction[];
  dueRules: DueRule[];
  calendar: CalendarDay[];
}
