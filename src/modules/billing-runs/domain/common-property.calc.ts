import { canonical, Dec, dec, roundTo, sum, ZERO } from 'src/shared/money';
import { BuildingInput, ChargeLine, MeterInput, NormInput, ReadingInput, ServiceDef } from './charge-inputs';
import { zoneConsumption } from './metered.calc';
import { inForce } from './segments.calc';

/** The common-property service's base service: electricity_odn → electricity. */
export const baseServiceOf = (code: string): string => code.replace(/_odn$/, '');

export type CommonVolume =
  | { volume: Dec; basis: Record<string, unknown> }
  | { issue: { code: 'NO_NORM' | 'NO_COMMON_AREA'; message: string } };

/**
 * The building's volume for common-property needs (decree 354 para 44):
 * - with a common-building meter whose readings cover the period, formulas 10/12: the building's volume
 *   minus every premises' individual volume (residential and not, metered or by norm), never below zero,
 *   and capped at norm × common area unless the owners decided otherwise;
 * - otherwise formula 15: norm × common area.
 */
export function commonPropertyVolume(p: {
  period: string;
  service: ServiceDef;
  building: BuildingInput;
  norms: NormInput[];
  commonMeters: MeterInput[];
  readingsByMeter: Map<string, ReadingInput[]>;
  individualLines: ChargeLine[];
}): CommonVolume {
  const base = baseServiceOf(p.service.code);
  const norm = inForce(p.norms, `${p.period}-01`);
  if (!p.building.commonArea)
    return { issue: { code: 'NO_COMMON_AREA', message: 'the building has no common area recorded' } };
  const limit = norm ? dec(norm.value).times(dec(p.building.commonArea)) : undefined;
  const normBasis = norm
    ? { normId: norm.id, norm: norm.value, commonArea: p.building.commonArea, normLimit: canonical(limit!) }
    : {};
  const meters = p.commonMeters.filter((m) => m.serviceCode === base);
  const read =
    meters.length > 0 &&
    meters.every((m) => (p.readingsByMeter.get(m.meterId) ?? []).some((r) => r.inPeriod));
  if (!read) {
    if (!limit)
      return {
        issue: { code: 'NO_NORM', message: `no common-property norm for ${p.service.code} in force` },
      };
    return { volume: limit, basis: { decreeFormula: '15', ...normBasis } };
  }
  const house = sum(
    meters.flatMap((m) => {
      const readings = p.readingsByMeter.get(m.meterId) ?? [];
      const zones = [...new Set(readings.filter((r) => r.inPeriod).map((r) => r.zone))];
      return zones.map(
        (z) =>
          zoneConsumption(
            m,
            readings.filter((r) => r.zone === z),
          ).volume,
      );
    }),
  );
  const individual = sum(p.individualLines.filter((l) => l.serviceCode === base).map((l) => dec(l.volume)));
  const diff = house.minus(individual);
  const rest = diff.lt(ZERO) ? ZERO : diff;
  const capped = p.building.capByNorm && limit && rest.gt(limit);
  return {
    volume: capped ? limit : rest,
    basis: {
      decreeFormula: '10/12',
      houseVolume: canonical(house),
      individualVolume: canonical(individual),
      ...normBasis,
      ...(capped ? { cappedByNorm: true } : {}),
    },
  };
}

/** One premises' share: volume × its area / the area of all premises × active days / days of the month. */
export function commonShare(p: {
  volume: Dec;
  area: string;
  totalArea: string;
  days: number;
  daysInPeriod: number;
  scale: number;
}): Dec {
  return roundTo(
    p.volume.times(dec(p.area)).div(dec(p.totalArea)).times(p.days).div(p.daysInPeriod),
    p.scale,
  );
}
