import { IsOptional, IsString, Length, ValidateIf } from 'class-validator';
import { IsCalendarDate, IsNotBefore } from 'src/common/http/calendar-date';

export class CreateDocumentNoticeDto {
  /** First day the text is printed (by the period's first day). */
  @IsCalendarDate()
  validFrom!: string;

  /** Last day, inclusive; null or absent = open-ended. */
  @IsOptional()
  @ValidateIf((o: CreateDocumentNoticeDto) => o.validTo !== null)
  @IsCalendarDate()
  @IsNotBefore('validFrom')
  validTo?: string | null;

  /** The notice printed in the "Уведомление" section; {cutoffDay} is replaced by the reading cut-off day. */
  @IsString()
  @Length(1, 2000)
  text!: string;

  /** Legal source of the text. */
  @IsString()
  @Length(1, 500)
  source!: string;
}

export class DocumentNoticeDto {
  /** Notice id. */
  id!: string;
  /** First day in force. */
  validFrom!: string;
  /** Last day in force, or null. */
  validTo!: string | null;
  /** The text ({cutoffDay} placeholder kept). */
  text!: string;
  /** Legal source. */
  source!: string;
}
