import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { READERS, Role, Roles } from 'src/common/auth/roles';
import { ServiceResponseDto } from './service-catalogue.dto';
import { ServiceCatalogueService } from './service-catalogue.service';

/** The service catalogue: a short fixed list, returned whole in display order (no pagination). */
@ApiTags('services')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/services')
export class ServiceCatalogueController {
  constructor(private readonly catalogue: ServiceCatalogueService) {}

  @Roles(...READERS, Role.SettlementCentre)
  @Get()
  list(): Promise<ServiceResponseDto[]> {
    return this.catalogue.list();
  }
}
