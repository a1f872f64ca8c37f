import { Dec, dec, pow10, ZERO } from 'src/shared/money';
import { addMonths, monthsBetween } from 'src/shared/period';

/** Decree 354 para 59–60 as data: how long and from how much history an average may replace a reading. */
export interface SubstitutionRule {
  /** Periods in a row that may be billed by the average (3), then the norm. */
  maxPeriods: number;
  /** History the average is taken over (6 months)… */
  historyMonths: number;
  /** …or at least this much for a younger meter (3 months). */
  minHistoryMonths: number;
}

/** A reading of one meter zone: its value, day and billing period (YYYY-MM). */
export interface HistoryReading {
  value: string;
  takenOn: string;
  period: string;
}

export interface AverageVolume {
  /** Average monthly consumption, unrounded. */
  volume: Dec;
  from: HistoryReading;
  to: HistoryReading;
  months: number;
}

/** Consumption between two readings of a counter with `digits` integer digits (one roll-over at most). */
export function consumptionBetween(from: string, to: string, digits: number): Dec {
  const a = dec(from);
  const b = dec(to);
  return b.gte(a) ? b.minus(a) : b.plus(pow10(digits)).minus(a);
}

/**
 * Average monthly consumption of a meter zone (decree 354 para 59): from the latest reading before the
 * period back over `historyMonths` (the latest reading at least that old), or — for a younger meter —
 * over its whole history when that covers at least `minHistoryMonths`. Undefined when there is not
 * enough history: the norm applies then.
 */
export function averageMonthlyVolume(p: {
  history: HistoryReading[];
  digits: number;
  rule: SubstitutionRule;
}): AverageVolume | undefined {
  const sorted = [...p.history].sort((a, b) => a.takenOn.localeCompare(b.takenOn));
  const last = sorted[sorted.length - 1];
  if (!last) return undefined;
  const horizon = addMonths(last.period, -p.rule.historyMonths);
  const older = sorted.filter((r) => r.period <= horizon);
  const first = older.length ? older[older.length - 1] : sorted[0];
  const months = monthsBetween(first.period, last.period);
  if (months < p.rule.minHistoryMonths || months === 0) return undefined;
  let volume = ZERO;
  const chain = sorted.filter((r) => r.takenOn >= first.takenOn);
  for (let i = 1; i < chain.length; i += 1) {
    volume = volume.plus(consumptionBetween(chain[i - 1].value, chain[i].value, p.digits));
  }
  return { volume: volume.div(months), from: first, to: last, months };
}
