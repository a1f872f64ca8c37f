/** Types shared by the pure recalculation code (decree 354 sections VIII, IX; paras 61, 81(11)). */
export type Zone = 'T1' | 'T2' | 'T3';

export enum RecalculationKind {
  Quality = 'quality',
  Absence = 'absence',
  ControlCheck = 'control_check',
  Tampering = 'tampering',
  Retroactive = 'retroactive',
  Manual = 'manual',
}

export enum RecalculationStatus {
  Draft = 'draft',
  PendingApproval = 'pending_approval',
  Approved = 'approved',
  Rejected = 'rejected',
  Posted = 'posted',
}

/** One delta line of a document: what changes for a service and zone of a corrected period. */
export interface DeltaLine {
  /** Period the line corrects, YYYY-MM. */
  correctedPeriod: string;
  serviceCode: string;
  zone: Zone | null;
  /** Part of the corrected charge line (mid-month splits); 1 when the line is per service and zone. */
  part: number;
  /** The charge line corrected, when there is exactly one. */
  chargeLineId: string | null;
  /** Volume change (signed decimal string). */
  volumeDelta: string;
  unit: string;
  /** Tariff used, when the delta is priced. */
  tariff: string | null;
  /** Amount change, half-up to the kopeck once (signed decimal string). */
  amountDelta: string;
  /** How the amount was obtained, in words and numbers. */
  formula: string;
  basis: Record<string, unknown>;
}

/** A charge line as billed (read back from charge_lines). */
export interface BilledLine {
  id: string;
  /** YYYY-MM */
  period: string;
  serviceCode: string;
  zone: Zone | null;
  part: number;
  method: string;
  volume: string;
  unit: string;
  tariff: string;
  amount: string;
  basis: Record<string, unknown>;
}

/** Refusal of a pure rule: an error code and the numbers behind it. */
export interface Refusal {
  refusal: string;
  message: string;
  details: Record<string, unknown>;
}

/** The key of a charge line inside its period: zone and part. */
export const lineKey = (l: { serviceCode: string; zone: Zone | null; part: number }): string =>
  `${l.serviceCode}|${l.zone ?? ''}|${l.part}`;
