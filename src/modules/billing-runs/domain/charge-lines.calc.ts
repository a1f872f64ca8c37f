import {
  canonical,
  Dec,
  dec,
  moneyString,
  pow10,
  roundMoney,
  roundTo,
  sum,
  toFixedString,
  ZERO,
} from 'src/shared/money';

/**
 * Monthly charge lines of one building (billing run v1). Pure: no I/O, no clock, exact decimals.
 *
 * Methods (decree 354, Annex 2):
 * - metered: V (sum of the meters' consumption in the period, per tariff zone) × T — formula 1, para 38 for zones;
 * - norm: no meter, or a meter without a reading for the period → N × residents (per_person) or N × area (per_m2) × T
 *   — formula 4 (v1: no average substitution or coefficients yet);
 * - area_norm (heating): area m² × norm Gcal/m² × T — formula 2 (evenly over the year);
 * - area (maintenance): area m² × T per m²;
 * - derived (sewerage): (cold + hot water volume of the account) × T.
 * Volumes are rounded half-up to the service's scale (3 decimals for water and power), then each line's
 * amount once, half-up to the kopeck; totals are sums of rounded lines.
 */
export type Zone = 'T1' | 'T2' | 'T3';
export type Calculation = 'metered' | 'derived' | 'area_norm' | 'area' | 'norm';
export type ChargeMethod = 'metered' | 'norm' | 'area' | 'derived';

export interface ServiceDef {
  code: string;
  unit: string;
  volumeScale: number;
  calculation: Calculation;
}
export interface AccountInput {
  accountId: string;
  premisesId: string;
  area: string;
  residents: number;
}
export interface TariffInput {
  id: string;
  serviceCode: string;
  zone: Zone | null;
  price: string;
}
export interface NormInput {
  id: string;
  serviceCode: string;
  value: string;
  basis: 'per_person' | 'per_m2';
}
export interface MeterInput {
  meterId: string;
  premisesId: string;
  serviceCode: string;
  serialNumber: string;
  /** Tariff zones of the counter (1 = single rate). */
  zones: number;
  /** Integer digits of the counter: it rolls over past 10^digits. */
  digits: number;
}
/** A reading of the period (`inPeriod`) or the latest one before it (the base). */
export interface ReadingInput {
  meterId: string;
  zone: Zone;
  value: string;
  takenOn: string;
  inPeriod: boolean;
}

export interface ChargeLine {
  accountId: string;
  serviceCode: string;
  zone: Zone | null;
  method: ChargeMethod;
  volume: string;
  unit: string;
  tariff: string;
  tariffId: string;
  amount: string;
  basis: Record<string, unknown>;
}

export interface ChargeIssue {
  accountId: string;
  serviceCode: string;
  code: ChargeIssueCode;
  message: string;
}
export type ChargeIssueCode = 'NO_TARIFF' | 'NO_NORM' | 'NORM_BASIS_MISMATCH' | 'DERIVED_SOURCE_MISSING';

export interface CalculateChargeLinesParams {
  period: string;
  services: ServiceDef[];
  accounts: AccountInput[];
  tariffs: TariffInput[];
  norms: NormInput[];
  meters: MeterInput[];
  readings: ReadingInput[];
  /** Services whose volumes sum into a derived service (sewerage = cold + hot water). */
  derivedFrom?: Record<string, string[]>;
}

export interface ChargeResult {
  lines: ChargeLine[];
  issues: ChargeIssue[];
}

export const DEFAULT_DERIVED_FROM: Record<string, string[]> = { sewerage: ['cold_water', 'hot_water'] };

interface Quantity {
  zone: Zone | null;
  volume: Dec;
  method: ChargeMethod;
  basis: Record<string, unknown>;
}
type Outcome = { quantities: Quantity[] } | { issue: Omit<ChargeIssue, 'accountId' | 'serviceCode'> };

/** Computes every charge line of the given accounts for the period (see the module comment for the rules). */
export function calculateChargeLines(p: CalculateChargeLinesParams): ChargeResult {
  const ctx = indexInputs(p);
  const ordered = [...p.services].sort(
    (a, b) => Number(a.calculation === 'derived') - Number(b.calculation === 'derived'),
  );
  const lines: ChargeLine[] = [];
  const issues: ChargeIssue[] = [];
  for (const account of p.accounts) {
    const volumes = new Map<string, Dec>();
    for (const service of ordered) {
      const outcome = quantitiesFor(service, account, ctx, volumes);
      if ('issue' in outcome) {
        issues.push({ accountId: account.accountId, serviceCode: service.code, ...outcome.issue });
        continue;
      }
      const priced = priceQuantities(service, account, outcome.quantities, ctx);
      if ('issue' in priced) {
        issues.push({ accountId: account.accountId, serviceCode: service.code, ...priced.issue });
        continue;
      }
      volumes.set(service.code, sum(outcome.quantities.map((q) => q.volume)));
      lines.push(...priced.lines);
    }
  }
  return { lines, issues };
}

interface Ctx {
  tariffs: Map<string, TariffInput>;
  norms: Map<string, NormInput>;
  metersByPremisesService: Map<string, MeterInput[]>;
  readingsByMeter: Map<string, ReadingInput[]>;
  derivedFrom: Record<string, string[]>;
}

function indexInputs(p: CalculateChargeLinesParams): Ctx {
  const tariffs = new Map(p.tariffs.map((t) => [`${t.serviceCode}|${t.zone ?? ''}`, t]));
  const norms = new Map(p.norms.map((n) => [n.serviceCode, n]));
  const metersByPremisesService = new Map<string, MeterInput[]>();
  for (const m of p.meters) pushTo(metersByPremisesService, `${m.premisesId}|${m.serviceCode}`, m);
  const readingsByMeter = new Map<string, ReadingInput[]>();
  for (const r of p.readings) pushTo(readingsByMeter, r.meterId, r);
  return {
    tariffs,
    norms,
    metersByPremisesService,
    readingsByMeter,
    derivedFrom: p.derivedFrom ?? DEFAULT_DERIVED_FROM,
  };
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function quantitiesFor(
  service: ServiceDef,
  account: AccountInput,
  ctx: Ctx,
  volumes: Map<string, Dec>,
): Outcome {
  switch (service.calculation) {
    case 'metered': {
      const meters = ctx.metersByPremisesService.get(`${account.premisesId}|${service.code}`) ?? [];
      if (meters.length === 0) return normQuantity(service, account, ctx, 'no_meter');
      const metered = meteredQuantities(service, meters, ctx);
      return metered ?? normQuantity(service, account, ctx, 'no_reading');
    }
    case 'norm':
      return normQuantity(service, account, ctx, 'norm_service');
    case 'area_norm':
      return areaNormQuantity(service, account, ctx);
    case 'area':
      return {
        quantities: [
          {
            zone: null,
            volume: roundTo(dec(account.area), service.volumeScale),
            method: 'area',
            basis: { area: account.area },
          },
        ],
      };
    case 'derived':
      return derivedQuantity(service, ctx, volumes);
  }
}

/** Consumption per zone summed over the premises' meters; undefined when a meter has no reading in the period. */
function meteredQuantities(service: ServiceDef, meters: MeterInput[], ctx: Ctx): Outcome | undefined {
  const perZone = new Map<Zone, { volume: Dec; steps: Record<string, unknown>[] }>();
  for (const meter of meters) {
    const readings = ctx.readingsByMeter.get(meter.meterId) ?? [];
    const zones = [...new Set(readings.filter((r) => r.inPeriod).map((r) => r.zone))];
    if (zones.length === 0) return undefined;
    for (const zone of zones) {
      const usage = zoneConsumption(
        meter,
        readings.filter((r) => r.zone === zone),
      );
      const acc = perZone.get(zone) ?? { volume: ZERO, steps: [] };
      acc.volume = acc.volume.plus(usage.volume);
      acc.steps.push({ meterId: meter.meterId, serialNumber: meter.serialNumber, ...usage.basis });
      perZone.set(zone, acc);
    }
  }
  // A single-rate meter bills at the single-rate tariff (zone null); zone tariffs apply to multi-zone meters.
  const single = meters.every((m) => m.zones === 1);
  const quantities = [...perZone.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([zone, v]) => ({
      zone: single ? null : zone,
      volume: roundTo(v.volume, service.volumeScale),
      method: 'metered' as const,
      basis: { readings: v.steps },
    }));
  return { quantities };
}

/**
 * Consumption of one meter zone: the sum of steps from the base reading (latest before the period)
 * through every reading of the period. A step below the previous value is a roll-over of the counter:
 * value + 10^digits − previous.
 */
export function zoneConsumption(
  meter: Pick<MeterInput, 'digits'>,
  readings: ReadingInput[],
): { volume: Dec; basis: Record<string, unknown> } {
  const sorted = [...readings].sort((a, b) => a.takenOn.localeCompare(b.takenOn));
  const base = sorted.find((r) => !r.inPeriod);
  const chain = base ? [base, ...sorted.filter((r) => r.inPeriod)] : sorted.filter((r) => r.inPeriod);
  let volume = ZERO;
  let rollover = false;
  for (let i = 1; i < chain.length; i += 1) {
    const prev = dec(chain[i - 1].value);
    const cur = dec(chain[i].value);
    if (cur.gte(prev)) volume = volume.plus(cur.minus(prev));
    else {
      rollover = true;
      volume = volume.plus(cur.plus(pow10(meter.digits)).minus(prev));
    }
  }
  const first = chain[0];
  const last = chain[chain.length - 1];
  return {
    volume,
    basis: {
      zone: last.zone,
      from: { value: first.value, takenOn: first.takenOn },
      to: { value: last.value, takenOn: last.takenOn },
      volume: canonical(volume),
      ...(rollover ? { rollover: true, capacity: canonical(pow10(meter.digits)) } : {}),
    },
  };
}

function normQuantity(service: ServiceDef, account: AccountInput, ctx: Ctx, reason: string): Outcome {
  const norm = ctx.norms.get(service.code);
  if (!norm)
    return { issue: { code: 'NO_NORM', message: `no norm for ${service.code} in force (${reason})` } };
  const perPerson = norm.basis === 'per_person';
  const factor = perPerson ? dec(account.residents) : dec(account.area);
  const volume = roundTo(dec(norm.value).times(factor), service.volumeScale);
  const basis = {
    reason,
    normId: norm.id,
    norm: norm.value,
    normBasis: norm.basis,
    ...(perPerson ? { residents: account.residents } : { area: account.area }),
  };
  return { quantities: [{ zone: null, volume, method: 'norm', basis }] };
}

function areaNormQuantity(service: ServiceDef, account: AccountInput, ctx: Ctx): Outcome {
  const norm = ctx.norms.get(service.code);
  if (!norm) return { issue: { code: 'NO_NORM', message: `no norm for ${service.code} in force` } };
  if (norm.basis !== 'per_m2') {
    return {
      issue: {
        code: 'NORM_BASIS_MISMATCH',
        message: `${service.code} needs a per_m2 norm, found ${norm.basis}`,
      },
    };
  }
  const volume = roundTo(dec(norm.value).times(dec(account.area)), service.volumeScale);
  return {
    quantities: [
      {
        zone: null,
        volume,
        method: 'area',
        basis: { area: account.area, normId: norm.id, norm: norm.value, normBasis: norm.basis },
      },
    ],
  };
}

function derivedQuantity(service: ServiceDef, ctx: Ctx, volumes: Map<string, Dec>): Outcome {
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
  return { quantities: [{ zone: null, volume, method: 'derived', basis: { sources: parts } }] };
}

type Priced = { lines: ChargeLine[] } | { issue: Omit<ChargeIssue, 'accountId' | 'serviceCode'> };

function priceQuantities(
  service: ServiceDef,
  account: AccountInput,
  quantities: Quantity[],
  ctx: Ctx,
): Priced {
  const lines: ChargeLine[] = [];
  for (const q of quantities) {
    const tariff = ctx.tariffs.get(`${service.code}|${q.zone ?? ''}`);
    if (!tariff) {
      return {
        issue: {
          code: 'NO_TARIFF',
          message: `no tariff for ${service.code}${q.zone ? ` zone ${q.zone}` : ''} in force`,
        },
      };
    }
    const amount = roundMoney(q.volume.times(dec(tariff.price)));
    const volume = toFixedString(q.volume, service.volumeScale);
    lines.push({
      accountId: account.accountId,
      serviceCode: service.code,
      zone: q.zone,
      method: q.method,
      volume,
      unit: service.unit,
      tariff: tariff.price,
      tariffId: tariff.id,
      amount: moneyString(amount),
      basis: {
        ...q.basis,
        tariffId: tariff.id,
        formula: `${volume} ${service.unit} × ${tariff.price} = ${moneyString(amount)}`,
      },
    });
  }
  return { lines };
}
