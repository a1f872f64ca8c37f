import { Injectable } from '@nestjs/common';
import { BuildingsService } from '../buildings/buildings.service';
import { OrganisationsService } from '../organisations/organisations.service';
import { ServiceCatalogueService } from './catalogue/service-catalogue.service';

/**
 * Checks what a tariff or norm refers to before the insert, so a wrong id gets a clear 404
 * (SERVICE_NOT_FOUND, ORGANISATION_NOT_FOUND, BUILDING_NOT_FOUND) instead of a foreign-key error.
 */
@Injectable()
export class RateReferencesService {
  constructor(
    private readonly catalogue: ServiceCatalogueService,
    private readonly organisations: OrganisationsService,
    private readonly buildings: BuildingsService,
  ) {}

  async assertExist(r: {
    serviceCode: string;
    organisationId?: string | null;
    buildingId?: string | null;
  }): Promise<void> {
    await this.catalogue.assertExists(r.serviceCode);
    if (r.organisationId) await this.organisations.assertExists(r.organisationId);
    if (r.buildingId) await this.buildings.assertExists(r.buildingId);
  }
}
