import { Dec, roundTo, toFixedString } from 'src/shared/money';
import { daysInMonth, maxDate, minDate, parsePeriod, periodEnd } from 'src/shared/period';
import {
  AccountInput,
  CalculateChargeLinesParams,
  ChargeIssue,
  ChargeMethod,
  CoefficientCase,
  CoefficientInput,
  ControlCheckDelta,
  DEFAULT_DERIVED_FROM,
  MeterInput,
  NormInput,
  PriorSubstitution,
  ReadingInput,
  ServiceDef,
  TariffInput,
  Zone,
} from './charge-inputs';
import { changeDates, inForce, Segment, splitByChanges } from './segments.calc';

/** The calculation's indexed inputs and the small shared pieces of its steps (internal to domain/). */
export interface Ctx {
  period: string;
  daysInPeriod: number;
  tariffs: Map<string, TariffInput[]>;
  norms: Map<string, NormInput[]>;
  coefficients: Map<string, CoefficientInput[]>;
  meters: Map<string, MeterInput[]>;
  readingsByMeter: Map<string, ReadingInput[]>;
  priorAverages: Map<string, PriorSubstitution[]>;
  controlChecks: Map<string, ControlCheckDelta[]>;
  impossibility: Set<string>;
  params: CalculateChargeLinesParams;
  derivedFrom: Record<string, string[]>;
  /**
   * Per-building memos of pure functions of the inputs (the same for every account of the building):
   * the price rows of a service, and its tariff segments over an active span. Most accounts are
   * active the whole month, so one building computes each service's segments once instead of once
   * per account (the CPU profile at M: price rows and segments were ~8 % of the worker's busy time).
   */
  memo: {
    priceRows: Map<string, TariffInput[]>;
    tariffSegments: Map<string, Segment[]>;
    decimals: Map<string, Dec>;
  };
}

export function group<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = map.get(k);
    if (list) list.push(r);
    else map.set(k, [r]);
  }
  return map;
}

export function indexInputs(p: CalculateChargeLinesParams): Ctx {
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
    controlChecks: group(p.controlChecks ?? [], (c) => `${c.accountId}|${c.serviceCode}`),
    impossibility: new Set(p.impossibility),
    params: p,
    derivedFrom: p.derivedFrom ?? DEFAULT_DERIVED_FROM,
    memo: { priceRows: new Map(), tariffSegments: new Map(), decimals: new Map() },
  };
}

/** One priced piece: a zone's volume over one segment of the active days. */
export interface Part {
  zone: Zone | null;
  part: number;
  segment: Segment;
  volume: Dec;
  method: ChargeMethod;
  coefficientCase: CoefficientCase | null;
  basis: Record<string, unknown>;
}
export type Issue = { issue: Omit<ChargeIssue, 'accountId' | 'serviceCode'> };
export type Active = { from: string; to: string };

export function activeDays(period: string, account: AccountInput): Active {
  return {
    from: maxDate(`${period}-01`, account.openedOn),
    to: minDate(periodEnd(period), account.closedOn ?? '9999-12-31'),
  };
}

/** Services whose tariffs make up the price (two-component hot water: cold water and heat). */
export function priceServices(code: string, ctx: Ctx): string[] {
  return code === 'hot_water' && ctx.params.building.hotWaterMode === 'two_component'
    ? ['cold_water', 'heating']
    : [code];
}

/** Every tariff row (any zone) that can change the service's price. */
export function priceRows(code: string, ctx: Ctx): TariffInput[] {
  const known = ctx.memo.priceRows.get(code);
  if (known) return known;
  const codes = priceServices(code, ctx);
  const rows = [...ctx.tariffs.entries()]
    .filter(([k]) => codes.includes(k.split('|')[0]))
    .flatMap(([, v]) => v);
  ctx.memo.priceRows.set(code, rows);
  return rows;
}

/**
 * Segments where the service's price changes (measured and area volumes are priced by them). The
 * array and its segments are shared between the accounts with the same active span: read-only.
 */
export function tariffSegments(service: ServiceDef, active: Active, ctx: Ctx): Segment[] {
  const key = `${service.code}|${active.from}|${active.to}`;
  const known = ctx.memo.tariffSegments.get(key);
  if (known) return known;
  const rows = priceRows(service.code, ctx);
  const segments = merge(
    splitByChanges(active.from, active.to, changeDates(rows, active.from, active.to)),
    (d) =>
      rows
        .filter((r) => inForce([r], d))
        .map((r) => r.id)
        .join(','),
  );
  ctx.memo.tariffSegments.set(key, segments);
  return segments;
}

/** Joins neighbouring segments whose rules are the same (a boundary of a row that is not in force). */
export function merge(segments: Segment[], signature: (day: string) => string): Segment[] {
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
export function spread(
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

export function residentsOn(account: AccountInput, day: string): number {
  const entries = account.residents.filter((r) => r.from <= day).sort((a, b) => a.from.localeCompare(b.from));
  return entries.length ? entries[entries.length - 1].count : 0;
}
