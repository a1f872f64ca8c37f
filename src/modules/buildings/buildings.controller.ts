import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { READERS, Role, Roles, STAFF } from 'src/common/auth/roles';
import { IdParam } from 'src/common/http/id-param';
import { Page, PageDto } from 'src/common/http/pagination';
import { BuildingsService } from './buildings.service';
import {
  AddBuildingServiceDto,
  BuildingServiceParams,
  BuildingServiceResponseDto,
  EndBuildingServiceDto,
  ListBuildingServicesQuery,
} from './dto/building-service.dto';
import {
  BuildingResponseDto,
  CreateBuildingDto,
  ListBuildingsQuery,
  UpdateBuildingDto,
} from './dto/building.dto';

const BUILDING_READERS = [...READERS, Role.SettlementCentre];

/** Buildings and the utility services (with suppliers) provided in them. */
@ApiTags('buildings')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/buildings')
export class BuildingsController {
  constructor(private readonly buildings: BuildingsService) {}

  @Roles(...STAFF)
  @Post()
  create(@Body() dto: CreateBuildingDto): Promise<BuildingResponseDto> {
    return this.buildings.create(dto);
  }

  /** Buildings filtered by organisation or FIAS GUID, keyset-paginated. */
  @Roles(...BUILDING_READERS)
  @ApiOkResponse({ type: PageDto(BuildingResponseDto) })
  @Get()
  list(@Query() q: ListBuildingsQuery): Promise<Page<BuildingResponseDto>> {
    return this.buildings.list(q);
  }

  @Roles(...BUILDING_READERS)
  @Get(':id')
  get(@Param() p: IdParam): Promise<BuildingResponseDto> {
    return this.buildings.get(p.id);
  }

  @Roles(...STAFF)
  @Patch(':id')
  update(@Param() p: IdParam, @Body() dto: UpdateBuildingDto): Promise<BuildingResponseDto> {
    return this.buildings.update(p.id, dto);
  }

  /** Start providing a service in the building (409 BUILDING_SERVICE_OVERLAP if it overlaps). */
  @Roles(...STAFF)
  @Post(':id/services')
  addService(@Param() p: IdParam, @Body() dto: AddBuildingServiceDto): Promise<BuildingServiceResponseDto> {
    return this.buildings.addService(p.id, dto);
  }

  @Roles(...BUILDING_READERS)
  @ApiOkResponse({ type: PageDto(BuildingServiceResponseDto) })
  @Get(':id/services')
  listServices(
    @Param() p: IdParam,
    @Query() q: ListBuildingServicesQuery,
  ): Promise<Page<BuildingServiceResponseDto>> {
    return this.buildings.listServices(p.id, q);
  }

  /** Set the last day of a building service (or null to re-open it). */
  @Roles(...STAFF)
  @Patch(':id/services/:serviceId')
  endService(
    @Param() p: BuildingServiceParams,
    @Body() dto: EndBuildingServiceDto,
  ): Promise<BuildingServiceResponseDto> {
    return this.buildings.endService(p.id, p.serviceId, dto);
  }
}
