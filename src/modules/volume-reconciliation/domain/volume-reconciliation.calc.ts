import { canonical, dec } from 'src/shared/money';

/** What the charge lines of one common-property service of a building and period say. */
export interface CommonServiceFacts {
  /** The common-property service, e.g. electricity_odn. */
  serviceCode: string;
  /** Its base service, e.g. electricity. */
  baseServiceCode: string;
  /** Formula of decree 354 used: 10/12 (common meter) or 15 (norm × common area). */
  decreeFormula: string | null;
  /** Building volume by the common-building meter(s) (formulas 10/12), else null. */
  houseVolume: string | null;
  /** Individual volumes of all premises the calculation deducted. */
  individualVolume: string | null;
  /** Common-property volume to distribute (after the norm cap). */
  distributedVolume: string | null;
  /** Sum of the premises' rounded shares actually billed. */
  billedCommonVolume: string;
  /** Sum of the base service's billed individual volumes (charge lines), for the cross-check. */
  billedIndividualVolume: string;
  /** Whether the norm cap cut the common volume. */
  cappedByNorm: boolean;
}

export interface VolumeReconciliationLine extends CommonServiceFacts {
  /**
   * houseVolume − billedIndividualVolume − billedCommonVolume: what the common-building meter measured
   * and no account was billed for (norm cap, rounding of the shares, premises without an account);
   * null without a meter volume. Negative: more was billed than the meter measured.
   */
  unbilledVolume: string | null;
  /** The reconciliation as text, e.g. "1100 − 950 − 150 = 0". */
  formula: string | null;
}

/** Volume reconciliation of one common-property service: the meter against what was billed. Pure. */
export function reconcileVolumes(f: CommonServiceFacts): VolumeReconciliationLine {
  if (f.houseVolume === null) return { ...f, unbilledVolume: null, formula: null };
  const unbilled = dec(f.houseVolume).minus(dec(f.billedIndividualVolume)).minus(dec(f.billedCommonVolume));
  return {
    ...f,
    unbilledVolume: canonical(unbilled),
    formula: `${f.houseVolume} − ${f.billedIndividualVolume} − ${f.billedCommonVolume} = ${canonical(unbilled)}`,
  };
}
