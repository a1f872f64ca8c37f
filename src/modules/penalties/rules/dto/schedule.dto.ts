import { Transform } from 'class-transformer';
import {
  IsEnum,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { IsCalendarDate } from 'src/common/http/calendar-date';
import { CalendarDayKind } from '../../domain/penalty-rules.types';
import { CalendarDayRecord, DueRuleRecord, FractionRecord } from '../rule-tables';
import { RuleChangeDto } from './rates.dto';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
const isSet = (_: object, v: unknown) => v !== null && v !== undefined;
const stamped = <T extends { createdAt: Date; updatedAt: Date }>(r: T) => ({
  ...r,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

export class CreateFractionDto {
  /** First day this set of fractions is in force (YYYY-MM-DD), matched against the charged day. */
  @IsCalendarDate()
  validFrom!: string;

  /** First delay day of the row (day 1 = the day after the due date). */
  @IsInt()
  @Min(1)
  @Max(100000)
  fromDay!: number;

  /** Last delay day of the row (inclusive); omit or null for "until payment". */
  @ValidateIf(isSet)
  @IsInt()
  @Min(1)
  @Max(100000)
  toDay?: number | null;

  /** The rate is divided by this per day (300 → 1/300); omit or null for free days. */
  @ValidateIf(isSet)
  @IsInt()
  @Min(1)
  @Max(100000)
  denominator?: number | null;

  /** The law that sets it. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  source!: string;
}

export class UpdateFractionDto extends RuleChangeDto {
  /** New last delay day (inclusive), not before fromDay; null for "until payment". */
  @ValidateIf(isSet)
  @IsInt()
  @Min(1)
  @Max(100000)
  toDay?: number | null;

  /** New denominator; null makes the days free. */
  @ValidateIf(isSet)
  @IsInt()
  @Min(1)
  @Max(100000)
  denominator?: number | null;

  /** The law that sets it. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  source?: string;
}

export class FractionResponseDto {
  /** Record id. */
  id!: string;
  /** First day this set is in force (YYYY-MM-DD). */
  validFrom!: string;
  /** First delay day of the row. */
  fromDay!: number;
  /** Last delay day (inclusive), null for "until payment". */
  toDay!: number | null;
  /** Denominator of the daily share of the rate, null for free days. */
  denominator!: number | null;
  /** The share as text ("1/300"), null for free days. */
  fraction!: string | null;
  /** The law that sets it. */
  source!: string;
  /** When the record was created (ISO 8601). */
  createdAt!: string;
  /** When the record last changed (ISO 8601). */
  updatedAt!: string;
}

export function toFractionResponse(r: FractionRecord): FractionResponseDto {
  return { ...stamped(r), fraction: r.denominator === null ? null : `1/${r.denominator}` };
}

export class CreateDueRuleDto {
  /** First billing period the rule covers (YYYY-MM). */
  @Matches(PERIOD, { message: 'periodFrom must be YYYY-MM' })
  periodFrom!: string;

  /** Last billing period (inclusive, YYYY-MM); omit or null for open-ended. */
  @ValidateIf(isSet)
  @Matches(PERIOD, { message: 'periodTo must be YYYY-MM' })
  periodTo?: string | null;

  /** Day of the month the charges are due (a day past the month's end means its last day). */
  @IsInt()
  @Min(1)
  @Max(31)
  dueDay!: number;

  /** Months after the billing period (1 = the following month, the default). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(12)
  monthOffset?: number;

  /** The law that sets it. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  source!: string;
}

export class UpdateDueRuleDto extends RuleChangeDto {
  /** New last period (inclusive, YYYY-MM), not before periodFrom; null makes it open-ended. */
  @ValidateIf(isSet)
  @Matches(PERIOD, { message: 'periodTo must be YYYY-MM' })
  periodTo?: string | null;

  /** Day of the month the charges are due. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(31)
  dueDay?: number;

  /** Months after the billing period. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(12)
  monthOffset?: number;

  /** The law that sets it. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  source?: string;
}

export class DueRuleResponseDto {
  /** Record id. */
  id!: string;
  /** First billing period covered (YYYY-MM). */
  periodFrom!: string;
  /** Last billing period covered (inclusive), null when open-ended. */
  periodTo!: string | null;
  /** Day of the month the charges are due. */
  dueDay!: number;
  /** Months after the billing period. */
  monthOffset!: number;
  /** The law that sets it. */
  source!: string;
  /** When the record was created (ISO 8601). */
  createdAt!: string;
  /** When the record last changed (ISO 8601). */
  updatedAt!: string;
}

export function toDueRuleResponse(r: DueRuleRecord): DueRuleResponseDto {
  return stamped(r);
}

export class CreateCalendarDayDto {
  /** The day (YYYY-MM-DD). */
  @IsCalendarDate()
  day!: string;

  /** holiday, workday (a working Saturday or Sunday) or dayoff (a weekday off). */
  @IsEnum(CalendarDayKind)
  kind!: CalendarDayKind;

  /** What the day is ("перенос с сб 03.01"). */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;

  /** The law or decree that makes it so. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  source!: string;
}

export class UpdateCalendarDayDto extends RuleChangeDto {
  /** holiday, workday or dayoff. */
  @IsOptional()
  @IsEnum(CalendarDayKind)
  kind?: CalendarDayKind;

  /** What the day is. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;

  /** The law or decree that makes it so. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  source?: string;
}

export class CalendarDayParam {
  /** The day (YYYY-MM-DD). */
  @IsCalendarDate()
  day!: string;
}

export class ListCalendarQuery {
  /** Only days of this year. */
  @IsOptional()
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1900)
  @Max(2200)
  year?: number;
}

export class CalendarDayResponseDto {
  /** The day (YYYY-MM-DD). */
  day!: string;
  /** holiday, workday or dayoff. */
  kind!: CalendarDayKind;
  /** What the day is. */
  note!: string;
  /** The law or decree that makes it so. */
  source!: string;
  /** When the record was created (ISO 8601). */
  createdAt!: string;
  /** When the record last changed (ISO 8601). */
  updatedAt!: string;
}

export function toCalendarDayResponse(r: CalendarDayRecord): CalendarDayResponseDto {
  return stamped(r);
}
