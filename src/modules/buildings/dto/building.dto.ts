import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsIdString } from 'src/common/http/id-string';
import { PageQuery } from 'src/common/http/pagination';
import { Building } from '../entities/building.entity';

export class CreateBuildingDto {
  /** Managing organisation id. */
  @IsIdString()
  organisationId!: string;

  /** Postal address. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  address!: string;

  /** FIAS/GAR house GUID (unique among buildings). */
  @IsOptional()
  @IsUUID()
  fiasGuid?: string | null;
}

/** Partial update (e.g. the building moves to another managing organisation). */
export class UpdateBuildingDto {
  /** New managing organisation id. */
  @IsOptional()
  @IsIdString()
  organisationId?: string;

  /** New postal address. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  address?: string;

  /** New FIAS GUID (null to clear). */
  @IsOptional()
  @IsUUID()
  fiasGuid?: string | null;

  /** Why the building changes (kept in the audit trail). */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class ListBuildingsQuery extends PageQuery {
  /** Only buildings of this managing organisation. */
  @IsOptional()
  @IsIdString()
  organisationId?: string;

  /** Only the building with this FIAS GUID. */
  @IsOptional()
  @IsUUID()
  fiasGuid?: string;
}

export class BuildingResponseDto {
  /** Building id. */
  id!: string;
  /** Managing organisation id. */
  organisationId!: string;
  /** Postal address. */
  address!: string;
  /** FIAS/GAR house GUID, or null. */
  fiasGuid!: string | null;
  /** When the record was created (ISO 8601). */
  createdAt!: string;
  /** When the record was last changed (ISO 8601). */
  updatedAt!: string;
}

export function toBuildingResponse(b: Building): BuildingResponseDto {
  return {
    id: b.id,
    organisationId: b.organisationId,
    address: b.address,
    fiasGuid: b.fiasGuid,
    createdAt: b.createdAt.toISOString(),
    updatedAt: b.updatedAt.toISOString(),
  };
}
