/**
 * One exported row: an account's consumption of one service in one period, the charge lines of all
 * its zones and month parts summed. Amounts and volumes are decimal strings exactly as PostgreSQL
 * rendered them (numeric → text), never JS numbers.
 */
export interface ConsumptionReading {
  /** Meter serial number. */
  meter: string;
  /** Tariff zone of the reading (T1/T2/T3). */
  zone: string | null;
  /** Previous (base) reading, decimal string. */
  previous: string | null;
  previousOn: string | null;
  /** Current reading of the period, decimal string. */
  current: string;
  currentOn: string;
  /** Channel the current reading came in by (subscriber, specialist, file_import…), null if unknown. */
  currentChannel: string | null;
  /** Channel of the previous reading, null when there is none or it is unknown. */
  previousChannel: string | null;
}

/** A recalculation delta that corrects the row's period (posted into that period or a later one). */
export interface ConsumptionRecalculation {
  /** Recalculation document number (ПР-…). */
  number: string;
  /** quality, absence, control_check, tampering, retroactive or manual. */
  kind: string;
  /** The reason as recorded on the document. */
  reason: string;
  /** Period the delta was posted into (charged on that period's payment document), YYYY-MM. */
  postingPeriod: string;
  /** Tariff zone of the delta, or null. */
  zone: string | null;
  /** Volume delta, decimal string (storage scale trimmed). */
  volumeDelta: string;
  /** Amount delta, roubles, decimal string (negative = credit). */
  amountDelta: string;
}

export interface ConsumptionRow {
  period: string;
  accountId: string;
  accountNumber: string;
  buildingId: string;
  premisesId: string;
  premisesNumber: string;
  /** Personal data: null unless the client may see it. */
  holderName: string | null;
  address: string | null;
  serviceCode: string;
  /** A tombstone: the (account, period, service) no longer has charge lines (pull API only). */
  deleted: boolean;
  unit: string | null;
  method: string | null;
  residents: number | null;
  area: string;
  volume: string | null;
  volumeT1: string | null;
  volumeT2: string | null;
  volumeT3: string | null;
  tariff: string | null;
  amount: string | null;
  readings: ConsumptionReading[];
  /** Sum of the recalculation deltas correcting this period, roubles; null when there are none. */
  recalculated: string | null;
  /** The recalculation deltas correcting this period, in posting order. */
  recalculations: ConsumptionRecalculation[];
}

/** A row as the export query returns it (snake_case, numerics already rendered as text). */
export interface ConsumptionSqlRow {
  period: string;
  account_id: string;
  account_number: string;
  building_id: string;
  premises_id: string;
  premises_number: string;
  holder_name: string | null;
  address: string | null;
  service_code: string;
  lines: number;
  unit: string | null;
  method: string | null;
  residents: number | null;
  area: string;
  volume: string | null;
  volume_t1: string | null;
  volume_t2: string | null;
  volume_t3: string | null;
  tariffs: string[] | null;
  amount: string | null;
  /** basis.readings of each zone's first part: an array of arrays of billing steps. */
  readings: unknown;
  /** Channel per reading used, keyed `meterId|zone|YYYY-MM-DD`. */
  channels?: Record<string, string> | null;
  /** Sum of the deltas correcting the period (numeric as text), null without any. */
  recalculated?: string | null;
  recalculations?: unknown;
}

/** Maps the query row to the exported row; pure, so the three formats share one shape. */
export function buildConsumptionRow(r: ConsumptionSqlRow): ConsumptionRow {
  return {
    period: r.period,
    accountId: r.account_id,
    accountNumber: r.account_number,
    buildingId: r.building_id,
    premisesId: r.premises_id,
    premisesNumber: r.premises_number,
    holderName: r.holder_name,
    address: r.address,
    serviceCode: r.service_code,
    deleted: r.lines === 0,
    unit: r.unit,
    method: r.method,
    residents: r.residents,
    area: r.area,
    volume: r.volume,
    volumeT1: r.volume_t1,
    volumeT2: r.volume_t2,
    volumeT3: r.volume_t3,
    tariff: joinTariffs(r.tariffs),
    amount: r.amount,
    readings: readingsOf(r.readings, r.channels ?? {}),
    recalculated: r.recalculated ?? null,
    recalculations: recalculationsOf(r.recalculations),
  };
}

function recalculationsOf(raw: unknown): ConsumptionRecalculation[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((x: Record<string, unknown>) => ({
    number: str(x.number) ?? '',
    kind: str(x.kind) ?? '',
    reason: str(x.reason) ?? '',
    postingPeriod: str(x.postingPeriod) ?? '',
    zone: str(x.zone),
    volumeDelta: trimDecimal(str(x.volumeDelta)) ?? '0',
    amountDelta: str(x.amountDelta) ?? '0',
  }));
}

/** One price, or the distinct prices of the zones and month parts in order, joined by '/'. */
function joinTariffs(tariffs: string[] | null): string | null {
  if (!tariffs?.length) return null;
  return [...new Set(tariffs)].join('/');
}

type Step = {
  meterId?: unknown;
  serialNumber?: unknown;
  zone?: unknown;
  from?: { value?: unknown; takenOn?: unknown };
  to?: { value?: unknown; takenOn?: unknown };
};

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** A reading without the storage scale's trailing zeros ("105.110000" → "105.11"); exact, no numbers. */
export function trimDecimal(v: string | null): string | null {
  if (v === null || !/^-?\d+\.\d+$/.test(v)) return v;
  return v.replace(/0+$/, '').replace(/\.$/, '');
}

/** The billing steps kept in the lines' basis (`basis.readings`): previous and current per meter and zone. */
function readingsOf(raw: unknown, channels: Record<string, string>): ConsumptionReading[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .flatMap((zone: unknown) => (Array.isArray(zone) ? (zone as Step[]) : []))
    .filter((s) => s && typeof s === 'object' && str(s.to?.value) !== null)
    .map((s) => {
      const single = s.from?.takenOn === s.to?.takenOn;
      const channel = (on: unknown): string | null =>
        channels[`${str(s.meterId) ?? ''}|${str(s.zone) ?? 'T1'}|${str(on) ?? ''}`] ?? null;
      return {
        meter: str(s.serialNumber) ?? '',
        zone: str(s.zone),
        previous: single ? null : trimDecimal(str(s.from?.value)),
        previousOn: single ? null : str(s.from?.takenOn),
        current: trimDecimal(str(s.to?.value)) ?? '',
        currentOn: str(s.to?.takenOn) ?? '',
        currentChannel: channel(s.to?.takenOn),
        previousChannel: single ? null : channel(s.from?.takenOn),
      };
    });
}
