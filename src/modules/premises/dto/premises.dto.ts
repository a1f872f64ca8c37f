import { IsEnum, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsDecimalString } from 'src/common/http/decimal-string';
import { IsIdString } from 'src/common/http/id-string';
import { PageQuery } from 'src/common/http/pagination';
import { Premises, PremisesKind } from '../entities/premises.entity';

/** numeric(10,2): area in m², > 0, at most 2 decimals. */
const AREA = { scale: 2, precision: 10, min: '0', exclusiveMin: true } as const;

export class CreatePremisesDto {
  /** Building id. */
  @IsIdString()
  buildingId!: string;

  /** Number of the premises in the building, e.g. "12" or "12А" (unique per building). */
  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  number!: string;

  /** Total area, m², as a decimal string > 0 with at most 2 decimals ("54.30"). */
  @IsDecimalString(AREA)
  area!: string;

  /** residential or non_residential. */
  @IsEnum(PremisesKind)
  kind!: PremisesKind;
}

/** Partial update, e.g. the area after a technical inventory. */
export class UpdatePremisesDto {
  /** New number. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  number?: string;

  /** New total area, m² ("54.30"). */
  @IsOptional()
  @IsDecimalString(AREA)
  area?: string;

  /** New kind. */
  @IsOptional()
  @IsEnum(PremisesKind)
  kind?: PremisesKind;

  /** Why the premises change (kept in the audit trail). */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class ListPremisesQuery extends PageQuery {
  /** Only premises of this building. */
  @IsOptional()
  @IsIdString()
  buildingId?: string;

  /** Only premises with this number. */
  @IsOptional()
  @IsString()
  @MaxLength(20)
  number?: string;
}

export class PremisesResponseDto {
  /** Premises id. */
  id!: string;
  /** Building id. */
  buildingId!: string;
  /** Number in the building. */
  number!: string;
  /** Total area, m² ("54.30"). */
  area!: string;
  /** residential or non_residential. */
  kind!: PremisesKind;
  /** When the record was created (ISO 8601). */
  createdAt!: string;
  /** When the record was last changed (ISO 8601). */
  updatedAt!: string;
}

export function toPremisesResponse(p: Premises): PremisesResponseDto {
  return {
    id: p.id,
    buildingId: p.buildingId,
    number: p.number,
    area: p.area,
    kind: p.kind,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
