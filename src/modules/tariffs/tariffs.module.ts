import { Module } from '@nestjs/common';
import { BuildingsModule } from '../buildings/buildings.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { ServiceCatalogueModule } from './catalogue/service-catalogue.module';
import { NormsRepository } from './norms.repository';
import { NormsService } from './norms.service';
import { RateReferencesService } from './rate-references.service';
import { NormsController, TariffsController } from './tariffs.controller';
import { TariffsRepository } from './tariffs.repository';
import { TariffsService } from './tariffs.service';

/** Tariffs, norms and (through ServiceCatalogueModule) the service catalogue. */
@Module({
  imports: [OrganisationsModule, BuildingsModule, ServiceCatalogueModule],
  controllers: [TariffsController, NormsController],
  providers: [TariffsService, NormsService, TariffsRepository, NormsRepository, RateReferencesService],
  exports: [TariffsService, NormsService, ServiceCatalogueModule],
})
export class TariffsModule {}
