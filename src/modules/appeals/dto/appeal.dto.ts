import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate } from 'src/common/http/calendar-date';
import { PageQuery } from 'src/common/http/pagination';
import { AppealCategory, AppealChannel, AppealStatus } from '../domain/appeal.types';

const ID = /^[1-9]\d{0,17}$/;

/** Metadata of a file the citizen attached (the file itself lives in the document store). */
export class AttachmentDto {
  /** File name as received. */
  @IsString()
  @Length(1, 255)
  fileName!: string;

  /** Media type, e.g. application/pdf. */
  @IsString()
  @Length(1, 100)
  mediaType!: string;

  /** Size in bytes. */
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  sizeBytes!: number;
}

export class CreateAppealDto {
  /** Citizen's full name (personal data). */
  @IsString()
  @Length(2, 300)
  citizenName!: string;

  /** Citizen's phone (personal data). */
  @IsOptional()
  @Matches(/^\+?[\d\s()-]{5,30}$/, { message: 'citizenPhone must be a phone number' })
  citizenPhone?: string;

  /** Citizen's e-mail (personal data). */
  @IsOptional()
  @IsEmail()
  citizenEmail?: string;

  /** Postal address for the answer (personal data). */
  @IsOptional()
  @IsString()
  @Length(1, 500)
  citizenAddress?: string;

  /** Personal account the appeal is about, if any. */
  @IsOptional()
  @Matches(ID, { message: 'accountId must be an id' })
  accountId?: string;

  /** How the appeal came in: visit, letter, email, portal, phone. */
  @IsEnum(AppealChannel)
  channel!: AppealChannel;

  /** charge_check, recalculation_request, meter_check, quality_complaint, temporary_absence, personal_data_request, other. */
  @IsEnum(AppealCategory)
  category!: AppealCategory;

  /** The appeal's text. */
  @IsString()
  @Length(1, 20000)
  text!: string;

  /** Attached files' metadata (up to 20). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => AttachmentDto)
  attachments?: AttachmentDto[];

  /** Registration day, YYYY-MM-DD (default today in the billing time zone; not in the future). */
  @IsOptional()
  @IsCalendarDate()
  registeredOn?: string;
}

/** A dated step; `on` defaults to today. */
export class AppealStepDto {
  /** Day of the step, YYYY-MM-DD (default today; not before the previous step, not in the future). */
  @IsOptional()
  @IsCalendarDate()
  on?: string;

  /** Free note kept with the step. */
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  note?: string;
}

export class AssignAppealDto extends AppealStepDto {
  /** Who handles the appeal (login or name of the specialist). */
  @IsString()
  @Length(1, 200)
  assignee!: string;
}

export class AnswerAppealDto extends AppealStepDto {
  /** Letter template code (default "answer"). */
  @IsOptional()
  @IsString()
  @Length(1, 100)
  templateCode?: string;

  /** The substance of the answer, put into the template's {{answerText}}. */
  @IsString()
  @Length(1, 20000)
  answerText!: string;
}

export class ExtendAppealDto {
  /** Day of the reasoned notice, YYYY-MM-DD (default today; no later than the deadline). */
  @IsOptional()
  @IsCalendarDate()
  on?: string;

  /** Reason given to the citizen. */
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

export class LinkAppealDto {
  /** Recalculation the appeal caused. */
  @IsOptional()
  @Matches(ID, { message: 'recalculationId must be an id' })
  recalculationId?: string;

  /** Meter reading the appeal caused. */
  @IsOptional()
  @Matches(ID, { message: 'readingId must be an id' })
  readingId?: string;
}

export class AppealQuery extends PageQuery {
  /** Only this status. */
  @IsOptional()
  @IsEnum(AppealStatus)
  status?: AppealStatus;

  /** Only this category. */
  @IsOptional()
  @IsEnum(AppealCategory)
  category?: AppealCategory;

  /** Only appeals about this account. */
  @IsOptional()
  @Matches(ID, { message: 'accountId must be an id' })
  accountId?: string;

  /** Citizen name contains this (case-insensitive; roles that see personal data only). */
  @IsOptional()
  @IsString()
  @Length(2, 300)
  citizen?: string;
}

export class OverdueQuery {
  /** Day to judge by, YYYY-MM-DD (default today). */
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
}

export class AppealEventDto {
  /** Status before the step (null on registration). */
  fromStatus!: string | null;
  /** Status after the step. */
  toStatus!: string;
  /** Day of the step. */
  on!: string;
  /** Who made the step. */
  actor!: string;
  /** Note of the step. */
  note!: string | null;
  /** When it was recorded. */
  recordedAt!: string;
}

export class AppealResponseDto {
  /** Appeal id (its registration number). */
  id!: string;
  /** Citizen's name; initials only for roles that do not handle appeals. */
  citizenName!: string;
  /** Citizen's phone (masked likewise). */
  citizenPhone!: string | null;
  /** Citizen's e-mail (masked likewise). */
  citizenEmail!: string | null;
  /** Citizen's address (masked likewise). */
  citizenAddress!: string | null;
  /** True when the citizen's data above is masked for the caller's role. */
  personalDataMasked!: boolean;
  /** Account, if any. */
  accountId!: string | null;
  /** Its account number. */
  accountNumber!: string | null;
  /** Channel. */
  channel!: string;
  /** Category. */
  category!: string;
  /** Appeal text. */
  text!: string;
  /** Attachments' metadata. */
  attachments!: AttachmentDto[];
  /** Registration day. */
  registeredOn!: string;
  /** Answer deadline (inclusive). */
  deadlineOn!: string;
  /** How the deadline was computed: rule, days, day kind, formula. */
  deadlineBasis!: Record<string, unknown>;
  /** registered, assigned, answered or closed. */
  status!: string;
  /** Handling specialist. */
  assignee!: string | null;
  /** Day assigned. */
  assignedOn!: string | null;
  /** Day answered. */
  answeredOn!: string | null;
  /** Day closed. */
  closedOn!: string | null;
  /** Day the deadline was extended (once, with a reasoned notice). */
  extendedOn!: string | null;
  /** Answered no later than the deadline (null while unanswered). */
  answeredOnTime!: boolean | null;
  /** Linked recalculation. */
  recalculationId!: string | null;
  /** Linked meter reading. */
  readingId!: string | null;
  /** Incoming register number (written channels). */
  incomingNumber!: string | null;
  /** Outgoing number of the answer letter. */
  answerLetterNumber!: string | null;
  /** Id of the answer letter in the correspondence register. */
  answerLetterId!: string | null;
}

export class AppealDetailResponseDto extends AppealResponseDto {
  /** Workflow steps, oldest first. */
  events!: AppealEventDto[];
}

export class ReportFormatQuery {
  /** json (default) or csv. */
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}
