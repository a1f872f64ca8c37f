import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsCalendarDate } from 'src/common/http/calendar-date';
import { IsIdString } from 'src/common/http/id-string';
import { VerificationStatus } from '../domain/meter-verification.build';

export class MeterVerificationQuery {
  /** The day of the report (YYYY-MM-DD; default: today in the billing time zone). */
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;

  /** Meters whose verification ends within this many days after asOf (0–3650, default 30); overdue ones always. */
  @IsOptional()
  @Transform(({ value }) => (/^\d{1,5}$/.test(String(value)) ? Number(value) : value))
  @IsInt()
  @Min(0)
  @Max(3650)
  withinDays?: number;

  /** Only meters of this building. */
  @IsOptional()
  @IsIdString()
  buildingId?: string;

  /** Only meters of buildings managed by this organisation. */
  @IsOptional()
  @IsIdString()
  organisationId?: string;

  /** json (default) or csv (UTF-8 with BOM, ';', decimal point). */
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class MeterDueDto {
  /** Meter id. */
  meterId!: string;
  /** Building id. */
  buildingId!: string;
  /** Building address. */
  address!: string;
  /** Premises number for an individual meter; null for a common (building) meter. */
  premisesNumber!: string | null;
  /** individual or common. */
  kind!: string;
  /** Service code. */
  serviceCode!: string;
  /** Serial number. */
  serialNumber!: string;
  /** The date the verification interval ends (YYYY-MM-DD). */
  nextVerificationOn!: string;
  /** Days from asOf to that date (negative: overdue). */
  daysLeft!: number;
  /** overdue (the date has passed) or due (within the window). */
  status!: VerificationStatus;
}

export class BuildingVerificationDto {
  /** Building id. */
  buildingId!: string;
  /** Building address. */
  address!: string;
  /** Active meters past their verification date. */
  overdue!: number;
  /** Active meters whose verification ends within the window. */
  due!: number;
}

export class MeterVerificationResponseDto {
  /** The day of the report (YYYY-MM-DD). */
  asOf!: string;
  /** The window in days after asOf. */
  withinDays!: number;
  /** Building filter, or null. */
  buildingId!: string | null;
  /** Organisation filter, or null. */
  organisationId!: string | null;
  /** Per building, in building order. */
  buildings!: BuildingVerificationDto[];
  /** Active meters overdue or due within the window, by building, date, meter id. */
  meters!: MeterDueDto[];
}
