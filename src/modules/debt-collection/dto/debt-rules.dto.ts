import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { IsCalendarDate } from 'src/common/http/calendar-date';
import { IsDecimalString } from 'src/common/http/decimal-string';
import { CreateRuleValidityDto } from 'src/common/http/rule-validity.dto';

const SERVICE = /^[a-z_]{2,32}$/;

export class CreateParametersDto extends CreateRuleValidityDto {
  /** Calendar days from notice delivery to the earliest restriction (decree 354 p. 119: 20). */
  @IsInt()
  @Min(0)
  @Max(365)
  noticeToRestrictionDays!: number;

  /** Restriction trigger: debt above this many norm-based monthly charges (p. 117: 2). */
  @IsDecimalString({ scale: 2, precision: 6 })
  restrictionNormMonths!: string;

  /** Limitation in years (ГК 196: 3). */
  @IsInt()
  @Min(1)
  @Max(10)
  limitationYears!: number;

  /** Day of the next month a period's charge falls due (ЖК 155: 10); limitation runs from it. */
  @IsInt()
  @Min(1)
  @Max(28)
  chargeDueDay!: number;

  /** Largest claim for a court order (ГПК 121: 500 000), roubles. */
  @IsDecimalString({ scale: 2, precision: 14 })
  courtOrderLimit!: string;
}

export class ParametersResponseDto {
  /** Row id. */
  id!: string;
  /** First day in force. */
  validFrom!: string;
  /** Last day in force or null. */
  validTo!: string | null;
  /** Notice to restriction, days. */
  noticeToRestrictionDays!: number;
  /** Restriction trigger, norm months. */
  restrictionNormMonths!: string;
  /** Limitation, years. */
  limitationYears!: number;
  /** Due day of the next month. */
  chargeDueDay!: number;
  /** Court-order claim limit, roubles. */
  courtOrderLimit!: string;
  /** Legal source. */
  source!: string;
}

export class CreateCriterionDto extends CreateRuleValidityDto {
  /** Criteria set code. */
  @IsString()
  @Length(1, 64)
  setCode!: string;

  /** Service code, or omitted for the account's total debt. */
  @IsOptional()
  @Matches(SERVICE, { message: 'serviceCode must be a service code' })
  serviceCode?: string;

  /** Debt above this many average monthly charges (of the last 12 billed periods). */
  @IsOptional()
  @IsDecimalString({ scale: 2, precision: 6 })
  minMonths?: string;

  /** Debt above this amount, roubles. */
  @IsOptional()
  @IsDecimalString({ scale: 2, precision: 14 })
  minAmount?: string;
}

export class CriterionResponseDto {
  /** Row id. */
  id!: string;
  /** Criteria set code. */
  setCode!: string;
  /** Service code or null (total debt). */
  serviceCode!: string | null;
  /** Months threshold or null. */
  minMonths!: string | null;
  /** Amount threshold or null. */
  minAmount!: string | null;
  /** First day in force. */
  validFrom!: string;
  /** Last day in force or null. */
  validTo!: string | null;
  /** Source. */
  source!: string;
}

export class CreateNeverRestrictableDto extends CreateRuleValidityDto {
  /** Service code. */
  @Matches(SERVICE, { message: 'serviceCode must be a service code' })
  serviceCode!: string;

  /** When it may never be restricted: always, in the heating season, in an apartment block. */
  @IsIn(['always', 'heating_season', 'apartment_block'])
  condition!: 'always' | 'heating_season' | 'apartment_block';
}

export class NeverRestrictableResponseDto {
  /** Row id. */
  id!: string;
  /** Service code. */
  serviceCode!: string;
  /** Condition. */
  condition!: string;
  /** First day in force. */
  validFrom!: string;
  /** Last day in force or null. */
  validTo!: string | null;
  /** Source. */
  source!: string;
}

export class CreateFeeBracketDto extends CreateRuleValidityDto {
  /** Scale code (brackets of one scale share it). */
  @IsString()
  @Length(1, 64)
  scaleCode!: string;

  /** The bracket covers claims above this amount, roubles. */
  @IsDecimalString({ scale: 2, precision: 16 })
  over!: string;

  /** … up to and including this amount; omitted = no upper bound. */
  @IsOptional()
  @IsDecimalString({ scale: 2, precision: 16 })
  upTo?: string;

  /** Fixed part, roubles. */
  @IsDecimalString({ scale: 2, precision: 14 })
  base!: string;

  /** Percent of the claim above `over`. */
  @IsDecimalString({ scale: 4, precision: 8 })
  ratePercent!: string;

  /** Minimum fee, roubles. */
  @IsOptional()
  @IsDecimalString({ scale: 2, precision: 14 })
  minFee?: string;

  /** Maximum fee, roubles. */
  @IsOptional()
  @IsDecimalString({ scale: 2, precision: 14 })
  maxFee?: string;

  /** Court-order share of the claim fee, % (50). */
  @IsDecimalString({ scale: 2, precision: 6 })
  orderSharePercent!: string;
}

export class FeeBracketResponseDto {
  /** Row id. */
  id!: string;
  /** Scale code. */
  scaleCode!: string;
  /** Claims above, roubles. */
  over!: string;
  /** Up to (inclusive) or null. */
  upTo!: string | null;
  /** Fixed part, roubles. */
  base!: string;
  /** Percent above `over`. */
  ratePercent!: string;
  /** Minimum fee or null. */
  minFee!: string | null;
  /** Maximum fee or null. */
  maxFee!: string | null;
  /** Court-order share, %. */
  orderSharePercent!: string;
  /** First day in force. */
  validFrom!: string;
  /** Last day in force or null. */
  validTo!: string | null;
  /** Source. */
  source!: string;
}

export class CloseRuleDto {
  /** New last day in force (inclusive). */
  @IsCalendarDate()
  validTo!: string;

  /** Why the rule is closed. */
  @IsString()
  @Length(3, 1000)
  reason!: string;
}

export const RULE_TABLES = ['parameters', 'criteria', 'never-restrictable', 'fee-brackets'] as const;
export type RuleTable = (typeof RULE_TABLES)[number];

export class RuleTableParam {
  /** Rule table: parameters, criteria, never-restrictable, fee-brackets. */
  @IsIn(RULE_TABLES)
  table!: RuleTable;

  /** Row id. */
  @Matches(/^[1-9]\d{0,17}$/, { message: 'id must be a positive integer' })
  id!: string;
}
