import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFoundError } from 'src/common/errors/domain-error';
import { assertValidToNotBefore } from 'src/common/errors/validity';
import { Page, pageOf } from 'src/common/http/pagination';
import { OrganisationsService } from '../organisations/organisations.service';
import { ServiceCatalogueService } from '../tariffs/catalogue/service-catalogue.service';
import { BuildingsRepository } from './buildings.repository';
import {
  AddBuildingServiceDto,
  BuildingServiceResponseDto,
  EndBuildingServiceDto,
  ListBuildingServicesQuery,
  toBuildingServiceResponse,
} from './dto/building-service.dto';
import {
  BuildingResponseDto,
  CreateBuildingDto,
  ListBuildingsQuery,
  toBuildingResponse,
  UpdateBuildingDto,
} from './dto/building.dto';

/** Buildings and the services provided in them; other modules use `assertExists`. */
@Injectable()
export class BuildingsService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: BuildingsRepository,
    private readonly organisations: OrganisationsService,
    private readonly catalogue: ServiceCatalogueService,
  ) {}

  async create(dto: CreateBuildingDto): Promise<BuildingResponseDto> {
    await this.organisations.assertExists(dto.organisationId);
    const created = await this.repo.insert({ ...dto, fiasGuid: dto.fiasGuid ?? null });
    return toBuildingResponse(created);
  }

  async get(id: string): Promise<BuildingResponseDto> {
    const found = await this.repo.find(id);
    if (!found) throw new NotFoundError('building', id);
    return toBuildingResponse(found);
  }

  async list(q: ListBuildingsQuery): Promise<Page<BuildingResponseDto>> {
    const limit = q.limit ?? 100;
    const rows = await this.repo.list({ ...q, limit: limit + 1 });
    return pageOf(rows.map(toBuildingResponse), limit);
  }

  async update(id: string, dto: UpdateBuildingDto): Promise<BuildingResponseDto> {
    if (dto.organisationId) await this.organisations.assertExists(dto.organisationId);
    return this.db.transaction(async (m) => {
      const current = await this.repo.find(id, m, true);
      if (!current) throw new NotFoundError('building', id);
      const updated = await this.repo.update(
        id,
        {
          organisationId: dto.organisationId ?? current.organisationId,
          address: dto.address ?? current.address,
          fiasGuid: dto.fiasGuid !== undefined ? dto.fiasGuid : current.fiasGuid,
        },
        m,
      );
      return toBuildingResponse(updated);
    });
  }

  /** Adds a service; an overlap with the same service in the building is refused by the database (409). */
  async addService(buildingId: string, dto: AddBuildingServiceDto): Promise<BuildingServiceResponseDto> {
    await this.assertExists(buildingId);
    await this.catalogue.assertExists(dto.serviceCode);
    await this.organisations.assertExists(dto.supplierOrganisationId);
    const created = await this.repo.insertService({ ...dto, buildingId, validTo: dto.validTo ?? null });
    return toBuildingServiceResponse(created);
  }

  async listServices(
    buildingId: string,
    q: ListBuildingServicesQuery,
  ): Promise<Page<BuildingServiceResponseDto>> {
    await this.assertExists(buildingId);
    const limit = q.limit ?? 100;
    const rows = await this.repo.listServices({ ...q, buildingId, limit: limit + 1 });
    return pageOf(rows.map(toBuildingServiceResponse), limit);
  }

  /** Sets the last day of a building service; extending it into another period is refused (409). */
  async endService(
    buildingId: string,
    id: string,
    dto: EndBuildingServiceDto,
  ): Promise<BuildingServiceResponseDto> {
    return this.db.transaction(async (m) => {
      const current = await this.repo.findService(buildingId, id, m);
      if (!current) throw new NotFoundError('building_service', id);
      assertValidToNotBefore(current.validFrom, dto.validTo);
      return toBuildingServiceResponse(await this.repo.setServiceValidTo(id, dto.validTo, m));
    });
  }

  /** Throws BUILDING_NOT_FOUND (404) unless the building exists. */
  async assertExists(id: string): Promise<void> {
    if (!(await this.repo.find(id))) throw new NotFoundError('building', id);
  }
}
