import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQuery } from 'src/common/http/pagination';
import { Organisation } from '../entities/organisation.entity';
import { IsAccountKeyedBy, IsAccountNumber, IsBic, IsInn, IsKpp } from './requisites.validators';

export class CreateOrganisationDto {
  /** Full name, e.g. ООО «УК Северная». */
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  name!: string;

  /** INN: 10 digits (organisation) or 12 digits (entrepreneur), check digits verified. */
  @IsInn()
  inn!: string;

  /** KPP: 4 digits, 2 digits or capital letters, 3 digits; null for entrepreneurs. */
  @IsOptional()
  @IsKpp()
  kpp?: string | null;

  /** Name of the bank keeping the settlement account. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  bankName!: string;

  /** BIC of the bank, 9 digits. */
  @IsBic()
  bic!: string;

  /** Correspondent account of the bank, 20 digits, control key checked against the BIC. */
  @IsAccountNumber()
  @IsAccountKeyedBy('bic', 'correspondent')
  correspondentAccount!: string;

  /** Settlement account of the organisation, 20 digits, control key checked against the BIC. */
  @IsAccountNumber()
  @IsAccountKeyedBy('bic', 'settlement')
  settlementAccount!: string;
}

/** Partial update; bank fields are checked together with the stored ones. */
export class UpdateOrganisationDto {
  /** New name. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  name?: string;

  /** New KPP (null to clear, e.g. for an entrepreneur). */
  @IsOptional()
  @IsKpp()
  kpp?: string | null;

  /** New bank name. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  bankName?: string;

  /** New BIC; the accounts (given or stored) must match it. */
  @IsOptional()
  @IsBic()
  bic?: string;

  /** New correspondent account. */
  @IsOptional()
  @IsAccountNumber()
  @IsAccountKeyedBy('bic', 'correspondent')
  correspondentAccount?: string;

  /** New settlement account. */
  @IsOptional()
  @IsAccountNumber()
  @IsAccountKeyedBy('bic', 'settlement')
  settlementAccount?: string;

  /** Why the requisites change (kept in the audit trail). */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class ListOrganisationsQuery extends PageQuery {
  /** Exact INN. */
  @IsOptional()
  @Matches(/^\d{10}(\d{2})?$/, { message: 'inn must be 10 or 12 digits' })
  inn?: string;
}

export class OrganisationResponseDto {
  /** Organisation id. */
  id!: string;
  /** Full name. */
  name!: string;
  /** INN. */
  inn!: string;
  /** KPP, null for entrepreneurs. */
  kpp!: string | null;
  /** Bank name. */
  bankName!: string;
  /** BIC of the bank. */
  bic!: string;
  /** Correspondent account of the bank. */
  correspondentAccount!: string;
  /** Settlement account. */
  settlementAccount!: string;
  /** When the record was created (ISO 8601). */
  createdAt!: string;
  /** When the record was last changed (ISO 8601). */
  updatedAt!: string;
}

export function toOrganisationResponse(o: Organisation): OrganisationResponseDto {
  return {
    id: o.id,
    name: o.name,
    inn: o.inn,
    kpp: o.kpp,
    bankName: o.bankName,
    bic: o.bic,
    correspondentAccount: o.correspondentAccount,
    settlementAccount: o.settlementAccount,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
  };
}
