import { CreateRuleValidityDto } from 'src/common/http/rule-validity.dto';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { IsCalendarDate, IsNotBefore } from 'src/common/http/calendar-date';
import { IsDecimalString } from 'src/common/http/decimal-string';

export class CoefficientDto {
  /** Row id. */
  id!: string;
  /** Service the coefficient applies to. */
  serviceCode!: string;
  /** no_meter (a meter could be installed but is absent) or verification_expired. */
  appliesWhen!: string;
  /** The multiplier, e.g. "1.500". */
  value!: string;
  /** First day in force. */
  validFrom!: string;
  /** Last day in force; null = open-ended. */
  validTo!: string | null;
  /** Legal source of the row. */
  source!: string;
}

export class CreateCoefficientDto extends CreateRuleValidityDto {
  /** Service code. */
  @IsString()
  @Length(1, 50)
  serviceCode!: string;

  /** no_meter or verification_expired. */
  @IsIn(['no_meter', 'verification_expired'])
  appliesWhen!: string;

  /** Multiplier ≥ 1, up to 3 decimals. */
  @IsDecimalString({ scale: 3, precision: 6, min: '1' })
  value!: string;
}

export class BuildingBillingSettingsDto {
  /** Building id. */
  buildingId!: string;
  /** Area of the common property (МОП), m²; null when not recorded (common-property lines are then set aside). */
  commonArea!: string | null;
  /** Cap the distributed common-property volume at norm × common area (true unless the owners decided otherwise). */
  odnCapByNorm!: boolean;
  /** even (heating by norm spread over the year) or season (only the days of the heating season). */
  heatingMode!: 'even' | 'season';
  /** single (one price per m³) or two_component (cold water + heat per m³ × heat tariff, formula 20). */
  hotWaterMode!: 'single' | 'two_component';
  /** Heat for heating one m³ of water, Gcal/m³, for two-component hot water. */
  hotWaterHeatPerM3!: string | null;
}

export class PutBuildingBillingSettingsDto {
  /** Area of the common property, m², 2 decimals. */
  @IsOptional()
  @IsDecimalString({ scale: 2, precision: 10, min: '0', exclusiveMin: true })
  commonArea?: string;

  /** Cap the distributed volume at the norm (default true). */
  @IsBoolean()
  odnCapByNorm!: boolean;

  /** even (default) or season. */
  @IsOptional()
  @IsIn(['even', 'season'])
  heatingMode?: 'even' | 'season';

  /** single (default) or two_component. */
  @IsOptional()
  @IsIn(['single', 'two_component'])
  hotWaterMode?: 'single' | 'two_component';

  /** Gcal per m³, up to 6 decimals (needed for two_component). */
  @IsOptional()
  @IsDecimalString({ scale: 6, precision: 10, min: '0', exclusiveMin: true })
  hotWaterHeatPerM3?: string;
}

export class HeatingSeasonDto {
  /** Row id. */
  id!: string;
  /** First day of the heating season. */
  startsOn!: string;
  /** Last day of the heating season. */
  endsOn!: string;
  /** The local decision setting the dates. */
  source!: string;
}

export class CreateHeatingSeasonDto {
  /** First day, YYYY-MM-DD. */
  @IsCalendarDate()
  startsOn!: string;

  /** Last day, YYYY-MM-DD. */
  @IsCalendarDate()
  @IsNotBefore('startsOn')
  endsOn!: string;

  /** The local decision setting the dates. */
  @IsString()
  @Length(1, 500)
  source!: string;
}

export class ImpossibilityActDto {
  /** Act id. */
  id!: string;
  /** Premises where a meter cannot be installed. */
  premisesId!: string;
  /** Service concerned. */
  serviceCode!: string;
  /** Number of the act of technical impossibility. */
  actNumber!: string;
  /** Date of the act. */
  actDate!: string;
}

export class CreateImpossibilityActDto {
  /** Premises id. */
  @IsString()
  @Length(1, 19)
  premisesId!: string;

  /** Service code (cold_water, hot_water, electricity, gas …). */
  @IsString()
  @Length(1, 50)
  serviceCode!: string;

  /** Act number. */
  @IsString()
  @Length(1, 100)
  actNumber!: string;

  /** Act date, YYYY-MM-DD. */
  @IsCalendarDate()
  actDate!: string;
}

export class SubstitutionRuleDto {
  /** Row id. */
  id!: string;
  /** First day in force. */
  validFrom!: string;
  /** Last day in force; null = open-ended. */
  validTo!: string | null;
  /** Periods in a row an average may replace a reading (3), then the norm. */
  maxPeriods!: number;
  /** Months of history the average is taken over (6). */
  historyMonths!: number;
  /** Least history for a younger meter (3). */
  minHistoryMonths!: number;
  /** Legal source. */
  source!: string;
}

export class CreateSubstitutionRuleDto extends CreateRuleValidityDto {
  /** Periods in a row billed by average, 0–12. */
  @IsInt()
  @Min(0)
  @Max(12)
  maxPeriods!: number;

  /** History months for the average, 1–24. */
  @IsInt()
  @Min(1)
  @Max(24)
  historyMonths!: number;

  /** Least history months, 1–24. */
  @IsInt()
  @Min(1)
  @Max(24)
  minHistoryMonths!: number;
}
