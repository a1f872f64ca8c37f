import { IsOptional, IsString, Length } from 'class-validator';
import { IsCalendarDate, IsNotBefore } from './calendar-date';

/** The validity and source every rule row carries (rules are data with inclusive validity dates). */
export class CreateRuleValidityDto {
  /** First day in force, YYYY-MM-DD. */
  @IsCalendarDate()
  validFrom!: string;

  /** Last day in force (inclusive), or omitted for open-ended. */
  @IsOptional()
  @IsCalendarDate()
  @IsNotBefore('validFrom')
  validTo?: string;

  /** Legal source (decree, paragraph, local decision). */
  @IsString()
  @Length(1, 500)
  source!: string;
}
