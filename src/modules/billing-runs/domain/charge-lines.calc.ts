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
import { daysBetween, daysInMonth, maxDate, minDate, parsePeriod, periodEnd } from 'src/shared/period';
import {
  AccountInput,
  CalculateChargeLinesParams,
  ChargeIssue,
  ChargeLine,
  ChargeMethod,
  ChargeResult,
  CoefficientCase,
  CoefficientInput,
  DEFAULT_DERIVED_FROM,
  MeterInput,
  NormInput,
  PriorAverage,
  ReadingInput,
  ServiceDef,
  TariffInput,
  Zone,
} from './charge-inputs';
import { baseServiceOf, commonPropertyVolume, commonShare } from './common-property.calc';
import { meterOutcome, NormReason } from './metered.calc';
import { changeDates, inForce, Segment, splitByChanges } from './segments.calc';

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
    const active = {
      from: maxDate(`${p.period}-01`, account.openedOn),
      to: minDate(periodEnd(p.period), account.closedOn ?? '9999-12-31'),
    };
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

function activeDays(period: string, account: AccountInput): Active {
  return {
    from: maxDate(`${period}-01`, account.openedOn),
    to: minDate(periodEnd(period), account.closedOn ?? '9999-12-31'),
  };
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

interface Ctx {
  period: string;
  daysInPeriod: number;
  tariffs: Map<string, TariffInput[]>;
  norms: Map<string, NormInput[]>;
  coefficients: Map<string, CoefficientInput[]>;
  meters: Map<string, MeterInput[]>;
  readingsByMeter: Map<string, ReadingInput[]>;
  priorAverages: Map<string, PriorAverage[]>;
  impossibility: Set<string>;
  params: CalculateChargeLinesParams;
  derivedFrom: Record<string, string[]>;
}

function group<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = map.get(k);
    if (list) list.push(r);
    else map.set(k, [r]);
  }
  return map;
}

function indexInputs(p: CalculateChargeLinesParams): Ctx {
  const byPriority = <T extends { priority: number }>(rows: T[]) =>
    [...rows].sort((a, b) => a.priority - b.priority);
  return {
    period: p.period,
    daysInPeriod: daysInMonth(parsePeriod(p.period)),
    tariffs: group(byPriority(p.tariffs), (t) => `${t.serviceCode}|${t.zone ?? ''}`),
    norms: group(byPriority(p.norms), (n) => n.serviceCode),
    coefficients: group(p.coefficients, (c) => `${c.serviceCode}|${c.appliesWhen}`),
    meters: group(p.meters, (m) => `${m.premisesId}|${m.serviceCode}`),
    readingsByMeter: group(p.readings, (r) => r.meterId),
    priorAverages: group(p.priorAverages, (a) => `${a.accountId}|${a.serviceCode}`),
    impossibility: new Set(p.impossibility),
    params: p,
    derivedFrom: p.derivedFrom ?? DEFAULT_DERIVED_FROM,
  };
}

/** One priced piece: a zone's volume over one segment of the active days. */
interface Part {
  zone: Zone | null;
  part: number;
  segment: Segment;
  volume: Dec;
  method: ChargeMethod;
  coefficientCase: CoefficientCase | null;
  basis: Record<string, unknown>;
}
type Issue = { issue: Omit<ChargeIssue, 'accountId' | 'serviceCode'> };
type Active = { from: string; to: string };

function partsFor(
  service: ServiceDef,
  account: AccountInput,
  active: Active,
  ctx: Ctx,
  volumes: Map<string, Dec>,
): { parts: Part[] } | Issue {
  switch (service.calculation) {
    case 'metered': {
      const outcome = meterOutcome({
        period: ctx.period,
        service,
        meters: ctx.meters.get(`${account.premisesId}|${service.code}`) ?? [],
        readingsByMeter: ctx.readingsByMeter,
        priorAverages: ctx.priorAverages.get(`${account.accountId}|${service.code}`) ?? [],
        impossible: ctx.impossibility.has(`${account.premisesId}|${service.code}`),
        rule: ctx.params.substitution,
      });
      if (outcome.kind === 'norm')
        return normParts(service, account, active, ctx, outcome.reason, outcome.coefficientCase);
      const segments = tariffSegments(service, active, ctx);
      return {
        parts: outcome.zones.flatMap((z) =>
          spread(z.volume, segments, service, z.zone, outcome.method, z.basis),
        ),
      };
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

/** Segments where the service's tariffs change (measured and area volumes are priced by them). */
function tariffSegments(service: ServiceDef, active: Active, ctx: Ctx): Segment[] {
  const rows = [...ctx.tariffs.entries()]
    .filter(([k]) => k.startsWith(`${service.code}|`))
    .flatMap(([, v]) => v);
  return merge(splitByChanges(active.from, active.to, changeDates(rows, active.from, active.to)), (d) =>
    rows
      .filter((r) => inForce([r], d))
      .map((r) => r.id)
      .join(','),
  );
}

/** Joins neighbouring segments whose rules are the same (a boundary of a row that is not in force). */
function merge(segments: Segment[], signature: (day: string) => string): Segment[] {
  const out: Segment[] = [];
  for (const s of segments) {
    const prev = out[out.length - 1];
    if (prev && signature(prev.from) === signature(s.from))
      out[out.length - 1] = { from: prev.from, to: s.to, days: prev.days + s.days };
    else out.push(s);
  }
  return out;
}

/** A measured volume spread over the segments by days; the last part takes the rounding remainder. */
function spread(
  volume: Dec,
  segments: Segment[],
  service: ServiceDef,
  zone: Zone | null,
  method: ChargeMethod,
  basis: Record<string, unknown>,
): Part[] {
  const total = segments.reduce((n, s) => n + s.days, 0);
  let rest = volume;
  return segments.map((segment, i) => {
    const v =
      i === segments.length - 1 ? rest : roundTo(volume.times(segment.days).div(total), service.volumeScale);
    rest = rest.minus(v);
    const share =
      segments.length > 1
        ? {
            share: {
              days: segment.days,
              ofDays: total,
              totalVolume: toFixedString(volume, service.volumeScale),
            },
          }
        : {};
    return {
      zone,
      part: i + 1,
      segment,
      volume: v,
      method,
      coefficientCase: null,
      basis: { ...basis, ...share },
    };
  });
}

function residentsOn(account: AccountInput, day: string): number {
  const entries = account.residents.filter((r) => r.from <= day).sort((a, b) => a.from.localeCompare(b.from));
  return entries.length ? entries[entries.length - 1].count : 0;
}

function normParts(
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
  const tariffs = ctx.tariffs.get(`${service.code}|`) ?? [];
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

function areaNormParts(
  service: ServiceDef,
  account: AccountInput,
  active: Active,
  ctx: Ctx,
): { parts: Part[] } | Issue {
  const norms = ctx.norms.get(service.code) ?? [];
  const tariffs = ctx.tariffs.get(`${service.code}|`) ?? [];
  const segments = merge(
    splitByChanges(active.from, active.to, changeDates([...norms, ...tariffs], active.from, active.to)),
    (d) => [inForce(norms, d)?.id, inForce(tariffs, d)?.id].join('|'),
  );
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
    const basis = { area: account.area, normId: norm.id, norm: norm.value, normBasis: norm.basis };
    parts.push({ zone: null, part: i + 1, segment, volume, method: 'area', coefficientCase: null, basis });
  }
  return { parts };
}

function derivedParts(
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

function priceParts(
  service: ServiceDef,
  account: AccountInput,
  parts: Part[],
  ctx: Ctx,
  tariffCode = service.code,
): ChargeLine[] | Issue {
  const lines: ChargeLine[] = [];
  for (const q of parts) {
    const tariff = inForce(ctx.tariffs.get(`${tariffCode}|${q.zone ?? ''}`) ?? [], q.segment.from);
    if (!tariff) {
      return {
        issue: {
          code: 'NO_TARIFF',
          message: `no tariff for ${service.code}${q.zone ? ` zone ${q.zone}` : ''} in force on ${q.segment.from}`,
        },
      };
    }
    const k = q.coefficientCase
      ? inForce(ctx.coefficients.get(`${service.code}|${q.coefficientCase}`) ?? [], q.segment.from)
      : undefined;
    const base = roundMoney(q.volume.times(dec(tariff.price)));
    const extra = k ? roundMoney(q.volume.times(dec(tariff.price)).times(dec(k.value).minus(1))) : ZERO;
    const amount = base.plus(extra);
    const volume = toFixedString(q.volume, service.volumeScale);
    const formula = `${volume} ${service.unit} × ${tariff.price}${k ? ` × ${k.value}` : ''} = ${moneyString(amount)}`;
    lines.push({
      accountId: account.accountId,
      serviceCode: service.code,
      zone: q.zone,
      part: q.part,
      method: q.method,
      volume,
      unit: service.unit,
      tariff: tariff.price,
      tariffId: tariff.id,
      coefficient: k ? k.value : null,
      coefficientAmount: moneyString(extra),
      amount: moneyString(amount),
      basis: {
        ...q.basis,
        segment: { ...q.segment, daysInPeriod: ctx.daysInPeriod },
        tariffId: tariff.id,
        ...(k
          ? { coefficient: { case: q.coefficientCase, value: k.value, extraAmount: moneyString(extra) } }
          : {}),
        formula,
      },
    });
  }
  return lines;
}
