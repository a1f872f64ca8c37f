import { IsEnum, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { IsCalendarDate } from 'src/common/http/calendar-date';
import { CreateRuleValidityDto } from 'src/common/http/rule-validity.dto';
import { AppealCategory, AppealChannel, DayKind } from '../domain/appeal.types';

export class DeadlineRuleDto {
  /** Row id. */
  id!: string;
  /** Appeal category. */
  category!: string;
  /** Channel the row is for; null = any channel. */
  channel!: string | null;
  /** Days to answer (0 = the same day). */
  days!: number;
  /** working (production calendar) or calendar days. */
  dayKind!: string;
  /** Days (same kind) the deadline may be extended by once with a reasoned notice; 0 = not extendable. */
  extensionDays!: number;
  /** First day in force. */
  validFrom!: string;
  /** Last day in force; null = open-ended. */
  validTo!: string | null;
  /** Legal source. */
  source!: string;
}

export class CreateDeadlineRuleDto extends CreateRuleValidityDto {
  /** Appeal category. */
  @IsEnum(AppealCategory)
  category!: AppealCategory;

  /** Channel; omit for any channel. */
  @IsOptional()
  @IsEnum(AppealChannel)
  channel?: AppealChannel;

  /** Days, 0–366. */
  @IsInt()
  @Min(0)
  @Max(366)
  days!: number;

  /** working or calendar. */
  @IsEnum(DayKind)
  dayKind!: DayKind;

  /** Extension allowed once, days 0–366 (default 0). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(366)
  extensionDays?: number;
}

export class CloseRowDto {
  /** Last day in force (inclusive). */
  @IsCalendarDate()
  validTo!: string;
}

export class LetterTemplateDto {
  /** Row id. */
  id!: string;
  /** Template code used by the answer step. */
  code!: string;
  /** Letter title. */
  title!: string;
  /** Body with {{placeholders}}: citizenName, appealNumber, registeredOn, category, deadlineOn, answerText, letterNumber, letterDate, accountNumber. */
  body!: string;
  /** First day in force. */
  validFrom!: string;
  /** Last day in force; null = open-ended. */
  validTo!: string | null;
  /** Source (local decision). */
  source!: string;
}

export class CreateLetterTemplateDto extends CreateRuleValidityDto {
  /** Template code (letters, digits, _ and -). */
  @Matches(/^[a-z0-9_-]{1,100}$/, { message: 'code must be 1–100 of a-z, 0-9, _ and -' })
  code!: string;

  /** Letter title. */
  @IsString()
  @Length(1, 300)
  title!: string;

  /** Body with {{placeholders}}. */
  @IsString()
  @Length(1, 20000)
  body!: string;
}
