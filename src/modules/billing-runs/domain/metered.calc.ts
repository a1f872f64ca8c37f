import { canonical, Dec, dec, pow10, roundTo, sum, ZERO } from 'src/shared/money';
import { addDays, addMonths, monthsBetween, periodOfDate } from 'src/shared/period';
import {
  CoefficientCase,
  ControlCheckDelta,
  MeterInput,
  PriorSubstitution,
  ReadingInput,
  ServiceDef,
  Zone,
} from './charge-inputs';
import { averageMonthlyVolume, consumptionBetween, SubstitutionRule } from './substitution.calc';

/** What the meters of one premises say about one service for the period. */
export type MeterOutcome =
  | { kind: 'volumes'; method: 'metered' | 'average'; zones: ZoneVolume[] }
  | { kind: 'norm'; reason: NormReason; coefficientCase: CoefficientCase | null };

export type NormReason = 'no_meter' | 'no_reading' | 'verification_expired' | 'norm_service';

export interface ZoneVolume {
  /** null for single-rate meters (billed at the single-rate tariff). */
  zone: Zone | null;
  volume: Dec;
  basis: Record<string, unknown>;
}

export interface MeterOutcomeParams {
  period: string;
  service: ServiceDef;
  meters: MeterInput[];
  readingsByMeter: Map<string, ReadingInput[]>;
  /** This account's average-billed volumes of this service in earlier periods. */
  priorAverages: PriorSubstitution[];
  /** This account's control-check differences of this service already billed by recalculation. */
  controlChecks?: ControlCheckDelta[];
  /** An act of technical impossibility is recorded: never a coefficient. */
  impossible: boolean;
  rule: SubstitutionRule;
}

/**
 * Decree 354: metered volume (formula 1, zones per para 38); a meter without a reading for the period,
 * or failed by an expired verification, is replaced by its average monthly volume for at most
 * `maxPeriods` periods in a row (para 59), then by the norm (para 60) — with the increasing coefficient
 * for an expired verification or a missing meter where one could be installed (para 42). When a real
 * reading returns after substituted periods, the volumes billed by average are deducted from the
 * actual consumption since the last real reading (the late-reading correction).
 */
export function meterOutcome(p: MeterOutcomeParams): MeterOutcome {
  if (p.meters.length === 0)
    return { kind: 'norm', reason: 'no_meter', coefficientCase: p.impossible ? null : 'no_meter' };
  const substitutedBefore = consecutiveAverages(p.priorAverages, p.period);
  const perZone = new Map<Zone, { volume: Dec; steps: Record<string, unknown>[] }>();
  let substituted = false;
  for (const meter of p.meters) {
    const readings = p.readingsByMeter.get(meter.meterId) ?? [];
    const got = meterVolumes(p, meter, readings, substitutedBefore);
    if ('reason' in got) return got;
    substituted ||= got.substituted;
    for (const z of got.zones) {
      const acc = perZone.get(z.zone) ?? { volume: ZERO, steps: [] };
      acc.volume = acc.volume.plus(z.volume);
      acc.steps.push({ meterId: meter.meterId, serialNumber: meter.serialNumber, ...z.basis });
      perZone.set(z.zone, acc);
    }
  }
  const single = p.meters.every((m) => m.zones === 1);
  const zones = [...perZone.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([zone, v]) => {
      const zoneKey = single ? null : zone;
      const correction = substituted
        ? undefined
        : lateReadingCorrection(p.priorAverages, p.period, basePeriodOf(p, zone), zoneKey);
      const volume = roundTo(
        correction ? v.volume.minus(correction.volume) : v.volume,
        p.service.volumeScale,
      );
      const checks = substituted ? undefined : controlCheckDeduction(p, zone, zoneKey);
      const net = checks ? volume.minus(checks.volume) : volume;
      const basis = {
        readings: v.steps,
        ...(correction ? { correction: correction.basis } : {}),
        ...(checks ? { controlChecks: checks.basis } : {}),
      };
      return { zone: zoneKey, volume: net, basis };
    });
  return { kind: 'volumes', method: substituted ? 'average' : 'metered', zones };
}

type MeterVolumes = {
  substituted: boolean;
  zones: { zone: Zone; volume: Dec; basis: Record<string, unknown> }[];
};
type NormOutcome = Extract<MeterOutcome, { kind: 'norm' }>;

function meterVolumes(
  p: MeterOutcomeParams,
  meter: MeterInput,
  readings: ReadingInput[],
  substitutedBefore: number,
): MeterVolumes | NormOutcome {
  const start = `${p.period}-01`;
  const expired = meter.nextVerificationOn < start;
  const inPeriod = readings.filter((r) => r.inPeriod);
  if (!expired && inPeriod.length) {
    const zones = [...new Set(inPeriod.map((r) => r.zone))];
    return {
      substituted: false,
      zones: zones.map((zone) => ({
        zone,
        ...zoneConsumption(
          meter,
          readings.filter((r) => r.zone === zone),
        ),
      })),
    };
  }
  const failedFrom = periodOfDate(addDays(meter.nextVerificationOn, 1));
  const index = expired
    ? Math.max(monthsBetween(failedFrom, p.period), substitutedBefore)
    : substitutedBefore;
  const norm: NormOutcome = expired
    ? {
        kind: 'norm',
        reason: 'verification_expired',
        coefficientCase: p.impossible ? null : 'verification_expired',
      }
    : { kind: 'norm', reason: 'no_reading', coefficientCase: null };
  if (index >= p.rule.maxPeriods) return norm;
  const zones: MeterVolumes['zones'] = [];
  for (const zone of (['T1', 'T2', 'T3'] as Zone[]).slice(0, meter.zones)) {
    const history = readings.filter((r) => r.zone === zone && !r.inPeriod);
    const avg = averageMonthlyVolume({ history, digits: meter.digits, rule: p.rule });
    if (!avg) return norm;
    zones.push({
      zone,
      volume: avg.volume,
      basis: {
        zone,
        substitution: expired ? 'verification_expired' : 'no_reading',
        substitutedPeriod: index + 1,
        average: {
          from: pick(avg.from),
          to: pick(avg.to),
          months: avg.months,
          monthly: canonical(avg.volume),
        },
      },
    });
  }
  return { substituted: true, zones };
}

const pick = (r: { value: string; takenOn: string }) => ({ value: r.value, takenOn: r.takenOn });

/**
 * Control-check differences (para 61) billed by recalculation documents whose check date lies inside
 * the readings this run measures (after the base reading, up to the last reading of the period): the
 * volume between those readings already contains them.
 */
function controlCheckDeduction(p: MeterOutcomeParams, zone: Zone, zoneKey: Zone | null) {
  if (!p.controlChecks?.length) return undefined; // most accounts: no span to look for
  const span = readingSpan(p, zone);
  if (!span) return undefined;
  const rows = p.controlChecks.filter(
    (c) => c.zone === zoneKey && c.checkedOn > span.from && c.checkedOn <= span.to,
  );
  if (!rows.length) return undefined;
  const volume = sum(rows.map((r) => dec(r.volume)));
  return { volume, basis: { checkedOn: rows.map((r) => r.checkedOn).sort(), volume: canonical(volume) } };
}

/** The dates this run's readings span for a zone: the earliest base reading to the latest reading of the period. */
function readingSpan(p: MeterOutcomeParams, zone: Zone): { from: string; to: string } | undefined {
  const all = p.meters.flatMap((m) =>
    (p.readingsByMeter.get(m.meterId) ?? []).filter((r) => r.zone === zone),
  );
  const bases = all
    .filter((r) => !r.inPeriod)
    .map((r) => r.takenOn)
    .sort();
  const lasts = all
    .filter((r) => r.inPeriod)
    .map((r) => r.takenOn)
    .sort();
  if (!lasts.length) return undefined;
  return { from: bases.length ? bases[bases.length - 1] : lasts[0], to: lasts[lasts.length - 1] };
}

/** The period of the oldest base reading (the latest before this period) among the meters' zone. */
function basePeriodOf(p: MeterOutcomeParams, zone: Zone): string | undefined {
  const bases = p.meters.map((m) => {
    const before = (p.readingsByMeter.get(m.meterId) ?? []).filter((r) => r.zone === zone && !r.inPeriod);
    return before
      .map((r) => r.period)
      .sort()
      .pop();
  });
  if (bases.some((b) => b === undefined)) return undefined;
  return (bases as string[]).sort()[0];
}

/** Periods just before this one billed by average in a row (P−1, P−2, …). */
export function consecutiveAverages(prior: PriorSubstitution[], period: string): number {
  const periods = new Set(prior.filter((a) => a.method === 'average').map((a) => a.period));
  let n = 0;
  while (periods.has(addMonths(period, -(n + 1)))) n += 1;
  return n;
}

/**
 * What was billed instead of readings (averages, then norms) in the periods after the base reading:
 * the real consumption since that reading covers them, so it is deducted once the reading arrives.
 */
function lateReadingCorrection(
  prior: PriorSubstitution[],
  period: string,
  basePeriod: string | undefined,
  zone: Zone | null,
) {
  if (!basePeriod) return undefined;
  const rows = prior.filter((a) => a.period > basePeriod && a.period < period && a.zone === zone);
  if (!rows.length) return undefined;
  const volume = sum(rows.map((r) => dec(r.volume)));
  return {
    volume,
    basis: { substitutedPeriods: rows.map((r) => r.period).sort(), substitutedVolume: canonical(volume) },
  };
}

/**
 * Consumption of one meter zone: the sum of steps from the base reading (the latest before the period)
 * through every reading of the period. A step below the previous value is a roll-over of the counter:
 * value + 10^digits − previous.
 */
export function zoneConsumption(
  meter: Pick<MeterInput, 'digits'>,
  readings: ReadingInput[],
): { volume: Dec; basis: Record<string, unknown> } {
  const sorted = [...readings].sort((a, b) => a.takenOn.localeCompare(b.takenOn));
  const before = sorted.filter((r) => !r.inPeriod);
  const base = before[before.length - 1];
  const chain = base ? [base, ...sorted.filter((r) => r.inPeriod)] : sorted.filter((r) => r.inPeriod);
  let volume = ZERO;
  let rollover = false;
  for (let i = 1; i < chain.length; i += 1) {
    const step = consumptionBetween(chain[i - 1].value, chain[i].value, meter.digits);
    rollover ||= dec(chain[i].value).lt(dec(chain[i - 1].value));
    volume = volume.plus(step);
  }
  const first = chain[0];
  const last = chain[chain.length - 1];
  return {
    volume,
    basis: {
      zone: last.zone,
      from: pick(first),
      to: pick(last),
      volume: canonical(volume),
      ...(rollover ? { rollover: true, capacity: canonical(pow10(meter.digits)) } : {}),
    },
  };
}
