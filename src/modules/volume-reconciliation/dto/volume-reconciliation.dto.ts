import { Matches } from 'class-validator';

export class VolumeReconciliationQuery {
  /** Billing period, YYYY-MM. */
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'period must be YYYY-MM' })
  period!: string;
}

export class VolumeReconciliationLineDto {
  /** Common-property service, e.g. electricity_odn. */
  serviceCode!: string;
  /** Its base service, e.g. electricity. */
  baseServiceCode!: string;
  /** Decree 354 formula used: 10/12 (common-building meter) or 15 (norm × common area). */
  decreeFormula!: string | null;
  /** Building volume by the common-building meter(s) (formulas 10/12); null under formula 15. */
  houseVolume!: string | null;
  /** Individual volumes the calculation deducted from the building volume. */
  individualVolume!: string | null;
  /** Common-property volume distributed by area (after the norm cap). */
  distributedVolume!: string | null;
  /** Sum of the premises' rounded common-property shares billed. */
  billedCommonVolume!: string;
  /** Sum of the base service's individual volumes billed. */
  billedIndividualVolume!: string;
  /** True when the norm × common area cap cut the common volume. */
  cappedByNorm!: boolean;
  /** houseVolume − billedIndividualVolume − billedCommonVolume; null without a meter volume. */
  unbilledVolume!: string | null;
  /** The reconciliation as text, e.g. "1100 − 950 − 150 = 0"; null without a meter volume. */
  formula!: string | null;
}

export class VolumeReconciliationDto {
  /** Building id. */
  buildingId!: string;
  /** Billing period, YYYY-MM. */
  period!: string;
  /** One line per common-property service billed in the building and period. */
  services!: VolumeReconciliationLineDto[];
}
