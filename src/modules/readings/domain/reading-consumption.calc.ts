import { Dec, dec, pow10, roundTo, sum, toFixedString } from 'src/shared/money';
import { addYears, daysBetween } from 'src/shared/period';

/**
 * A roll-over (the counter passing 99999 → 00000) is accepted only when the consumption it implies,
 * 10^digits − previous + value, is below this share of the capacity; a bigger drop is a wrong value.
 */
export const ROLLOVER_MAX_SHARE = '0.1';
/** Look-back of the meter's own average used to flag a suspect reading. */
export const SUSPECT_BASELINE_YEARS = 1;
/** The baseline needs at least this many earlier readings … */
export const SUSPECT_MIN_BASELINE_READINGS = 2;
/** … spanning at least this many days. */
export const SUSPECT_MIN_BASELINE_DAYS = 28;

export interface HistoryPoint {
  takenOn: string;
  /** Decimal string as stored (m³, kWh, Gcal). */
  value: string;
}

/** 10^digits: the value at which the meter's counter wraps to zero. */
export function capacityOf(digits: number): Dec {
  return pow10(digits);
}

/** True when going from `from` down to `to` is a plausible counter roll-over. */
export function isPlausibleRollover(from: Dec, to: Dec, digits: number): boolean {
  const capacity = capacityOf(digits);
  return capacity
    .minus(from)
    .plus(to)
    .lt(capacity.times(dec(ROLLOVER_MAX_SHARE)));
}

/**
 * Consumption between two readings of one zone (m³, kWh): the difference, or across a roll-over
 * capacity − from + to when the counter went down.
 */
export function consumptionBetween(from: Dec, to: Dec, digits: number): Dec {
  return to.gte(from) ? to.minus(from) : capacityOf(digits).minus(from).plus(to);
}

/** Earlier readings of the zone inside the look-back window before `takenOn`, oldest first. */
function baselineOf(history: readonly HistoryPoint[], takenOn: string): HistoryPoint[] {
  const since = addYears(takenOn, -SUSPECT_BASELINE_YEARS);
  return history.filter((h) => h.takenOn >= since && h.takenOn < takenOn);
}

const daily = (volume: Dec, days: number): Dec => volume.div(dec(days));
const show = (v: Dec): string => toFixedString(roundTo(v, 3), 3);

/**
 * Flags a reading whose average daily consumption since the previous reading exceeds
 * `factor` × the meter's own average daily consumption over the preceding 12 months (control of
 * reliability of readings, decree 354 paras 82–85; RULES.md 3.4). Returns the human-readable reason,
 * or null when the reading is plausible or the history is too short (fewer than 2 earlier readings
 * or less than 28 days between the first and the last of them). All math in exact decimals.
 */
export function suspectReason(p: {
  history: readonly HistoryPoint[];
  previous: HistoryPoint;
  takenOn: string;
  volume: Dec;
  digits: number;
  factor: string;
}): string | null {
  const base = baselineOf(p.history, p.takenOn);
  if (base.length < SUSPECT_MIN_BASELINE_READINGS) return null;
  const first = base[0];
  const last = base[base.length - 1];
  const baseDays = daysBetween(first.takenOn, last.takenOn);
  if (baseDays < SUSPECT_MIN_BASELINE_DAYS) return null;
  const steps = base.slice(1).map((h, i) => consumptionBetween(dec(base[i].value), dec(h.value), p.digits));
  const baseDaily = daily(sum(steps), baseDays);
  const days = daysBetween(p.previous.takenOn, p.takenOn);
  const current = daily(p.volume, days);
  if (!current.gt(baseDaily.times(dec(p.factor)))) return null;
  return (
    `Average daily consumption ${show(current)} since ${p.previous.takenOn} (${show(p.volume)} over ${days} days) ` +
    `exceeds ${p.factor} × the meter's average of ${show(baseDaily)} per day ` +
    `(${show(sum(steps))} over ${baseDays} days, ${first.takenOn} – ${last.takenOn})`
  );
}
