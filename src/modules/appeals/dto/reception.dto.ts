import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { IsCalendarDate, IsNotBefore } from 'src/common/http/calendar-date';

export class CreateVisitDto {
  /** Day of the visit, YYYY-MM-DD (default today; not in the future). */
  @IsOptional()
  @IsCalendarDate()
  visitedOn?: string;

  /** Visitor's full name (personal data). */
  @IsString()
  @Length(2, 300)
  citizenName!: string;

  /** Visitor's phone (personal data). */
  @IsOptional()
  @Matches(/^\+?[\d\s()-]{5,30}$/, { message: 'citizenPhone must be a phone number' })
  citizenPhone?: string;

  /** Account discussed, if any. */
  @IsOptional()
  @Matches(/^[1-9]\d{0,17}$/, { message: 'accountId must be an id' })
  accountId?: string;

  /** What the visitor came about. */
  @IsString()
  @Length(1, 2000)
  topic!: string;

  /** What was done or explained. */
  @IsString()
  @Length(1, 5000)
  outcome!: string;

  /** The appeal registered at the visit, if any. */
  @IsOptional()
  @Matches(/^[1-9]\d{0,17}$/, { message: 'appealId must be an id' })
  appealId?: string;
}

export class VisitQuery {
  /** From this day (inclusive). */
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  /** To this day (inclusive). */
  @IsOptional()
  @IsCalendarDate()
  @IsNotBefore('from')
  to?: string;
}

export class VisitResponseDto {
  /** Log row id. */
  id!: string;
  /** Day of the visit. */
  visitedOn!: string;
  /** Visitor's name (initials for roles that do not handle appeals). */
  citizenName!: string;
  /** Visitor's phone (masked likewise). */
  citizenPhone!: string | null;
  /** Account discussed. */
  accountId!: string | null;
  /** Topic. */
  topic!: string;
  /** Outcome. */
  outcome!: string;
  /** Appeal registered at the visit. */
  appealId!: string | null;
  /** Who received the visitor. */
  receivedBy!: string;
}
