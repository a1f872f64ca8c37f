import { IsEnum, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsCalendarDate, IsNotBefore } from 'src/common/http/calendar-date';
import { IsDecimalString } from 'src/common/http/decimal-string';
import { IsIdString } from 'src/common/http/id-string';
import { PageQuery } from 'src/common/http/pagination';
import { Tariff, TariffZone } from '../entities/tariff.entity';
import { IsScopeId } from './scope.validators';

export class CreateTariffDto {
  /** Service code from GET /api/v1/services. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  serviceCode!: string;

  /** T1, T2 or T3 for a multi-rate meter zone; omit or null for a single rate. */
  @IsOptional()
  @IsEnum(TariffZone)
  zone?: TariffZone | null;

  /** Roubles per unit: decimal string ≥ 0 with at most 6 decimals ("45.12"). */
  @IsDecimalString({ scale: 6, precision: 14, min: '0' })
  price!: string;

  /** First day in force (YYYY-MM-DD). */
  @IsCalendarDate()
  validFrom!: string;

  /** Last day in force (inclusive); omit or null for open-ended. */
  @IsOptional()
  @IsCalendarDate()
  @IsNotBefore('validFrom')
  validTo?: string | null;

  /** Scope: the organisation whose buildings it applies to (exactly one of organisationId, buildingId). */
  @IsScopeId('buildingId', { required: true })
  organisationId?: string | null;

  /** Scope: a single building (overrides the organisation's tariff). */
  @IsScopeId('organisationId', { required: true })
  buildingId?: string | null;
}

/** Filters shared by the tariff and norm lists. */
export class ListRatesQuery extends PageQuery {
  /** Only this service code. */
  @IsOptional()
  @IsString()
  @MaxLength(50)
  serviceCode?: string;

  /** Only rates set for this organisation. */
  @IsOptional()
  @IsIdString()
  organisationId?: string;

  /** Only rates set for this building. */
  @IsOptional()
  @IsIdString()
  buildingId?: string;

  /** Only rates in force on this day (YYYY-MM-DD). */
  @IsOptional()
  @IsCalendarDate()
  on?: string;
}

export class TariffResponseDto {
  /** Tariff id. */
  id!: string;
  /** Service code. */
  serviceCode!: string;
  /** T1, T2, T3, or null for a single rate. */
  zone!: TariffZone | null;
  /** Roubles per unit, 6 decimals ("45.120000"). */
  price!: string;
  /** First day in force (YYYY-MM-DD). */
  validFrom!: string;
  /** Last day in force (inclusive), null when open-ended. */
  validTo!: string | null;
  /** Organisation scope, or null. */
  organisationId!: string | null;
  /** Building scope, or null. */
  buildingId!: string | null;
  /** When the record was created (ISO 8601). */
  createdAt!: string;
}

export function toTariffResponse(t: Tariff): TariffResponseDto {
  return {
    id: t.id,
    serviceCode: t.serviceCode,
    zone: t.zone,
    price: t.price,
    validFrom: t.validFrom,
    validTo: t.validTo,
    organisationId: t.organisationId,
    buildingId: t.buildingId,
    createdAt: t.createdAt.toISOString(),
  };
}
