import { IsEnum, IsOptional, Matches } from 'class-validator';
import { PageQuery } from 'src/common/http/pagination';
import { IsIdString } from 'src/common/http/id-string';
import { RecalculationKind, RecalculationStatus } from '../domain/recalculation.types';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

export class RecalculationsQuery extends PageQuery {
  /** Only documents of this account. */
  @IsOptional()
  @IsIdString()
  accountId?: string;

  /** Only documents posted into this period, YYYY-MM. */
  @IsOptional()
  @Matches(PERIOD, { message: 'period must be YYYY-MM' })
  period?: string;

  /** Only documents correcting this period (it lies between correctedFrom and correctedTo), YYYY-MM. */
  @IsOptional()
  @Matches(PERIOD, { message: 'correctedPeriod must be YYYY-MM' })
  correctedPeriod?: string;

  /** quality, absence, control_check, tampering, retroactive or manual. */
  @IsOptional()
  @IsEnum(RecalculationKind)
  kind?: RecalculationKind;

  /** draft, pending_approval, approved, rejected or posted. */
  @IsOptional()
  @IsEnum(RecalculationStatus)
  status?: RecalculationStatus;
}

export class AccountRecalculationsQuery extends PageQuery {
  /** Only documents posted into this period, YYYY-MM. */
  @IsOptional()
  @Matches(PERIOD, { message: 'period must be YYYY-MM' })
  period?: string;
}

export class RecalculationLineDto {
  /** Line id; null for a proposed line not written yet (pending approval). */
  id!: string | null;
  /** Period the line corrects, YYYY-MM. */
  correctedPeriod!: string;
  /** Period the line is posted into, YYYY-MM. */
  postingPeriod!: string;
  /** Service code. */
  serviceCode!: string;
  /** Tariff zone T1/T2/T3, or null for a single rate. */
  zone!: string | null;
  /** Part of the corrected charge line (mid-month splits), 1 otherwise. */
  part!: number;
  /** The charge line corrected, when there is one (the original line is never edited). */
  chargeLineId!: string | null;
  /** Volume change, signed decimal string. */
  volumeDelta!: string;
  /** Unit of the volume. */
  unit!: string;
  /** Tariff used for the delta, decimal string, or null when the delta is not priced per unit. */
  tariff!: string | null;
  /** Amount change, signed decimal string rounded half-up to the kopeck. */
  amountDelta!: string;
  /** How the amount was obtained. */
  formula!: string;
  /** The numbers behind the line (days, persons, percents, readings …). */
  basis!: Record<string, unknown>;
}

export class RecalculationSummaryDto {
  /** Document id. */
  id!: string;
  /** Document number (ПР-00000001). */
  number!: string;
  /** quality, absence, control_check, tampering, retroactive or manual. */
  kind!: string;
  /** Reason code (e.g. service_quality, temporary_absence, manual_correction). */
  reasonCode!: string;
  /** Reason in words. */
  reason!: string;
  /** Account id. */
  accountId!: string;
  /** First and last period corrected, YYYY-MM. */
  correctedFrom!: string;
  /** Last period corrected, YYYY-MM. */
  correctedTo!: string;
  /** Period the document posts into, YYYY-MM (an open period). */
  postingPeriod!: string;
  /** draft, pending_approval, approved, rejected or posted. */
  status!: string;
  /** Sum of the delta lines, signed decimal string. */
  amount!: string;
  /** Who made the document. */
  createdBy!: string;
  /** When it was made (ISO instant). */
  createdAt!: string;
  /** When it posted (ISO instant), null until then. */
  postedAt!: string | null;
}

export class RecalculationDto extends RecalculationSummaryDto {
  /** How the document was computed: rules, hours, percents, days, persons, tariffs, formulas. */
  basis!: Record<string, unknown>;
  /** approved or rejected by a checker, null otherwise. */
  decision!: string | null;
  /** Who approved or rejected it. */
  decidedBy!: string | null;
  /** When it was approved or rejected (ISO instant). */
  decidedAt!: string | null;
  /** Reason given on rejection (or approval). */
  decisionReason!: string | null;
  /** Delta lines written when the document posted (empty until then). */
  lines!: RecalculationLineDto[];
  /** Lines the document will write when approved (kept on the document while it waits). */
  proposedLines!: RecalculationLineDto[];
}
