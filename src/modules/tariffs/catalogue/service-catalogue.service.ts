import { Injectable } from '@nestjs/common';
import { NotFoundError } from 'src/common/errors/domain-error';
import { ServiceResponseDto } from './service-catalogue.dto';
import { ServiceCatalogueRepository } from './service-catalogue.repository';

/** The catalogue of utility services; other modules check service codes through `assertExists`. */
@Injectable()
export class ServiceCatalogueService {
  constructor(private readonly repo: ServiceCatalogueRepository) {}

  list(): Promise<ServiceResponseDto[]> {
    return this.repo.list();
  }

  /** Throws SERVICE_NOT_FOUND (404) for an unknown service code. */
  async assertExists(code: string): Promise<void> {
    if (!(await this.repo.exists(code))) throw new NotFoundError('service', code);
  }
}
