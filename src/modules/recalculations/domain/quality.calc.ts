import { canonical, Dec, dec, moneyString, roundMoney, roundTo, sum, ZERO } from 'src/shared/money';
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
  /** Hot water below +40 °C: the decree bills it as cold water; shown as a flag (not repriced here). */
  billedAsColdWater: string[];
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
  const rules = [...byRule.entries()].map(([rule, list]) =>
    rule.perDegree ? degreePercent(rule, list) : interruptionPercent(rule, list),
  );
  const percent = sum(rules.map((r) => dec(r.percent)));
  const capped = percent.gt(100);
  const billedAsColdWater = [...byRule.entries()].flatMap(([rule, list]) =>
    rule.coldBelowDegrees === null
      ? []
      : list
          .filter((i) => i.temperature !== null && dec(i.temperature).lt(dec(rule.coldBelowDegrees!)))
          .map((i) => i.id),
  );
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
 * The reduction of each charge line of the service: −amount × applied percent / 100, half-up to the
 * kopeck per line, less what earlier quality documents already reduced on the same line (so running
 * the calculation again after more incidents posts only the difference, and twice posts nothing).
 */
export function qualityLines(p: {
  reduction: ServiceReduction;
  billed: BilledLine[];
  /** lineKey → amount already reduced by posted quality documents for the period (signed). */
  already: Map<string, string>;
}): DeltaLine[] {
  const pct = dec(p.reduction.appliedPercent);
  return p.billed
    .filter((l) => l.serviceCode === p.reduction.serviceCode)
    .flatMap((l): DeltaLine[] => {
      const target = roundMoney(dec(l.amount).times(pct).div(100)).negated();
      const before = dec(p.already.get(lineKey(l)) ?? '0');
      const delta = target.minus(before);
      if (delta.isZero()) return [];
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
            `-(${l.amount} × ${p.reduction.appliedPercent} %) = ${moneyString(target)}` +
            (before.isZero() ? '' : ` − earlier ${moneyString(before)} = ${moneyString(delta)}`),
          basis: {
            chargedAmount: l.amount,
            percent: p.reduction.appliedPercent,
            target: moneyString(target),
          },
        },
      ];
    });
}
