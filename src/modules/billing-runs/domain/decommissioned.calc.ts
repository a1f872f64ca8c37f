import { canonical, Dec, roundTo, ZERO } from 'src/shared/money';
import {
  addDays,
  daysBetween,
  maxDate,
  minDate,
  monthsBetween,
  periodEnd,
  periodOfDate,
} from 'src/shared/period';
import { AccountInput, MeterInput, PriorSubstitution, ReadingInput, ServiceDef, Zone } from './charge-inputs';
import { Active, Ctx, Issue, Part, spread, tariffSegments } from './calc-context';
import { consecutiveAverages } from './metered.calc';
import { averageMonthlyVolume, SubstitutionRule } from './substitution.calc';

/**
 * The meters of one premises and service, sorted for the period. `current` are billed as before (in
 * service some day of the period, including a meter replaced inside it). `retired` is set when every
 * meter of the premises was taken out of service before the period's last day and none replaced it
 * (a replacement installed later is in service and ends the substitution): decree 354 para 59 "а".
 */
export function sortMeters(
  meters: MeterInput[],
  period: string,
): { current: MeterInput[]; retired?: { meters: MeterInput[]; lastDay: string } } {
  const start = `${period}-01`;
  const end = periodEnd(period);
  const inServiceOn = (m: MeterInput, day: string) => !m.decommissionedOn || m.decommissionedOn >= day;
  const current = meters.filter((m) => inServiceOn(m, start));
  if (meters.length === 0 || meters.some((m) => inServiceOn(m, end))) return { current };
  const lastDay = meters.map((m) => m.decommissionedOn as string).sort()[meters.length - 1];
  return { current, retired: { meters, lastDay } };
}

export interface RetiredParams {
  service: ServiceDef;
  account: AccountInput;
  /** Active days of the account in the period. */
  active: Active;
  ctx: Ctx;
  retired: { meters: MeterInput[]; lastDay: string };
  /** Parts for the days the meters were still in service (a closing reading, or the usual substitution). */
  inService: (active: Active) => { parts: Part[] } | Issue;
  /** Norm parts for the days after the substitution ran out. */
  norm: (active: Active) => { parts: Part[] } | Issue;
}

/**
 * A meter taken out of service (failed, removed) without a replacement, decree 354 para 59 "а", 60:
 * from the day after its last day in service the premises is billed by the meter's average monthly
 * volume (the same average as for a missing reading: ≥ 6 months of history, ≥ 3 for a younger meter)
 * for at most `maxPeriods` billing periods — the period holding that day is the first — and then by
 * the norm (the caller adds the increasing coefficient for a missing meter). Inside the month of
 * decommissioning the days up to it are billed as before and the rest × days / days of the month.
 */
export function retiredParts(p: RetiredParams): { parts: Part[] } | Issue {
  const { active, retired } = p;
  const until = { from: active.from, to: minDate(active.to, retired.lastDay) };
  const before = until.from <= until.to ? p.inService(until) : { parts: [] };
  if ('issue' in before) return before;
  const after = { from: maxDate(active.from, addDays(retired.lastDay, 1)), to: active.to };
  if (after.from > after.to) return before;
  const ctx = p.ctx;
  const firstPeriod = periodOfDate(addDays(retired.lastDay, 1));
  const prior = ctx.priorAverages.get(`${p.account.accountId}|${p.service.code}`) ?? [];
  const index = substitutionIndex(prior, firstPeriod, ctx.period);
  const basis = { decommissionedOn: retired.lastDay, substitutedPeriod: index + 1 };
  const avg =
    index < ctx.params.substitution.maxPeriods ? retiredAverage(p, ctx.params.substitution) : undefined;
  let parts: Part[] | Issue;
  if (avg) {
    const days = daysBetween(after.from, after.to) + 1;
    const segments = tariffSegments(p.service, after, ctx);
    parts = avg.flatMap((z) => {
      const volume = roundTo(z.monthly.times(days).div(ctx.daysInPeriod), p.service.volumeScale);
      const zoneBasis = {
        substitution: 'meter_decommissioned',
        ...basis,
        average: { monthly: canonical(z.monthly), meters: z.meters },
        days: { count: days, ofDays: ctx.daysInPeriod },
      };
      return spread(volume, segments, p.service, z.zone, 'average', zoneBasis);
    });
  } else {
    const norm = p.norm(after);
    if ('issue' in norm) return norm;
    parts = norm.parts.map((q) => ({
      ...q,
      basis: {
        ...q.basis,
        decommissioned: {
          on: retired.lastDay,
          substitutedPeriods: Math.min(index, ctx.params.substitution.maxPeriods),
        },
      },
    }));
  }
  return { parts: renumber([...before.parts, ...parts]) };
}

/**
 * The 0-based substitution period: months since the first period without the meter, or the periods
 * already billed by average in a row when that is more (a meter unread before it was removed).
 */
export function substitutionIndex(prior: PriorSubstitution[], firstPeriod: string, period: string): number {
  return Math.max(monthsBetween(firstPeriod, period), consecutiveAverages(prior, period));
}

interface ZoneAverage {
  zone: Zone | null;
  monthly: Dec;
  meters: Record<string, unknown>[];
}

/** Per zone the sum of the retired meters' average monthly volumes; undefined when one lacks history. */
function retiredAverage(p: RetiredParams, rule: SubstitutionRule): ZoneAverage[] | undefined {
  const single = p.retired.meters.every((m) => m.zones === 1);
  const byZone = new Map<Zone, ZoneAverage>();
  for (const meter of p.retired.meters) {
    const readings: ReadingInput[] = p.ctx.readingsByMeter.get(meter.meterId) ?? [];
    for (const zone of (['T1', 'T2', 'T3'] as Zone[]).slice(0, meter.zones)) {
      const history = readings.filter((r) => r.zone === zone);
      const avg = averageMonthlyVolume({ history, digits: meter.digits, rule });
      if (!avg) return undefined;
      const acc = byZone.get(zone) ?? { zone: single ? null : zone, monthly: ZERO, meters: [] };
      acc.monthly = acc.monthly.plus(avg.volume);
      acc.meters.push({
        meterId: meter.meterId,
        serialNumber: meter.serialNumber,
        zone,
        decommissionedOn: meter.decommissionedOn,
        from: { value: avg.from.value, takenOn: avg.from.takenOn },
        to: { value: avg.to.value, takenOn: avg.to.takenOn },
        months: avg.months,
        monthly: canonical(avg.volume),
      });
      byZone.set(zone, acc);
    }
  }
  return [...byZone.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v);
}

/** Part numbers 1, 2 … per zone in order (the unique key is period, account, service, zone, part). */
function renumber(parts: Part[]): Part[] {
  const next = new Map<string, number>();
  return parts.map((q) => {
    const n = (next.get(q.zone ?? '') ?? 0) + 1;
    next.set(q.zone ?? '', n);
    return { ...q, part: n };
  });
}
