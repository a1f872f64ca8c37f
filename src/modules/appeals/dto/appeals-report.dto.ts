import { IsIn, IsOptional } from 'class-validator';
import { IsCalendarDate, IsNotBefore } from 'src/common/http/calendar-date';

export class AppealsReportQuery {
  /** Appeals registered from this day (inclusive), YYYY-MM-DD. */
  @IsCalendarDate()
  from!: string;

  /** Appeals registered to this day (inclusive), YYYY-MM-DD. */
  @IsCalendarDate()
  @IsNotBefore('from')
  to!: string;

  /** Day overdue is judged by (default today). */
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;

  /** json (default) or csv. */
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class AppealsReportBasisDto {
  /** onTime / count with the figures. */
  formula!: string;
}

export class AppealsReportTotalDto {
  /** Appeals registered in the period. */
  count!: number;
  /** Of them answered by now. */
  answered!: number;
  /** Of them answered no later than the deadline. */
  onTime!: number;
  /** Of them unanswered with the deadline passed by asOf. */
  overdue!: number;
  /** onTime ÷ count, 4 decimals half-up ("0.6667"); null when count is 0. */
  onTimeShare!: string | null;
  /** How the share was computed. */
  basis!: AppealsReportBasisDto;
}

export class AppealsReportRowDto extends AppealsReportTotalDto {
  /** Appeal category. */
  category!: string;
}

export class AppealsReportResponseDto {
  /** First registration day. */
  from!: string;
  /** Last registration day. */
  to!: string;
  /** Day overdue is judged by. */
  asOf!: string;
  /** One row per category (zero rows included). */
  rows!: AppealsReportRowDto[];
  /** All categories. */
  total!: AppealsReportTotalDto;
}
