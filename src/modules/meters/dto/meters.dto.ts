import { Transform, Type } from 'class-transformer';
import {
  IsEnum,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate } from 'src/common/http/calendar-date';
import { IsIdString } from 'src/common/http/id-string';
import { PageQuery } from 'src/common/http/pagination';
import { MeterKind, MeterStatus } from '../domain/meter.rules';

const NOT_BLANK = /\S/;

/** The device itself (shared by registration and by the meter installed at a replacement). */
export class NewMeterDto {
  /** Factory serial number; unique among active meters of the service. */
  @IsString()
  @Length(1, 50)
  @Matches(NOT_BLANK, { message: 'serialNumber must not be blank' })
  serialNumber!: string;

  /** Model / type name (e.g. "СГВ-15"). */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  model?: string;

  /** Tariff zones, 1–3 (T1, T2, T3). */
  @IsInt()
  @Min(1)
  @Max(3)
  zones!: number;

  /** Integer digits of the counter (values wrap at 10^digits), 1–10. */
  @IsInt()
  @Min(1)
  @Max(10)
  digits!: number;

  /** Reading per zone at installation, e.g. {"T1": "12.345"}: decimal strings, at most 3 decimals. */
  @IsObject()
  initialReadings!: Record<string, string>;

  /** Number of the seal put on the meter. */
  @IsOptional()
  @IsString()
  @MaxLength(50)
  sealNumber?: string;

  /** Date of the last verification (поверка), YYYY-MM-DD. */
  @IsCalendarDate()
  verifiedOn!: string;

  /** Verification interval in years (1–20); nextVerificationOn = verifiedOn + interval. */
  @IsInt()
  @Min(1)
  @Max(20)
  verificationIntervalYears!: number;
}

export class CreateMeterDto extends NewMeterDto {
  /** individual (premises) or common (building). */
  @IsEnum(MeterKind)
  kind!: MeterKind;

  /** Premises of an individual meter (the building is taken from it). */
  @IsOptional()
  @IsIdString()
  premisesId?: string;

  /** Building of a common meter (optional for an individual one: must then match the premises). */
  @IsOptional()
  @IsIdString()
  buildingId?: string;

  /** cold_water, hot_water, electricity, gas; heating for common meters only. */
  @IsString()
  @MaxLength(50)
  serviceCode!: string;

  /** Installation date, YYYY-MM-DD (the initial readings are taken on it). */
  @IsCalendarDate()
  installedOn!: string;
}

export class ReplaceMeterDto {
  /** Day of the replacement: closing readings of the old meter and initial readings of the new one. */
  @IsCalendarDate()
  date!: string;

  /** Final reading per zone of the old meter (accepted even if its verification expired). */
  @IsObject()
  closingReadings!: Record<string, string>;

  /** The meter installed in its place (same kind, premises, building and service). */
  @ValidateNested()
  @Type(() => NewMeterDto)
  newMeter!: NewMeterDto;

  /** Why the meter is replaced (kept in the audit trail). */
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class DecommissionMeterDto {
  /** Last day the meter is in service, YYYY-MM-DD. */
  @IsCalendarDate()
  date!: string;

  /** Why the meter is taken out of service. */
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class UpdateVerificationDto {
  /** Date of the new verification, YYYY-MM-DD. */
  @IsCalendarDate()
  verifiedOn!: string;

  /** Verification interval in years (1–20). */
  @IsInt()
  @Min(1)
  @Max(20)
  verificationIntervalYears!: number;

  /** New seal number (kept as is when absent). */
  @IsOptional()
  @IsString()
  @MaxLength(50)
  sealNumber?: string;
}

export class MetersQuery extends PageQuery {
  /** Meters of these premises. */
  @IsOptional()
  @IsIdString()
  premisesId?: string;

  /** Meters of this building (individual and common). */
  @IsOptional()
  @IsIdString()
  buildingId?: string;

  /** Meters of this service. */
  @IsOptional()
  @IsString()
  @MaxLength(50)
  serviceCode?: string;

  /** active or decommissioned. */
  @IsOptional()
  @IsEnum(MeterStatus)
  status?: MeterStatus;
}

export class VerificationDueQuery {
  /** Meters due within this many days from today (0–3650, default 30); overdue ones are always included. */
  @IsOptional()
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(3650)
  withinDays?: number;
}
