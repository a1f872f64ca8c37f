import { IsIn, IsOptional } from 'class-validator';
import { IsCalendarDate } from 'src/common/http/calendar-date';
import { IsIdString } from 'src/common/http/id-string';
import { CHART_FORMATS, ChartFormat, ReportGroupBy } from './report-query.dto';

export class DebtAgeingQuery {
  /** The day the debt is taken on (YYYY-MM-DD; default: today in the billing time zone). */
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;

  /** Rows per building, service or managing organisation; `total` (default): one row. */
  @IsOptional()
  @IsIn(Object.values(ReportGroupBy))
  groupBy?: ReportGroupBy;

  /** Only accounts of this building. */
  @IsOptional()
  @IsIdString()
  buildingId?: string;

  /** Only accounts of buildings managed by this organisation. */
  @IsOptional()
  @IsIdString()
  organisationId?: string;

  /** json (default), csv (UTF-8 with BOM, ';', decimal point) or svg (a bar chart of the buckets). */
  @IsOptional()
  @IsIn(CHART_FORMATS)
  format?: ChartFormat;
}

export class AgeingBucketDto {
  /** Stable bucket code: not_due, 0_30, 31_90, 91_180, 181_365, over_365. */
  code!: string;
  /** Label of the bucket in days of delay ("31–90"). */
  label!: string;
  /** Lowest age in days (asOf − due date), inclusive; null = no lower bound. */
  fromDays!: number | null;
  /** Highest age in days, inclusive; null = no upper bound. */
  toDays!: number | null;
}

export class AgeingRowDto {
  /** Building id, service code or organisation id; null in the totals row. */
  key!: string | null;
  /** Building address, service name or organisation name; "total" in the totals row. */
  label!: string;
  /** Unpaid principal per bucket, in the order of `buckets` (roubles). */
  amounts!: string[];
  /** Unpaid principal past its due date: every bucket but not_due (roubles). */
  overdue!: string;
  /** All unpaid principal (roubles). */
  total!: string;
}

export class DebtAgeingResponseDto {
  /** The day the debt is taken on (YYYY-MM-DD). */
  asOf!: string;
  /** The grouping of `rows`. */
  groupBy!: ReportGroupBy;
  /** Building filter, or null. */
  buildingId!: string | null;
  /** Organisation filter, or null. */
  organisationId!: string | null;
  /** What the figures mean, in words. */
  definition!: string;
  /** The buckets, in the order of every row's `amounts`. */
  buckets!: AgeingBucketDto[];
  /** One row per group with any debt, in group order. */
  rows!: AgeingRowDto[];
  /** The whole scope. */
  totals!: AgeingRowDto;
}
