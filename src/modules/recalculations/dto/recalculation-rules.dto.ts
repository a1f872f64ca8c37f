import { CreateRuleValidityDto } from 'src/common/http/rule-validity.dto';
import {
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
} from 'class-validator';
import { IsCalendarDate } from 'src/common/http/calendar-date';
import { IsDecimalString } from 'src/common/http/decimal-string';

export class QualityRuleDto {
  /** Row id. */
  id!: string;
  /** Service the rule applies to. */
  serviceCode!: string;
  /** interruption, temperature or pressure. */
  kind!: string;
  /** Hours a month allowed without reduction (null when the rule counts degrees). */
  permittedHoursMonth!: string | null;
  /** Hours allowed at once. */
  permittedHoursOnce!: string | null;
  /** Reduction of the month's charge per hour of excess, percent. */
  percentPerHour!: string;
  /** The reduction counts per step of degrees (temperature rules). */
  perDegree!: boolean;
  /** Size of one degree step, °C. */
  degreeStep!: string | null;
  /** Below this temperature the service is billed as cold water (hot water), °C. */
  coldBelowDegrees!: string | null;
  /** False where the figure could not be confirmed in a source (RULES.md). */
  confirmed!: boolean;
  /** First day in force. */
  validFrom!: string;
  /** Last day in force; null = open-ended. */
  validTo!: string | null;
  /** Legal source (Annex 1 paragraph). */
  source!: string;
}

export class CreateQualityRuleDto extends CreateRuleValidityDto {
  /** Service code. */
  @IsString()
  @Length(1, 50)
  serviceCode!: string;

  /** interruption, temperature or pressure. */
  @IsIn(['interruption', 'temperature', 'pressure'])
  kind!: string;

  /** Hours a month allowed; omit for per-degree rules. */
  @IsOptional()
  @IsDecimalString({ scale: 2, precision: 6 })
  permittedHoursMonth?: string;

  /** Hours allowed at once; omit for per-degree rules. */
  @IsOptional()
  @IsDecimalString({ scale: 2, precision: 6 })
  permittedHoursOnce?: string;

  /** Percent of the month's charge per hour of excess, > 0. */
  @IsDecimalString({ scale: 4, precision: 8, min: '0', exclusiveMin: true })
  percentPerHour!: string;

  /** Per degree step (temperature). */
  @IsBoolean()
  perDegree!: boolean;

  /** Degree step, °C (required with perDegree). */
  @IsOptional()
  @IsDecimalString({ scale: 2, precision: 5, min: '0', exclusiveMin: true })
  degreeStep?: string;

  /** Below this temperature hot water is billed as cold water, °C. */
  @IsOptional()
  @IsDecimalString({ scale: 1, precision: 5 })
  coldBelowDegrees?: string;

  /** Confirmed in a source (default true). */
  @IsOptional()
  @IsBoolean()
  confirmed?: boolean;
}

export class AbsenceRuleDto {
  /** Row id. */
  id!: string;
  /** Absence must last more than this many full days (5). */
  moreThanDays!: number;
  /** Days after return the application may come (30). */
  applicationDays!: number;
  /** Services recalculated for an absence. */
  services!: string[];
  /** First day in force. */
  validFrom!: string;
  /** Last day in force; null = open-ended. */
  validTo!: string | null;
  /** Legal source. */
  source!: string;
}

export class CreateAbsenceRuleDto extends CreateRuleValidityDto {
  /** More than this many full days, 0–60. */
  @IsInt()
  @Min(0)
  @Max(60)
  moreThanDays!: number;

  /** Application deadline after return, days, 0–365. */
  @IsInt()
  @Min(0)
  @Max(365)
  applicationDays!: number;

  /** Service codes recalculated. */
  @IsArray()
  @ArrayNotEmpty()
  @IsString({ each: true })
  services!: string[];
}

export class TamperingRuleDto {
  /** Row id. */
  id!: string;
  /** Multiplier of the norm (10). */
  coefficient!: string;
  /** Months before the check the charge may reach back (3). */
  lookbackMonths!: number;
  /** First day in force. */
  validFrom!: string;
  /** Last day in force; null = open-ended. */
  validTo!: string | null;
  /** Legal source. */
  source!: string;
}

export class CreateTamperingRuleDto extends CreateRuleValidityDto {
  /** Multiplier ≥ 1. */
  @IsDecimalString({ scale: 3, precision: 6, min: '1' })
  coefficient!: string;

  /** Months, 1–36. */
  @IsInt()
  @Min(1)
  @Max(36)
  lookbackMonths!: number;
}

export class CloseRuleDto {
  /** Last day the rule is in force (inclusive). */
  @IsCalendarDate()
  validTo!: string;
}

export class ManualApprovalRuleDto {
  /** Row id. */
  id!: string;
  /** A manual correction whose absolute amount is above this needs a second user's approval. */
  threshold!: string;
  /** First day in force. */
  validFrom!: string;
  /** Last day in force; null = open-ended. */
  validTo!: string | null;
  /** Source (decision of the organisation). */
  source!: string;
}

export class CreateManualApprovalRuleDto extends CreateRuleValidityDto {
  /** Amount, ≥ 0, decimal string with kopecks: 1000.00. */
  @IsDecimalString({ scale: 2, precision: 14, min: '0' })
  threshold!: string;
}
