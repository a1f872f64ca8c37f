import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate } from 'src/common/http/calendar-date';
import { IsIdString } from 'src/common/http/id-string';
import { PageQuery } from 'src/common/http/pagination';
import { Account } from '../entities/account.entity';

/** Account numbers: letters (Cyrillic too), digits, '-' and '/', up to 20 characters. */
const ACCOUNT_NUMBER = /^[\p{L}\d/-]{1,20}$/u;
const ACCOUNT_NUMBER_MESSAGE = 'number must be 1–20 letters, digits, "-" or "/"';

export class ResidentsEntryDto {
  /** First day this number of residents applies (YYYY-MM-DD). */
  @IsCalendarDate()
  from!: string;

  /** Number of registered residents, 0–999. */
  @IsInt()
  @Min(0)
  @Max(999)
  count!: number;
}

export class CreateAccountDto {
  /** Premises id. */
  @IsIdString()
  premisesId!: string;

  /** Unique account number, e.g. ЛС00012345. */
  @Matches(ACCOUNT_NUMBER, { message: ACCOUNT_NUMBER_MESSAGE })
  number!: string;

  /** Full name of the account holder (personal data). */
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  holderName!: string;

  /** Day the account was opened (YYYY-MM-DD). */
  @IsCalendarDate()
  openedOn!: string;

  /** Initial residents history; each `from` on or after openedOn, dates distinct. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ResidentsEntryDto)
  residents?: ResidentsEntryDto[];
}

export class UpdateAccountDto {
  /** New holder name (e.g. after a change of owner name). */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  holderName?: string;

  /** Why the account changes (kept in the audit trail). */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class AddResidentsDto extends ResidentsEntryDto {
  /** Why the number of residents changes (kept in the audit trail). */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class CloseAccountDto {
  /** Last day of the account (YYYY-MM-DD), not before openedOn. */
  @IsCalendarDate()
  closedOn!: string;

  /** Why the account is closed (kept in the audit trail). */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class ListAccountsQuery extends PageQuery {
  /** Only accounts of premises in this building. */
  @IsOptional()
  @IsIdString()
  buildingId?: string;

  /** Only accounts of these premises. */
  @IsOptional()
  @IsIdString()
  premisesId?: string;

  /** Exact account number. */
  @IsOptional()
  @Matches(ACCOUNT_NUMBER, { message: ACCOUNT_NUMBER_MESSAGE })
  number?: string;

  /** open (no closedOn) or closed. */
  @IsOptional()
  @IsIn(['open', 'closed'])
  status?: 'open' | 'closed';
}

export class ResidentsEntryResponseDto {
  /** First day this number applies (YYYY-MM-DD). */
  from!: string;
  /** Number of registered residents. */
  count!: number;
}

export class AccountResponseDto {
  /** Account id. */
  id!: string;
  /** Premises id. */
  premisesId!: string;
  /** Building id of the premises. */
  buildingId!: string;
  /** Account number. */
  number!: string;
  /** Holder's full name; null when the caller may not see personal data. */
  holderName!: string | null;
  /** Day the account was opened (YYYY-MM-DD). */
  openedOn!: string;
  /** Last day of the account (YYYY-MM-DD), null while open. */
  closedOn!: string | null;
  /** Residents history, oldest first. */
  residents!: ResidentsEntryResponseDto[];
  /** When the record was created (ISO 8601). */
  createdAt!: string;
  /** When the record was last changed (ISO 8601). */
  updatedAt!: string;
}

export function toAccountResponse(a: Account, opts: { showPersonalData: boolean }): AccountResponseDto {
  return {
    id: a.id,
    premisesId: a.premisesId,
    buildingId: a.buildingId,
    number: a.number,
    holderName: opts.showPersonalData ? a.holderName : null,
    openedOn: a.openedOn,
    closedOn: a.closedOn,
    residents: a.residents.map((r) => ({ from: r.from, count: r.count })),
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}
