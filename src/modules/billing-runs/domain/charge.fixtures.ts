/** Builders for the charge calculation's table-driven tests (excluded from the build). */
import {
  AccountInput,
  BuildingInput,
  CalculateChargeLinesParams,
  calculateChargeLines,
  CoefficientInput,
  MeterInput,
  NormInput,
  ReadingInput,
  ServiceDef,
  TariffInput,
} from './charge-lines.calc';

export const SERVICES: Record<string, ServiceDef> = {
  cold_water: { code: 'cold_water', unit: 'm3', volumeScale: 3, calculation: 'metered' },
  hot_water: { code: 'hot_water', unit: 'm3', volumeScale: 3, calculation: 'metered' },
  sewerage: { code: 'sewerage', unit: 'm3', volumeScale: 3, calculation: 'derived' },
  electricity: { code: 'electricity', unit: 'kWh', volumeScale: 3, calculation: 'metered' },
  heating: { code: 'heating', unit: 'Gcal', volumeScale: 6, calculation: 'area_norm' },
  maintenance: { code: 'maintenance', unit: 'm2', volumeScale: 2, calculation: 'area' },
  solid_waste: { code: 'solid_waste', unit: 'm3', volumeScale: 6, calculation: 'norm' },
};

export const account = (o: Partial<AccountInput> & { people?: number } = {}): AccountInput => {
  const { people, ...rest } = o;
  return {
    accountId: 'A1',
    premisesId: 'P1',
    area: '54.30',
    openedOn: '2020-01-01',
    closedOn: null,
    residents: [{ from: '2020-01-01', count: people ?? 3 }],
    ...rest,
  };
};

export const tariff = (
  serviceCode: string,
  price: string,
  zone: TariffInput['zone'] = null,
  o: Partial<TariffInput> = {},
): TariffInput => ({
  id: `t-${serviceCode}-${zone ?? ''}${o.validFrom ?? ''}`,
  serviceCode,
  zone,
  price,
  validFrom: '2020-01-01',
  validTo: null,
  priority: 1,
  ...o,
});

export const norm = (
  serviceCode: string,
  value: string,
  basis: NormInput['basis'] = 'per_person',
  o: Partial<NormInput> = {},
): NormInput => ({
  id: `n-${serviceCode}${o.validFrom ?? ''}`,
  serviceCode,
  value,
  basis,
  validFrom: '2020-01-01',
  validTo: null,
  priority: 2,
  ...o,
});

/** The seeded coefficient table (migration 1764400200000). */
export const COEFFICIENTS: CoefficientInput[] = [
  { serviceCode: 'hot_water', appliesWhen: 'no_meter', value: '1.5', validFrom: '2017-01-01', validTo: null },
  {
    serviceCode: 'hot_water',
    appliesWhen: 'verification_expired',
    value: '1.5',
    validFrom: '2017-01-01',
    validTo: null,
  },
  {
    serviceCode: 'electricity',
    appliesWhen: 'no_meter',
    value: '1.5',
    validFrom: '2017-01-01',
    validTo: null,
  },
  {
    serviceCode: 'electricity',
    appliesWhen: 'verification_expired',
    value: '1.5',
    validFrom: '2017-01-01',
    validTo: '2020-06-30',
  },
  {
    serviceCode: 'cold_water',
    appliesWhen: 'no_meter',
    value: '1.5',
    validFrom: '2017-01-01',
    validTo: '2025-12-05',
  },
  { serviceCode: 'cold_water', appliesWhen: 'no_meter', value: '3', validFrom: '2025-12-06', validTo: null },
  {
    serviceCode: 'cold_water',
    appliesWhen: 'verification_expired',
    value: '1.5',
    validFrom: '2017-01-01',
    validTo: '2025-12-05',
  },
  {
    serviceCode: 'cold_water',
    appliesWhen: 'verification_expired',
    value: '3',
    validFrom: '2025-12-06',
    validTo: null,
  },
];

export const meter = (o: Partial<MeterInput> = {}): MeterInput => ({
  meterId: 'M1',
  premisesId: 'P1',
  serviceCode: 'cold_water',
  serialNumber: 'SN1',
  zones: 1,
  digits: 5,
  nextVerificationOn: '2030-01-01',
  ...o,
});

/** A reading; `inPeriod` ones count for the billed period, others for the month they were taken in. */
export const reading = (
  value: string,
  takenOn: string,
  inPeriod = true,
  o: Partial<ReadingInput> = {},
): ReadingInput => ({
  meterId: 'M1',
  zone: 'T1',
  value,
  takenOn,
  inPeriod,
  period: inPeriod ? (o.period ?? takenOn.slice(0, 7)) : takenOn.slice(0, 7),
  ...o,
});

export const BUILDING: BuildingInput = {
  totalArea: '2400.00',
  commonArea: null,
  capByNorm: true,
  heatingMode: 'even',
  hotWaterMode: 'single',
  hotWaterHeatPerM3: null,
};

/** Default heating seasons 1 October – 30 April, as seeded. */
export const SEASONS = [2024, 2025, 2026].map((y) => ({
  validFrom: `${y}-10-01`,
  validTo: `${y + 1}-04-30`,
}));

export function run(
  o: Partial<Omit<CalculateChargeLinesParams, 'building'>> & {
    services: ServiceDef[];
    building?: Partial<BuildingInput>;
  },
) {
  return calculateChargeLines({
    period: '2026-03',
    accounts: [account()],
    tariffs: [],
    norms: [],
    coefficients: [],
    meters: [],
    readings: [],
    priorAverages: [],
    impossibility: [],
    substitution: { maxPeriods: 3, historyMonths: 6, minHistoryMonths: 3 },
    commonMeters: [],
    heatingSeasons: SEASONS,
    ...o,
    building: { ...BUILDING, ...o.building },
  });
}
