/** What a charge line's method means (charge_lines.method; decree 354 formulas). */
const CHARGE_METHODS: Record<string, string> = {
  metered: 'by meter readings (decree 354 para 42)',
  average: 'by average consumption, no readings (para 59)',
  norm: 'by the consumption norm (para 42, Annex 2)',
  area: 'by area (per m²)',
  derived: 'derived from water volumes (sewerage)',
  common: 'common property (ОДН)',
};

/** What a recalculation kind means (recalculations.kind). */
const RECALCULATION_KINDS: Record<string, string> = {
  quality: 'poor quality or interruption (decree 354 section IX)',
  absence: 'temporary absence (decree 354 section VIII)',
  control_check: 'control check discrepancy (para 61)',
  tampering: 'meter tampering (para 81(11))',
  retroactive: 'retroactive rule change',
  manual: 'manual correction',
};

export enum ReasonCategory {
  Charge = 'charge',
  Recalculation = 'recalculation',
  Penalty = 'penalty',
}

/** The reason code of a penalty line. */
export const PENALTY_REASON = 'penalty_155_14';

/** A readable description of a reason code in its category; unknown codes describe themselves. */
export function describeReason(category: ReasonCategory, code: string): string {
  if (category === ReasonCategory.Charge) return CHARGE_METHODS[code] ?? code;
  if (category === ReasonCategory.Penalty) return 'penalty for late payment (ЖК РФ ст. 155 ч. 14)';
  const [kind, reason] = code.split(':');
  const text = RECALCULATION_KINDS[kind] ?? kind;
  return reason ? `${text}: ${reason}` : text;
}
