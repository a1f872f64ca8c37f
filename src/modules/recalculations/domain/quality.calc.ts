import {
  canonical,
  Dec,
  dec,
  moneyString,
  roundMoney,
  roundTo,
  sum,
  toFixedString,
  ZERO,
} from 'src/shared/money';
import { addDays } from 'src/shared/period';
import { segmentOf } from './absence.calc';
import { BilledLine, DeltaLine, lineKey } from './recalculation.types';

export type QualityKind = 'interruption' | 'temperature' | 'pressure';

/** A row of the Annex 1 table (quality_rules), in force from validFrom to validTo inclusive. */
export interface QualityRule {
  id: string;
  serviceCode: string;
  kind: QualityKind;
  /** Permitted interruption summed over the month, hours (null: no monthly allowance). */
  permittedHoursMonth: string | null;
  /** Permitted length of one interruption, hours (null: no such limit). */
  permittedHoursOnce: string | null;
  /** Reduction of the month's charge per hour of excess, percent. */
  percentPerHour: string;
  /** Per-degree rules reduce per hour × full steps of `degreeStep` °C beyond the allowance. */
  perDegree: boolean;
  degreeStep: string | null;
  /** Hot water below this temperature is billed as cold water (Annex 1 p. 5). */
  coldBelowDegrees: string | null;
  confirmed: boolean;
  validFrom: string;
  validTo: string | null;
}

/** An incident clipped to the period: its minutes inside it. */
export interface QualityIncident {
  id: string;
  serviceCode: string;
  kind: QualityKind;
  /** Local calendar day the incident (inside the period) starts: selects the rule in force. */
  startedOn: string;
  minutes: number;
  /** °C beyond the permitted deviation (temperature incidents). */
  degrees: string | null;
  /** Measured temperature, °C (hot water: below +40 °C billed as cold water). */
  temperature: string | null;
  dispatcherRequest: string;
}

export interface RuleOutcome {
  ruleId: string;
  kind: QualityKind;
  incidents: string[];
  hours: string;
  excessHours: string;
  percent: string;
  formula: string;
  confirmed: boolean;
}

const hoursOf = (minutes: number): Dec => dec(minutes).div(60);
const max = (a: Dec, b: Dec): Dec => (a.gt(b) ? a : b);
const fmt = (v: Dec): string => canonical(roundTo(v, 4));

/**
 * Decree 354 section IX, Annex 1: per hour of excess over the permitted interruption the month's
 * charge is reduced by the rule's percent. Excess = the larger of Σ(each interruption beyond the
 * at-once limit) and (Σ hours − the monthly allowance): exactly the allowance gives no reduction.
 */
export function interruptionPercent(rule: QualityRule, incidents: QualityIncident[]): RuleOutcome {
  const hours = incidents.map((i) => hoursOf(i.minutes));
  const total = sum(hours);
  const once = rule.permittedHoursOnce === null ? null : dec(rule.permittedHoursOnce);
  const month = rule.permittedHoursMonth === null ? null : dec(rule.permittedHoursMonth);
  const overOnce = once === null ? ZERO : sum(hours.map((h) => max(h.minus(once), ZERO)));
  const overMonth = month === null ? ZERO : max(total.minus(month), ZERO);
  const excess = once === null && month === null ? total : max(overOnce, overMonth);
  const percent = excess.times(dec(rule.percentPerHour));
  return {
    ruleId: rule.id,
    kind: rule.kind,
    incidents: incidents.map((i) => i.id),
    hours: fmt(total),
    excessHours: fmt(excess),
    percent: fmt(percent),
    formula:
      `max(Σ over ${once === null ? '–' : canonical(once)} h at once = ${fmt(overOnce)}, ` +
      `${fmt(total)} h − ${month === null ? '–' : canonical(month)} h per month = ${fmt(overMonth)}) ` +
      `× ${rule.percentPerHour} %/h = ${fmt(percent)} %`,
    confirmed: rule.confirmed,
  };
}

/**
 * Annex 1 pp. 5, 15: temperature deviations reduce by percent × hours × full steps of the degree
 * step beyond the permitted deviation (hot water: 0.1 % per 3 °C per hour; room: 0.15 % per °C per hour).
 */
export function degreePercent(rule: QualityRule, incidents: QualityIncident[]): RuleOutcome {
  const step = dec(rule.degreeStep ?? '1');
  const parts = incidents.map((i) => {
    const steps = dec(i.degrees ?? '0')
      .div(step)
      .floor();
    const hours = hoursOf(i.minutes);
    return { hours, steps, percent: hours.times(steps).times(dec(rule.percentPerHour)) };
  });
  const percent = sum(parts.map((x) => x.percent));
  const total = sum(parts.map((x) => x.hours));
  return {
    ruleId: rule.id,
    kind: rule.kind,
    incidents: incidents.map((i) => i.id),
    hours: fmt(total),
    excessHours: fmt(total),
    percent: fmt(percent),
    formula:
      parts
        .map((x) => `${fmt(x.hours)} h × ${canonical(x.steps)} steps of ${canonical(step)} °C`)
        .join(' + ') + ` × ${rule.percentPerHour} %/h = ${fmt(percent)} %`,
    confirmed: rule.confirmed,
  };
}

const inForce = (r: QualityRule, day: string) =>
  r.validFrom <= day && (r.validTo === null || r.validTo >= day);

export interface ServiceReduction {
  serviceCode: string;
  /** Σ of the rules' percents, and the percent applied (capped at 100). */
  percent: string;
  appliedPercent: string;
  capped: boolean;
  rules: RuleOutcome[];
  /** Incidents without a rule in force: listed, not reduced. */
  withoutRule: string[];
  /** Hot water below +40 °C (the rule's threshold): repriced as cold water, not reduced by percent. */
  billedAsColdWater: string[];
}

/** Annex 1 p. 5: a temperature incident measured below the rule's threshold (+40 °C). */
export function belowColdThreshold(rule: QualityRule, i: QualityIncident): boolean {
  return (
    rule.coldBelowDegrees !== null &&
    i.temperature !== null &&
    dec(i.temperature).lt(dec(rule.coldBelowDegrees))
  );
}

/** Groups a service's incidents by the rule in force on their day and sums the percents, capped at 100 %. */
export function serviceReduction(p: {
  serviceCode: string;
  rules: QualityRule[];
  incidents: QualityIncident[];
}): ServiceReduction {
  const byRule = new Map<QualityRule, QualityIncident[]>();
  const withoutRule: string[] = [];
  for (const i of p.incidents.filter((x) => x.serviceCode === p.serviceCode)) {
    const rule = p.rules.find(
      (r) => r.serviceCode === i.serviceCode && r.kind === i.kind && inForce(r, i.startedOn),
    );
    if (!rule) withoutRule.push(i.id);
    else byRule.set(rule, [...(byRule.get(rule) ?? []), i]);
  }
  // Hours of hot water below the threshold are repriced as cold water (coldWaterRepricing), so they
  // take no per-degree percent as well: one remedy per hour.
  const billedAsColdWater = [...byRule.entries()].flatMap(([rule, list]) =>
    list.filter((i) => belowColdThreshold(rule, i)).map((i) => i.id),
  );
  const rules = [...byRule.entries()]
    .map(([rule, list]): [QualityRule, QualityIncident[]] => [
      rule,
      list.filter((i) => !billedAsColdWater.includes(i.id)),
    ])
    .filter(([, list]) => list.length > 0)
    .map(([rule, list]) => (rule.perDegree ? degreePercent(rule, list) : interruptionPercent(rule, list)));
  const percent = sum(rules.map((r) => dec(r.percent)));
  const capped = percent.gt(100);
  return {
    serviceCode: p.serviceCode,
    percent: fmt(percent),
    appliedPercent: fmt(capped ? dec(100) : percent),
    capped,
    rules,
    withoutRule,
    billedAsColdWater,
  };
}

/**
 * A span of hot water below the threshold inside the period, as local wall-clock times
 * 'YYYY-MM-DDTHH:MM' (the billing time zone), end exclusive.
 */
export interface ColdSpan {
  incidentId: string;
  from: string;
  to: string;
}

/** The part of a hot-water line supplied below the threshold, repriced at the cold-water tariff. */
export interface ColdRepricing {
  chargeLineId: string;
  incidents: string[];
  /** Minutes below the threshold inside the line's days, and the minutes of those days. */
  coldMinutes: number;
  lineMinutes: number;
  volume: string;
  coldVolume: string;
  hotTariff: string;
  coldTariff: string;
  /** −cold volume × (hot tariff − cold tariff), half-up to the kopeck (≤ 0). */
  amount: string;
  formula: string;
}

const minuteOf = (local: string): number => Date.parse(`${local}:00Z`) / 60_000;

/** Union of the spans (overlapping incidents count once), as [from, to) minute pairs. */
function merged(spans: ColdSpan[]): [number, number][] {
  const xs = spans
    .map((s): [number, number] => [minuteOf(s.from), minuteOf(s.to)])
    .sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [a, b] of xs) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/**
 * Decree 354 Annex 1 p. 5: hot water below +40 °C is paid at the cold-water tariff. Without hourly
 * metering the volume supplied below the threshold is the line's volume pro rata by time (project
 * rule): cold volume = volume × minutes below the threshold in the line's days / minutes of those days,
 * at the service's volume scale; the line is reduced by cold volume × (hot tariff − cold tariff),
 * half-up to the kopeck. A line whose tariff is not above the cold-water tariff is not repriced.
 */
export function coldWaterRepricing(p: {
  line: BilledLine;
  spans: ColdSpan[];
  coldTariff: string;
  volumeScale: number;
}): ColdRepricing | undefined {
  const segment = segmentOf(p.line);
  const start = minuteOf(`${segment.from}T00:00`);
  const end = minuteOf(`${addDays(segment.to, 1)}T00:00`);
  const coldMinutes = merged(p.spans).reduce(
    (acc, [a, b]) => acc + Math.max(0, Math.min(b, end) - Math.max(a, start)),
    0,
  );
  const difference = dec(p.line.tariff).minus(dec(p.coldTariff));
  if (coldMinutes === 0 || !difference.gt(0)) return undefined;
  const lineMinutes = end - start;
  const coldVolume = roundTo(dec(p.line.volume).times(coldMinutes).div(lineMinutes), p.volumeScale);
  const amount = roundMoney(coldVolume.times(difference)).negated();
  const hot = canonical(dec(p.line.tariff));
  const cold = canonical(dec(p.coldTariff));
  return {
    chargeLineId: p.line.id,
    incidents: p.spans.map((s) => s.incidentId),
    coldMinutes,
    lineMinutes,
    volume: p.line.volume,
    coldVolume: toFixedString(coldVolume, p.volumeScale),
    hotTariff: hot,
    coldTariff: cold,
    amount: moneyString(amount),
    formula:
      `-(${p.line.volume} × ${coldMinutes}/${lineMinutes} min = ${toFixedString(coldVolume, p.volumeScale)} m³ ` +
      `× (${hot} − ${cold})) = ${moneyString(amount)}`,
  };
}

/**
 * The reduction of each charge line of the service: −amount × applied percent / 100, half-up to the
 * kopeck per line, plus the cold-water repricing of the line when there is one, less what earlier
 * quality documents already reduced on the same line (so running the calculation again after more
 * incidents posts only the difference, and twice posts nothing).
 */
export function qualityLines(p: {
  reduction: ServiceReduction;
  billed: BilledLine[];
  /** lineKey → amount already reduced by posted quality documents for the period (signed). */
  already: Map<string, string>;
  /** charge line id → its cold-water repricing (hot water below the threshold). */
  repricing?: Map<string, ColdRepricing>;
}): DeltaLine[] {
  const pct = dec(p.reduction.appliedPercent);
  return p.billed
    .filter((l) => l.serviceCode === p.reduction.serviceCode)
    .flatMap((l): DeltaLine[] => {
      const byPercent = roundMoney(dec(l.amount).times(pct).div(100)).negated();
      const cold = p.repricing?.get(l.id);
      // Percent and repricing together never take more than the line's charge (the 100 % cap).
      const floor = dec(l.amount).negated();
      const combined = cold ? byPercent.plus(dec(cold.amount)) : byPercent;
      const target = combined.lt(floor) ? floor : combined;
      const before = dec(p.already.get(lineKey(l)) ?? '0');
      const delta = target.minus(before);
      if (delta.isZero()) return [];
      const percentFormula = `-(${l.amount} × ${p.reduction.appliedPercent} %) = ${moneyString(byPercent)}`;
      return [
        {
          correctedPeriod: l.period,
          serviceCode: l.serviceCode,
          zone: l.zone,
          part: l.part,
          chargeLineId: l.id,
          volumeDelta: '0',
          unit: l.unit,
          tariff: null,
          amountDelta: moneyString(delta),
          formula:
            (cold
              ? `${percentFormula}; as cold water ${cold.formula}; total ${moneyString(target)}` +
                (target.eq(combined) ? '' : ' (capped at the charge)')
              : percentFormula) +
            (before.isZero() ? '' : ` − earlier ${moneyString(before)} = ${moneyString(delta)}`),
          basis: {
            chargedAmount: l.amount,
            percent: p.reduction.appliedPercent,
            byPercent: moneyString(byPercent),
            ...(cold ? { asColdWater: cold } : {}),
            target: moneyString(target),
          },
        },
      ];
    });
}
