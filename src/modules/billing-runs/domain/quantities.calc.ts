import { canonical, Dec, dec, roundTo, sum } from 'src/shared/money';
import { daysBetween } from 'src/shared/period';
import { AccountInput, CoefficientCase, ServiceDef } from './charge-inputs';
import {
  Active,
  Ctx,
  Issue,
  merge,
  Part,
  priceRows,
  residentsOn,
  spread,
  tariffSegments,
} from './calc-context';
import { commonShare } from './common-property.calc';
import { zoneConsumption } from './metered.calc';
import { NormReason } from './metered.calc';
import { changeDates, inForce, splitByChanges } from './segments.calc';

/** Quantities that are not read from meters: norms, area-based heating, derived sewerage. */
export function normParts(
  service: ServiceDef,
  account: AccountInput,
  active: Active,
  ctx: Ctx,
  reason: NormReason,
  coefficientCase: CoefficientCase | null,
): { parts: Part[] } | Issue {
  const norms = ctx.norms.get(service.code) ?? [];
  const coefficients = coefficientCase
    ? (ctx.coefficients.get(`${service.code}|${coefficientCase}`) ?? [])
    : [];
  const tariffs = priceRows(service.code, ctx);
  const changes = [
    ...changeDates([...norms, ...coefficients, ...tariffs], active.from, active.to),
    ...account.residents.map((r) => r.from).filter((d) => d > active.from && d <= active.to),
  ];
  const segments = merge(splitByChanges(active.from, active.to, changes), (d) =>
    [
      inForce(norms, d)?.id,
      inForce(coefficients, d)?.value,
      inForce(tariffs, d)?.id,
      residentsOn(account, d),
    ].join('|'),
  );
  const parts: Part[] = [];
  for (const [i, segment] of segments.entries()) {
    const norm = inForce(norms, segment.from);
    if (!norm)
      return {
        issue: {
          code: 'NO_NORM',
          message: `no norm for ${service.code} in force on ${segment.from} (${reason})`,
        },
      };
    const perPerson = norm.basis === 'per_person';
    const residents = residentsOn(account, segment.from);
    const factor = perPerson ? dec(residents) : dec(account.area);
    const volume = roundTo(
      dec(norm.value).times(factor).times(segment.days).div(ctx.daysInPeriod),
      service.volumeScale,
    );
    const basis = {
      reason,
      normId: norm.id,
      norm: norm.value,
      normBasis: norm.basis,
      ...(perPerson ? { residents } : { area: account.area }),
    };
    parts.push({ zone: null, part: i + 1, segment, volume, method: 'norm', coefficientCase, basis });
  }
  return { parts };
}

/**
 * Heating (formulas 2, 3): with a common-building heat meter read for the period, the building's Gcal
 * shared by area; otherwise area × norm (Gcal/m²) — evenly over the year, or only on the days of the
 * heating season when the building bills in season (para 42(1)).
 */
export function areaNormParts(
  service: ServiceDef,
  account: AccountInput,
  active: Active,
  ctx: Ctx,
): { parts: Part[] } | Issue {
  const metered = heatMeterParts(service, account, active, ctx);
  if (metered) return metered;
  const norms = ctx.norms.get(service.code) ?? [];
  const tariffs = priceRows(service.code, ctx);
  const season = ctx.params.building.heatingMode === 'season';
  const seasons = ctx.params.heatingSeasons.map((x) => ({ ...x, validTo: x.validTo as string | null }));
  const changes = changeDates([...norms, ...tariffs, ...(season ? seasons : [])], active.from, active.to);
  const segments = merge(splitByChanges(active.from, active.to, changes), (d) =>
    [inForce(norms, d)?.id, inForce(tariffs, d)?.id, season ? !!inForce(seasons, d) : true].join('|'),
  ).filter((segment) => !season || inForce(seasons, segment.from));
  const parts: Part[] = [];
  for (const [i, segment] of segments.entries()) {
    const norm = inForce(norms, segment.from);
    if (!norm)
      return {
        issue: { code: 'NO_NORM', message: `no norm for ${service.code} in force on ${segment.from}` },
      };
    if (norm.basis !== 'per_m2') {
      return {
        issue: {
          code: 'NORM_BASIS_MISMATCH',
          message: `${service.code} needs a per_m2 norm, found ${norm.basis}`,
        },
      };
    }
    const volume = roundTo(
      dec(norm.value).times(dec(account.area)).times(segment.days).div(ctx.daysInPeriod),
      service.volumeScale,
    );
    const basis = {
      area: account.area,
      normId: norm.id,
      norm: norm.value,
      normBasis: norm.basis,
      heatingMode: ctx.params.building.heatingMode,
    };
    parts.push({ zone: null, part: i + 1, segment, volume, method: 'area', coefficientCase: null, basis });
  }
  return { parts };
}

/** Formula 3: the common heat meter's Gcal × the premises' area / the area of all premises × active days. */
function heatMeterParts(
  service: ServiceDef,
  account: AccountInput,
  active: Active,
  ctx: Ctx,
): { parts: Part[] } | undefined {
  const meters = ctx.params.commonMeters.filter((m) => m.serviceCode === service.code);
  const read =
    meters.length > 0 &&
    meters.every((m) => (ctx.readingsByMeter.get(m.meterId) ?? []).some((r) => r.inPeriod));
  if (!read) return undefined;
  const house = sum(
    meters.map(
      (m) =>
        zoneConsumption(
          m,
          (ctx.readingsByMeter.get(m.meterId) ?? []).filter((r) => r.zone === 'T1'),
        ).volume,
    ),
  );
  const days = daysBetween(active.from, active.to) + 1;
  const volume = commonShare({
    volume: house,
    area: account.area,
    totalArea: ctx.params.building.totalArea,
    days,
    daysInPeriod: ctx.daysInPeriod,
    scale: service.volumeScale,
  });
  const basis = {
    decreeFormula: '3',
    houseVolume: canonical(house),
    area: account.area,
    totalArea: ctx.params.building.totalArea,
  };
  return { parts: spread(volume, tariffSegments(service, active, ctx), service, null, 'area', basis) };
}

export function derivedParts(
  service: ServiceDef,
  active: Active,
  ctx: Ctx,
  volumes: Map<string, Dec>,
): { parts: Part[] } | Issue {
  const sources = ctx.derivedFrom[service.code] ?? [];
  const present = sources.filter((s) => volumes.has(s));
  if (present.length === 0) {
    return {
      issue: {
        code: 'DERIVED_SOURCE_MISSING',
        message: `${service.code} is derived from ${sources.join(' + ')}, none billed`,
      },
    };
  }
  const parts = Object.fromEntries(present.map((s) => [s, canonical(volumes.get(s)!)]));
  const volume = roundTo(sum(present.map((s) => volumes.get(s)!)), service.volumeScale);
  return {
    parts: spread(volume, tariffSegments(service, active, ctx), service, null, 'derived', { sources: parts }),
  };
}
