import { canonical, Dec, dec, roundTo, sum } from 'src/shared/money';
import { daysBetween } from 'src/shared/period';
import {
  AccountInput,
  CalculateChargeLinesParams,
  ChargeIssue,
  ChargeLine,
  ChargeResult,
  MeterInput,
  ServiceDef,
} from './charge-inputs';
import { Active, activeDays, Ctx, indexInputs, Issue, Part, spread, tariffSegments } from './calc-context';
import { baseServiceOf, commonPropertyVolume, commonShare } from './common-property.calc';
import { retiredParts, sortMeters } from './decommissioned.calc';
import { meterOutcome } from './metered.calc';
import { priceParts } from './pricing.calc';
import { areaNormParts, derivedParts, normParts } from './quantities.calc';

export * from './charge-inputs';
export { zoneConsumption } from './metered.calc';

/**
 * Monthly charge lines of one building under decree 354. Pure: no I/O, no clock, exact decimals.
 *
 * Methods (Annex 2): metered volume × tariff (formula 1; zones per para 38); average substitution for a
 * missing reading or a failed meter (para 59); norm × residents or × area (formula 4) with the increasing
 * coefficient where it applies (para 42, 60); heating = area × norm Gcal/m² × tariff (formula 2, evenly
 * over the year); maintenance = area × tariff; sewerage = (cold + hot water volume) × tariff. Inside the
 * month the account's active days are split where a tariff, norm, coefficient or resident count changes:
 * a measured volume is spread over the parts by days, a norm is taken × days / days of the month.
 * Volumes round half-up to the service's scale, each line's amount once to the kopeck (the coefficient's
 * extra amount separately); totals are sums of rounded lines.
 */
export function calculateChargeLines(p: CalculateChargeLinesParams): ChargeResult {
  const ctx = indexInputs(p);
  const ordered = [...p.services].sort(
    (a, b) => Number(a.calculation === 'derived') - Number(b.calculation === 'derived'),
  );
  const lines: ChargeLine[] = [];
  const issues: ChargeIssue[] = [];
  for (const account of p.accounts) {
    const volumes = new Map<string, Dec>();
    const active = activeDays(p.period, account);
    if (active.from > active.to) continue;
    for (const service of ordered) {
      const outcome = partsFor(service, account, active, ctx, volumes);
      const priced = 'issue' in outcome ? outcome : priceParts(service, account, outcome.parts, ctx);
      if ('issue' in priced) {
        issues.push({ accountId: account.accountId, serviceCode: service.code, ...priced.issue });
        continue;
      }
      volumes.set(service.code, sum(priced.map((l) => dec(l.volume))));
      lines.push(...priced);
    }
  }
  const common = p.services
    .filter((s) => s.calculation === 'common')
    .flatMap((s) => commonLines(s, ctx, lines));
  for (const c of common) {
    if ('issue' in c) issues.push(c.issue);
    else lines.push(c);
  }
  return { lines, issues };
}

/** Common-property lines: the building's volume shared by area, priced at the base service's tariff. */
function commonLines(
  service: ServiceDef,
  ctx: Ctx,
  individual: ChargeLine[],
): (ChargeLine | { issue: ChargeIssue })[] {
  const p = ctx.params;
  const total = commonPropertyVolume({
    period: p.period,
    service,
    building: p.building,
    norms: ctx.norms.get(service.code) ?? [],
    commonMeters: p.commonMeters,
    readingsByMeter: ctx.readingsByMeter,
    individualLines: individual,
  });
  return p.accounts.flatMap((account): (ChargeLine | { issue: ChargeIssue })[] => {
    const active = activeDays(p.period, account);
    if (active.from > active.to) return [];
    if ('issue' in total)
      return [{ issue: { accountId: account.accountId, serviceCode: service.code, ...total.issue } }];
    const segment = { from: active.from, to: active.to, days: daysBetween(active.from, active.to) + 1 };
    const volume = commonShare({
      volume: total.volume,
      area: account.area,
      totalArea: p.building.totalArea,
      days: segment.days,
      daysInPeriod: ctx.daysInPeriod,
      scale: service.volumeScale,
    });
    const basis = {
      ...total.basis,
      distributedVolume: canonical(total.volume),
      area: account.area,
      totalArea: p.building.totalArea,
    };
    const part: Part = {
      zone: null,
      part: 1,
      segment,
      volume,
      method: 'common',
      coefficientCase: null,
      basis,
    };
    const priced = priceParts(service, account, [part], ctx, baseServiceOf(service.code));
    return 'issue' in priced
      ? [{ issue: { accountId: account.accountId, serviceCode: service.code, ...priced.issue } }]
      : priced;
  });
}

/**
 * Metered services (formula 1, para 59): the meters' volumes spread over the tariff segments, or the
 * norm. `partial`: the days are only those the meters were in service, so an average (a whole month's
 * volume) is taken × days / days of the month.
 */
function meteredParts(
  service: ServiceDef,
  account: AccountInput,
  active: Active,
  ctx: Ctx,
  meters: MeterInput[],
  partial: boolean,
): { parts: Part[] } | Issue {
  const outcome = meterOutcome({
    period: ctx.period,
    service,
    meters,
    readingsByMeter: ctx.readingsByMeter,
    priorAverages: ctx.priorAverages.get(`${account.accountId}|${service.code}`) ?? [],
    controlChecks: ctx.controlChecks.get(`${account.accountId}|${service.code}`) ?? [],
    impossible: ctx.impossibility.has(`${account.premisesId}|${service.code}`),
    rule: ctx.params.substitution,
  });
  if (outcome.kind === 'norm')
    return normParts(service, account, active, ctx, outcome.reason, outcome.coefficientCase);
  const segments = tariffSegments(service, active, ctx);
  const days = daysBetween(active.from, active.to) + 1;
  const scale = partial && outcome.method === 'average' && days < ctx.daysInPeriod;
  return {
    parts: outcome.zones.flatMap((z) =>
      spread(
        scale ? roundTo(z.volume.times(days).div(ctx.daysInPeriod), service.volumeScale) : z.volume,
        segments,
        service,
        z.zone,
        outcome.method,
        scale ? { ...z.basis, days: { count: days, ofDays: ctx.daysInPeriod } } : z.basis,
      ),
    ),
  };
}

function partsFor(
  service: ServiceDef,
  account: AccountInput,
  active: Active,
  ctx: Ctx,
  volumes: Map<string, Dec>,
): { parts: Part[] } | Issue {
  switch (service.calculation) {
    case 'metered': {
      const sorted = sortMeters(ctx.meters.get(`${account.premisesId}|${service.code}`) ?? [], ctx.period);
      if (!sorted.retired) return meteredParts(service, account, active, ctx, sorted.current, false);
      const impossible = ctx.impossibility.has(`${account.premisesId}|${service.code}`);
      return retiredParts({
        service,
        account,
        active,
        ctx,
        retired: sorted.retired,
        inService: (days) => meteredParts(service, account, days, ctx, sorted.current, true),
        norm: (days) => normParts(service, account, days, ctx, 'no_meter', impossible ? null : 'no_meter'),
      });
    }
    case 'norm':
      return normParts(service, account, active, ctx, 'norm_service', null);
    case 'area_norm':
      return areaNormParts(service, account, active, ctx);
    case 'area':
      return {
        parts: tariffSegments(service, active, ctx).map((segment, i) => ({
          zone: null,
          part: i + 1,
          segment,
          method: 'area' as const,
          coefficientCase: null,
          volume: roundTo(dec(account.area).times(segment.days).div(ctx.daysInPeriod), service.volumeScale),
          basis: { area: account.area },
        })),
      };
    case 'derived':
      return derivedParts(service, active, ctx, volumes);
    case 'common':
      return { parts: [] }; // billed per building after every account, see commonLines
  }
}
