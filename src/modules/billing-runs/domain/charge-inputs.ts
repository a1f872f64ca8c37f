import { SubstitutionRule } from './substitution.calc';
import { Valid } from './segments.calc';

/** Inputs of the monthly calculation of one building, loaded in bulk by the repository. */
export type Zone = 'T1' | 'T2' | 'T3';
export type Calculation = 'metered' | 'derived' | 'area_norm' | 'area' | 'norm' | 'common';
export type ChargeMethod = 'metered' | 'average' | 'norm' | 'area' | 'derived' | 'common';
export type CoefficientCase = 'no_meter' | 'verification_expired';

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
  openedOn: string;
  closedOn: string | null;
  /** Registered residents as a history: the count from each date on. */
  residents: { from: string; count: number }[];
}

/** Candidates in force some time in the period; the lowest `priority` wins on a day (building, organisation, region). */
export interface TariffInput extends Valid {
  id: string;
  serviceCode: string;
  zone: Zone | null;
  price: string;
  priority: number;
}

export interface NormInput extends Valid {
  id: string;
  serviceCode: string;
  value: string;
  basis: 'per_person' | 'per_m2';
  priority: number;
}

export interface CoefficientInput extends Valid {
  serviceCode: string;
  appliesWhen: CoefficientCase;
  value: string;
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
  /** Verification due date: a meter past it before the period starts counts as failed (para 81(12)). */
  nextVerificationOn: string;
  /** Day the meter went into service, YYYY-MM-DD (a later meter of the premises is its replacement). */
  installedOn?: string;
  /** Last day in service, YYYY-MM-DD; null while in service (decree 354 para 59 "а" when not replaced). */
  decommissionedOn?: string | null;
}

/** A reading of the period (`inPeriod`) or an earlier one (the base and the history for averages). */
export interface ReadingInput {
  meterId: string;
  zone: Zone;
  value: string;
  takenOn: string;
  /** Billing period the reading counts for, YYYY-MM. */
  period: string;
  inPeriod: boolean;
}

/**
 * A volume billed in an earlier period instead of a reading: by average substitution, or by the norm
 * after the substitution periods ran out (a meter that was there but not read).
 */
export interface PriorSubstitution {
  accountId: string;
  serviceCode: string;
  zone: Zone | null;
  period: string;
  method: 'average' | 'norm';
  volume: string;
}

/**
 * A para 61 control-check difference already billed by a recalculation document: its volume must not
 * be billed again by the run whose readings span the check date.
 */
export interface ControlCheckDelta {
  accountId: string;
  serviceCode: string;
  zone: Zone | null;
  checkedOn: string;
  volume: string;
}

/** The building's common-property settings (decree 354 para 44). */
export interface BuildingInput {
  /** Total area of all premises, residential and not (the denominator of every share), m². */
  totalArea: string;
  /** Area of the common property (МОП), m²; null when not recorded. */
  commonArea: string | null;
  /** Cap the distributed volume at norm × common area unless the owners decided otherwise. */
  capByNorm: boolean;
  /** Heating by norm evenly over the year, or only on the days of the heating season (para 42(1)). */
  heatingMode: 'even' | 'season';
  /** Hot water at one price per m³, or in two components: cold water + heat for heating it (formula 20). */
  hotWaterMode: 'single' | 'two_component';
  /** Heat for heating one m³ of water, Gcal/m³ (norm or measured), for two-component hot water. */
  hotWaterHeatPerM3: string | null;
}

export interface CalculateChargeLinesParams {
  period: string;
  building: BuildingInput;
  /** Common-building meters (their readings are in `readings`). */
  commonMeters: MeterInput[];
  /** Heating seasons (inclusive), for heating billed only in the season. */
  heatingSeasons: { validFrom: string; validTo: string }[];
  services: ServiceDef[];
  accounts: AccountInput[];
  tariffs: TariffInput[];
  norms: NormInput[];
  coefficients: CoefficientInput[];
  meters: MeterInput[];
  readings: ReadingInput[];
  priorAverages: PriorSubstitution[];
  /** Control-check differences billed by recalculation documents (deducted once, see ControlCheckDelta). */
  controlChecks?: ControlCheckDelta[];
  /** `${premisesId}|${serviceCode}` with an act of technical impossibility: no coefficient. */
  impossibility: string[];
  substitution: SubstitutionRule;
  /** Services whose volumes sum into a derived service (sewerage = cold + hot water). */
  derivedFrom?: Record<string, string[]>;
}

export interface ChargeLine {
  accountId: string;
  serviceCode: string;
  zone: Zone | null;
  /** 1 for the whole period; 2, 3 … when a tariff, norm or resident count changes inside it. */
  part: number;
  method: ChargeMethod;
  volume: string;
  unit: string;
  tariff: string;
  tariffId: string;
  /** The increasing coefficient applied, if any. */
  coefficient: string | null;
  /** The extra amount due to the coefficient, already included in `amount`. */
  coefficientAmount: string;
  amount: string;
  basis: Record<string, unknown>;
}

export type ChargeIssueCode =
  'NO_TARIFF' | 'NO_NORM' | 'NORM_BASIS_MISMATCH' | 'DERIVED_SOURCE_MISSING' | 'NO_COMMON_AREA';

export interface ChargeIssue {
  accountId: string;
  serviceCode: string;
  code: ChargeIssueCode;
  message: string;
}

export interface ChargeResult {
  lines: ChargeLine[];
  issues: ChargeIssue[];
}

export const DEFAULT_DERIVED_FROM: Record<string, string[]> = { sewerage: ['cold_water', 'hot_water'] };
