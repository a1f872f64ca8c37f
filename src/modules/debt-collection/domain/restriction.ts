import { dec, moneyString } from 'src/shared/money';

/** Where a service may never be restricted (decree 354 p. 119, explainers in RULES.md §7.1). */
export type NeverRestrictableCondition = 'always' | 'heating_season' | 'apartment_block';

export interface NeverRestrictableRule {
  serviceCode: string;
  condition: NeverRestrictableCondition;
}

export interface RestrictionCheck {
  triggered: boolean;
  threshold: string;
  formula: string;
}

/**
 * Restriction trigger (decree 354 paras 117–119): the debt for one service exceeds `months`
 * monthly charges computed from the norm at the tariff in force (strictly greater).
 */
export function restrictionTrigger(
  debt: string,
  normMonthlyCharge: string,
  months: string,
): RestrictionCheck {
  const threshold = dec(normMonthlyCharge).mul(months);
  return {
    triggered: dec(debt).gt(threshold),
    threshold: moneyString(threshold),
    formula: `${debt} > ${months} × ${normMonthlyCharge} = ${moneyString(threshold)}`,
  };
}

/** The rule that forbids restricting the service on the date, if any. */
export function forbiddenBy(
  rules: NeverRestrictableRule[],
  serviceCode: string,
  ctx: { inHeatingSeason: boolean; apartmentBlock: boolean },
): NeverRestrictableRule | undefined {
  return rules.find(
    (r) =>
      r.serviceCode === serviceCode &&
      (r.condition === 'always' ||
        (r.condition === 'heating_season' && ctx.inHeatingSeason) ||
        (r.condition === 'apartment_block' && ctx.apartmentBlock)),
  );
}

/** Earliest restriction date: delivery date + N calendar days. */
export function earliestRestrictionDate(deliveredOn: string, days: number): string {
  const d = new Date(`${deliveredOn}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
