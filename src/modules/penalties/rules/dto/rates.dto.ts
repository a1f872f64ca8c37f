import { IsIn, IsEnum, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { IsCalendarDate, IsNotBefore } from 'src/common/http/calendar-date';
import { IsDecimalString } from 'src/common/http/decimal-string';
import { CapKind, MoratoriumScope } from '../../domain/penalty-rules.types';
import { KeyRateRecord, MoratoriumRecord, RateCapRecord } from '../rule-tables';

/** An annual percentage: decimal string > 0, at most 3 decimals, at most 100 ("9.5", "16.000"). */
const PERCENT = { scale: 3, precision: 6, min: '0', exclusiveMin: true, max: '100' };
const CONFIRMED = ['yes', 'partly', 'no'] as const;
const isSet = (_: object, v: unknown) => v !== null && v !== undefined;

/** Why a rule changes (kept in the audit trail), shared by every PATCH. */
export class RuleChangeDto {
  /** Why the rule changes (kept in the audit trail). */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class CreateKeyRateDto {
  /** First day the rate is in force (YYYY-MM-DD): the Monday after the board's Friday decision, usually. */
  @IsCalendarDate()
  effectiveFrom!: string;

  /** % per annum, decimal string ("16.50"). */
  @IsDecimalString(PERCENT)
  ratePercent!: string;

  /** Whether a source confirmed the row: yes, partly or no (default no). */
  @IsOptional()
  @IsIn(CONFIRMED)
  confirmed?: KeyRateRecord['confirmed'];

  /** Where the row comes from (a Bank of Russia page, a decree, an article). */
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  source!: string;
}

export class UpdateKeyRateDto extends RuleChangeDto {
  /** Corrected first day in force (YYYY-MM-DD). */
  @IsOptional()
  @IsCalendarDate()
  effectiveFrom?: string;

  /** Corrected % per annum. */
  @IsOptional()
  @IsDecimalString(PERCENT)
  ratePercent?: string;

  /** yes, partly or no. */
  @IsOptional()
  @IsIn(CONFIRMED)
  confirmed?: KeyRateRecord['confirmed'];

  /** Where the row comes from. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  source?: string;
}

export class KeyRateResponseDto {
  /** Record id. */
  id!: string;
  /** First day in force (YYYY-MM-DD); in force until the next row. */
  effectiveFrom!: string;
  /** % per annum, 3 decimals ("16.000"). */
  ratePercent!: string;
  /** Whether a source confirmed the row: yes, partly or no. */
  confirmed!: 'yes' | 'partly' | 'no';
  /** Where the row comes from. */
  source!: string;
  /** When the record was created (ISO 8601). */
  createdAt!: string;
  /** When the record last changed (ISO 8601). */
  updatedAt!: string;
}

export function toKeyRateResponse(r: KeyRateRecord): KeyRateResponseDto {
  return { ...r, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() };
}

export class CreateRateCapDto {
  /** First day of the cap policy (YYYY-MM-DD), matched against the payment or calculation day. */
  @IsCalendarDate()
  validFrom!: string;

  /** Last day (inclusive); omit or null for open-ended. */
  @IsOptional()
  @IsCalendarDate()
  @IsNotBefore('validFrom')
  validTo?: string | null;

  /** fixed (the cap replaces the key rate) or min_of_key_rate (the lower of the two). */
  @IsEnum(CapKind)
  kind!: CapKind;

  /** The cap, % per annum ("9.5"). */
  @IsDecimalString(PERCENT)
  capPercent!: string;

  /** The decree that sets it. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  source!: string;
}

export class UpdateRateCapDto extends RuleChangeDto {
  /** New last day (inclusive), not before validFrom; null makes it open-ended. */
  @ValidateIf(isSet)
  @IsCalendarDate()
  validTo?: string | null;

  /** fixed or min_of_key_rate. */
  @IsOptional()
  @IsEnum(CapKind)
  kind?: CapKind;

  /** The cap, % per annum. */
  @IsOptional()
  @IsDecimalString(PERCENT)
  capPercent?: string;

  /** The decree that sets it. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  source?: string;
}

export class RateCapResponseDto {
  /** Record id. */
  id!: string;
  /** First day (YYYY-MM-DD). */
  validFrom!: string;
  /** Last day (inclusive), null when open-ended. */
  validTo!: string | null;
  /** fixed or min_of_key_rate. */
  kind!: CapKind;
  /** The cap, % per annum, 3 decimals ("9.500"). */
  capPercent!: string;
  /** The decree that sets it. */
  source!: string;
  /** When the record was created (ISO 8601). */
  createdAt!: string;
  /** When the record last changed (ISO 8601). */
  updatedAt!: string;
}

export function toRateCapResponse(r: RateCapRecord): RateCapResponseDto {
  return { ...r, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() };
}

export class CreateMoratoriumDto {
  /** First day without penalty (YYYY-MM-DD). */
  @IsCalendarDate()
  validFrom!: string;

  /** Last day without penalty (inclusive); omit or null for open-ended. */
  @IsOptional()
  @IsCalendarDate()
  @IsNotBefore('validFrom')
  validTo?: string | null;

  /** all_debts (default) or debts_arisen_before_start (periods that ended before validFrom). */
  @IsOptional()
  @IsEnum(MoratoriumScope)
  scope?: MoratoriumScope;

  /** The decree that sets it. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  source!: string;
}

export class UpdateMoratoriumDto extends RuleChangeDto {
  /** New last day (inclusive), not before validFrom; null makes it open-ended. */
  @ValidateIf(isSet)
  @IsCalendarDate()
  validTo?: string | null;

  /** all_debts or debts_arisen_before_start. */
  @IsOptional()
  @IsEnum(MoratoriumScope)
  scope?: MoratoriumScope;

  /** The decree that sets it. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  source?: string;
}

export class MoratoriumResponseDto {
  /** Record id. */
  id!: string;
  /** First day without penalty (YYYY-MM-DD). */
  validFrom!: string;
  /** Last day without penalty (inclusive), null when open-ended. */
  validTo!: string | null;
  /** all_debts or debts_arisen_before_start. */
  scope!: MoratoriumScope;
  /** The decree that sets it. */
  source!: string;
  /** When the record was created (ISO 8601). */
  createdAt!: string;
  /** When the record last changed (ISO 8601). */
  updatedAt!: string;
}

export function toMoratoriumResponse(r: MoratoriumRecord): MoratoriumResponseDto {
  return { ...r, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() };
}
