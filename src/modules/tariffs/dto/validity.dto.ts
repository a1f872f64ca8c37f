import { IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { IsCalendarDate } from 'src/common/http/calendar-date';

/** Closes (or re-opens with null) a tariff or norm when it changes. */
export class SetValidToDto {
  /** New last day (inclusive, YYYY-MM-DD), not before validFrom; null makes it open-ended. */
  @ValidateIf((_, v) => v !== null)
  @IsCalendarDate()
  validTo!: string | null;

  /** Why the validity changes (kept in the audit trail). */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}
