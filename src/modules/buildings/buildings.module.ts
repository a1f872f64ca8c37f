import { Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/organisations.module';
import { ServiceCatalogueModule } from '../tariffs/catalogue/service-catalogue.module';
import { BuildingsController } from './buildings.controller';
import { BuildingsRepository } from './buildings.repository';
import { BuildingsService } from './buildings.service';

@Module({
  imports: [OrganisationsModule, ServiceCatalogueModule],
  controllers: [BuildingsController],
  providers: [BuildingsService, BuildingsRepository],
  exports: [BuildingsService],
})
export class BuildingsModule {}
