import { Module } from '@nestjs/common';
import { ServiceCatalogueController } from './service-catalogue.controller';
import { ServiceCatalogueRepository } from './service-catalogue.repository';
import { ServiceCatalogueService } from './service-catalogue.service';

/**
 * The service catalogue, a module of its own inside tariffs so that buildings (service codes of
 * building services) and tariffs (which need buildings) can both use it without a cycle.
 */
@Module({
  controllers: [ServiceCatalogueController],
  providers: [ServiceCatalogueService, ServiceCatalogueRepository],
  exports: [ServiceCatalogueService],
})
export class ServiceCatalogueModule {}
