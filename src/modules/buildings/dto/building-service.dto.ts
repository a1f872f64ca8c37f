import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { IsCalendarDate, IsNotBefore } from 'src/common/http/calendar-date';
import { ID_PATTERN, IsIdString } from 'src/common/http/id-string';
import { PageQuery } from 'src/common/http/pagination';
import { BuildingService } from '../entities/building.entity';

export class AddBuildingServiceDto {
  /** Service code from GET /api/v1/services, e.g. cold_water. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  serviceCode!: string;

  /** Supplier (resource-supplying organisation) id. */
  @IsIdString()
  supplierOrganisationId!: string;

  /** First day the service is provided (YYYY-MM-DD). */
  @IsCalendarDate()
  validFrom!: string;

  /** Last day (inclusive); omit or null for open-ended. */
  @IsOptional()
  @IsCalendarDate()
  @IsNotBefore('validFrom')
  validTo?: string | null;
}

/** Ends (or re-opens with null) a building service. */
export class EndBuildingServiceDto {
  /** New last day (inclusive), or null to make it open-ended again. */
  @ValidateIf((_, v) => v !== null)
  @IsCalendarDate()
  validTo!: string | null;

  /** Why the service ends (kept in the audit trail). */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class BuildingServiceParams {
  /** Building id. */
  @Matches(ID_PATTERN, { message: 'id must be a positive integer' })
  id!: string;

  /** Building service id. */
  @Matches(ID_PATTERN, { message: 'serviceId must be a positive integer' })
  serviceId!: string;
}

export class ListBuildingServicesQuery extends PageQuery {
  /** Only this service code. */
  @IsOptional()
  @IsString()
  @MaxLength(50)
  serviceCode?: string;

  /** Only services provided on this day (YYYY-MM-DD). */
  @IsOptional()
  @IsCalendarDate()
  on?: string;
}

export class BuildingServiceResponseDto {
  /** Building service id. */
  id!: string;
  /** Building id. */
  buildingId!: string;
  /** Service code. */
  serviceCode!: string;
  /** Supplier organisation id. */
  supplierOrganisationId!: string;
  /** First day (YYYY-MM-DD). */
  validFrom!: string;
  /** Last day, inclusive (YYYY-MM-DD), or null when open-ended. */
  validTo!: string | null;
  /** When the record was created (ISO 8601). */
  createdAt!: string;
}

export function toBuildingServiceResponse(s: BuildingService): BuildingServiceResponseDto {
  return {
    id: s.id,
    buildingId: s.buildingId,
    serviceCode: s.serviceCode,
    supplierOrganisationId: s.supplierOrganisationId,
    validFrom: s.validFrom,
    validTo: s.validTo,
    createdAt: s.createdAt.toISOString(),
  };
}
