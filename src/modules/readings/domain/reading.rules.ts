import { BadInputError, DomainError, RuleViolationError } from 'src/common/errors/domain-error';
import { Dec, dec, toFixedString } from 'src/shared/money';
import { isCalendarDate, readingPeriod } from 'src/shared/period';
import { ReadingErrorCode as E, ReadingRefusal } from '../readings.errors';
import {
  consumptionBetween,
  HistoryPoint,
  isPlausibleRollover,
  suspectReason,
} from './reading-consumption.calc';
import { parseReadingValues, READING_SCALE, Zone } from './reading-values.rules';

export type MeterStatus = 'active' | 'decommissioned';

/** What the rules need to know about the meter (locked by the caller). */
export interface MeterFacts {
  status: MeterStatus;
  zones: number;
  /** Integer digits of the counter: values must be below 10^digits. */
  digits: number;
  installedOn: string;
  /** Last day the verification is valid (verifiedOn + interval years). */
  nextVerificationOn: string;
}

/** The outcome for one zone of an accepted submission; values are decimal strings with 3 decimals. */
export interface AssessedReading {
  zone: Zone;
  value: string;
  rollover: boolean;
  suspect: boolean;
  suspectReason: string | null;
  /** Consumption since the previous reading of the zone; null for the first reading. */
  volume: string | null;
}

export type ReadingEvaluation =
  | { outcome: 'refused'; refusal: ReadingRefusal }
  | { outcome: 'unchanged'; period: string }
  | { outcome: 'accepted'; period: string; readings: AssessedReading[] };

export interface EvaluateReadingParams {
  meter: MeterFacts;
  /** Submitted zone → value, as received (strings, or integer JSON numbers). */
  values: unknown;
  takenOn: string;
  /** Today in the billing time zone. */
  today: string;
  /** The meter's stored readings per zone, oldest first (at least the previous, the next and 12 months back). */
  history: Partial<Record<Zone, readonly HistoryPoint[]>>;
  /** Suspect when the daily average exceeds this multiple of the meter's own 12-month average. */
  suspectFactor: string;
  /** Readings taken after this day of the month count for the next month. */
  cutoffDay: number;
  /** Closing readings at replacement are taken even when the verification interval has expired. */
  allowExpiredVerification?: boolean;
}

const refused = (refusal: ReadingRefusal): ReadingEvaluation => ({ outcome: 'refused', refusal });

/**
 * Decides one submission of a meter's readings (all zones of one day), without I/O:
 * refused (with a stable code and the field at fault), unchanged (the same values are already
 * stored for that day: idempotent) or accepted with per-zone roll-over, volume and suspect flags.
 * Period attribution: decree 354 para 31 "с" (cut-off on the 25th, RULES.md 3.2).
 */
export function evaluateReading(p: EvaluateReadingParams): ReadingEvaluation {
  if (!isCalendarDate(p.takenOn)) {
    return refused(new BadInputError(E.DateInvalid, 'takenOn must be a date YYYY-MM-DD', 'takenOn'));
  }
  const parsed = parseReadingValues({ values: p.values, zones: p.meter.zones, digits: p.meter.digits });
  if (!parsed.ok) return refused(parsed.refusal);
  const period = readingPeriod(p.takenOn, p.cutoffDay);
  const same = compareWithStored(parsed.values, p.history, p.takenOn);
  if (same === true) return { outcome: 'unchanged', period };
  if (same) return refused(same);
  const dateProblem = checkMeterAndDate(p);
  if (dateProblem) return refused(dateProblem);
  const readings: AssessedReading[] = [];
  for (const [zone, value] of parsed.values) {
    const assessed = assessZone({ ...p, zone, value, history: p.history[zone] ?? [] });
    if ('refusal' in assessed) return refused(assessed.refusal);
    readings.push(assessed);
  }
  return { outcome: 'accepted', period, readings };
}

/** true: identical values already stored for the day; a refusal: different ones; undefined: none. */
function compareWithStored(
  values: Map<Zone, Dec>,
  history: EvaluateReadingParams['history'],
  takenOn: string,
): true | ReadingRefusal | undefined {
  const stored = new Map<string, Dec>();
  for (const [zone, points] of Object.entries(history)) {
    const hit = points?.find((h) => h.takenOn === takenOn);
    if (hit) stored.set(zone, dec(hit.value));
  }
  if (stored.size === 0) return undefined;
  for (const [zone, value] of values) {
    const old = stored.get(zone);
    if (!old || !old.eq(value)) {
      const was = old ? show(old) : null;
      const message = `A different reading is already stored for ${takenOn} (zone ${zone}: ${was ?? 'none'})`;
      return conflict(message, `values.${zone}`, { zone, takenOn, stored: was, submitted: show(value) });
    }
  }
  return stored.size === values.size
    ? true
    : conflict(`Other zones are stored for ${takenOn}`, 'values', { takenOn });
}

/** 409 with the field at fault (ConflictError carries none). */
function conflict(message: string, field: string, details: Record<string, unknown>): ReadingRefusal {
  return new DomainError('conflict', E.Conflict, message, details, [{ field, errors: [message] }]);
}

function checkMeterAndDate(p: EvaluateReadingParams): ReadingRefusal | undefined {
  const m = p.meter;
  if (m.status !== 'active') {
    return new RuleViolationError(
      E.MeterDecommissioned,
      'The meter is decommissioned and takes no readings',
      {},
    );
  }
  if (p.takenOn > p.today) {
    return new BadInputError(
      E.DateInFuture,
      `takenOn ${p.takenOn} is in the future (today is ${p.today})`,
      'takenOn',
    );
  }
  if (p.takenOn < m.installedOn) {
    return new RuleViolationError(
      E.BeforeInstallation,
      `takenOn ${p.takenOn} is before the meter was installed on ${m.installedOn}`,
      { installedOn: m.installedOn },
      'takenOn',
    );
  }
  if (p.takenOn > m.nextVerificationOn && !p.allowExpiredVerification) {
    // An expired verification interval makes the meter count as failed (decree 354 para 81(12) "д").
    return new RuleViolationError(
      E.MeterVerificationExpired,
      `The meter's verification expired on ${m.nextVerificationOn}; readings taken after it are not accepted`,
      { nextVerificationOn: m.nextVerificationOn },
      'takenOn',
    );
  }
  return undefined;
}

interface ZoneInput extends Omit<EvaluateReadingParams, 'history'> {
  zone: Zone;
  value: Dec;
  history: readonly HistoryPoint[];
}

/** Order against the neighbours (roll-over aware), then volume and the suspect flag. */
function assessZone(p: ZoneInput): AssessedReading | { refusal: ReadingRefusal } {
  const previous = [...p.history].reverse().find((h) => h.takenOn < p.takenOn);
  const next = p.history.find((h) => h.takenOn > p.takenOn);
  const orderProblem = checkOrder(p, previous, next);
  if (orderProblem) return { refusal: orderProblem };
  const base = {
    zone: p.zone,
    value: toFixedString(p.value, READING_SCALE),
    suspect: false,
    suspectReason: null,
  };
  if (!previous) return { ...base, rollover: false, volume: null };
  const prev = dec(previous.value);
  const volume = consumptionBetween(prev, p.value, p.meter.digits);
  const reason = suspectReason({
    history: p.history,
    previous,
    takenOn: p.takenOn,
    volume,
    digits: p.meter.digits,
    factor: p.suspectFactor,
  });
  return {
    ...base,
    rollover: p.value.lt(prev),
    suspect: reason !== null,
    suspectReason: reason,
    volume: toFixedString(volume, READING_SCALE),
  };
}

/**
 * A value below the previous one is refused unless it is a plausible roll-over that the next
 * reading (if any) also lies past; a value above the next one (back-dated) is refused unless the
 * roll-over happens between it and the next reading.
 */
function checkOrder(p: ZoneInput, previous?: HistoryPoint, next?: HistoryPoint): ReadingRefusal | undefined {
  const v = p.value;
  const prev = previous ? dec(previous.value) : undefined;
  const nxt = next ? dec(next.value) : undefined;
  const field = `values.${p.zone}`;
  if (previous && prev && v.lt(prev)) {
    const wrapped = isPlausibleRollover(prev, v, p.meter.digits) && (!nxt || nxt.lt(prev));
    if (!wrapped) {
      return new RuleViolationError(
        E.BelowPrevious,
        `${show(v)} is below the previous reading ${show(prev)} of ${previous.takenOn} (zone ${p.zone})`,
        { previousValue: show(prev), previousTakenOn: previous.takenOn },
        field,
      );
    }
  }
  if (next && nxt && v.gt(nxt)) {
    const wrapsAfter = !!prev && v.gte(prev) && nxt.lt(prev) && isPlausibleRollover(v, nxt, p.meter.digits);
    if (!wrapsAfter) {
      return new RuleViolationError(
        E.AboveNext,
        `${show(v)} is above the later reading ${show(nxt)} of ${next.takenOn} (zone ${p.zone})`,
        { nextValue: show(nxt), nextTakenOn: next.takenOn },
        field,
      );
    }
  }
  return undefined;
}

const show = (v: Dec): string => toFixedString(v, READING_SCALE);
