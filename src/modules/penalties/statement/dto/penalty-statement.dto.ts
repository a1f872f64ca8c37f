import { IsIn, IsOptional } from 'class-validator';
import { IsCalendarDate } from 'src/common/http/calendar-date';
import { PenaltyCalculationResponseDto } from '../../dto/penalty-calculation.dto';

export class PenaltyStatementQuery {
  /** Penalties up to and including this day (YYYY-MM-DD); default: today in the billing time zone. */
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;

  /** json (default), csv (';' separated, with a header and a total line) or pdf (the table for court). */
  @IsOptional()
  @IsIn(['json', 'csv', 'pdf'])
  format?: 'json' | 'csv' | 'pdf';
}

export class PenaltyStatementResponseDto extends PenaltyCalculationResponseDto {
  /** Account id. */
  accountId!: string;
  /** Calculation date (YYYY-MM-DD). */
  asOf!: string;
}
