import { IsIn, IsOptional, Matches } from 'class-validator';
import { IsCalendarDate } from 'src/common/http/calendar-date';
import { IsIdString } from 'src/common/http/id-string';
import { CHART_FORMATS, ChartFormat, PERIOD_PATTERN, ReportGroupBy } from './report-query.dto';

export class CollectionRateQuery {
  /** First billing period YYYY-MM. */
  @Matches(PERIOD_PATTERN, { message: 'from must be a period YYYY-MM' })
  from!: string;

  /** Last billing period YYYY-MM (not before `from`; at most 60 periods). */
  @Matches(PERIOD_PATTERN, { message: 'to must be a period YYYY-MM' })
  to!: string;

  /** Money received up to and including this day counts as paid (YYYY-MM-DD; default: today in the billing time zone). */
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;

  /** Rows per period and building, service or managing organisation; `total` (default): one row per period. */
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

  /** json (default), csv (UTF-8 with BOM, ';', decimal point) or svg (a bar chart of the rates). */
  @IsOptional()
  @IsIn(CHART_FORMATS)
  format?: ChartFormat;
}

export class CollectionRateFiguresDto {
  /** Charged for the period: the charge lines of the period (roubles). */
  charged!: string;
  /** Recalculation deltas posted into the period (signed roubles). */
  recalculated!: string;
  /** charged + recalculated: the base of the rate (roubles). */
  billed!: string;
  /** Payments allocated as principal to the period's charges, received up to asOf (reversals negative; roubles). */
  paid!: string;
  /** paid ÷ billed × 100, half-up to 2 decimals; null when billed ≤ 0. */
  ratePercent!: string | null;
}

export class CollectionRateRowDto extends CollectionRateFiguresDto {
  /** Billing period YYYY-MM. */
  period!: string;
  /** Building id, service code or organisation id of the group; null in totals. */
  key!: string | null;
  /** Building address, service name or organisation name; "total" in totals. */
  label!: string;
}

export class CollectionRateResponseDto {
  /** First billing period YYYY-MM. */
  from!: string;
  /** Last billing period YYYY-MM. */
  to!: string;
  /** Payments received up to and including this day (YYYY-MM-DD). */
  asOf!: string;
  /** The grouping of `rows`. */
  groupBy!: ReportGroupBy;
  /** Building filter, or null. */
  buildingId!: string | null;
  /** Organisation filter, or null. */
  organisationId!: string | null;
  /** What the figures mean, in words (the definition used). */
  definition!: string;
  /** One row per period and group with any figure, by period then group order. */
  rows!: CollectionRateRowDto[];
  /** One row per period with any figure: the whole scope. */
  totals!: CollectionRateRowDto[];
}
