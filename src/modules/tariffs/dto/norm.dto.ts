import { IsEnum, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsCalendarDate, IsNotBefore } from 'src/common/http/calendar-date';
import { IsDecimalString } from 'src/common/http/decimal-string';
import { Norm, NormBasis } from '../entities/tariff.entity';
import { IsScopeId } from './scope.validators';

export class CreateNormDto {
  /** Service code from GET /api/v1/services. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  serviceCode!: string;

  /** Units per basis and month: decimal string ≥ 0 with at most 6 decimals ("4.85"). */
  @IsDecimalString({ scale: 6, precision: 14, min: '0' })
  value!: string;

  /** per_person or per_m2. */
  @IsEnum(NormBasis)
  basis!: NormBasis;

  /** First day in force (YYYY-MM-DD). */
  @IsCalendarDate()
  validFrom!: string;

  /** Last day in force (inclusive); omit or null for open-ended. */
  @IsOptional()
  @IsCalendarDate()
  @IsNotBefore('validFrom')
  validTo?: string | null;

  /** Optional scope: an organisation (not together with buildingId). Neither = regional norm. */
  @IsScopeId('buildingId', { required: false })
  organisationId?: string | null;

  /** Optional scope: a building (not together with organisationId). */
  @IsScopeId('organisationId', { required: false })
  buildingId?: string | null;
}

export class NormResponseDto {
  /** Norm id. */
  id!: string;
  /** Service code. */
  serviceCode!: string;
  /** Units per basis and month, 6 decimals ("4.850000"). */
  value!: string;
  /** per_person or per_m2. */
  basis!: NormBasis;
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

export function toNormResponse(n: Norm): NormResponseDto {
  return {
    id: n.id,
    serviceCode: n.serviceCode,
    value: n.value,
    basis: n.basis,
    validFrom: n.validFrom,
    validTo: n.validTo,
    organisationId: n.organisationId,
    buildingId: n.buildingId,
    createdAt: n.createdAt.toISOString(),
  };
}
