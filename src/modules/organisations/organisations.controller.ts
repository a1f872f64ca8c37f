import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { READERS, Roles, STAFF } from 'src/common/auth/roles';
import { IdParam } from 'src/common/http/id-param';
import { Page, PageDto } from 'src/common/http/pagination';
import {
  CreateOrganisationDto,
  ListOrganisationsQuery,
  OrganisationResponseDto,
  UpdateOrganisationDto,
} from './dto/organisation.dto';
import { OrganisationsService } from './organisations.service';

/** Managing companies and suppliers with their tax and bank requisites. */
@ApiTags('organisations')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  /** Register an organisation (INN, KPP, BIC and account keys are verified). */
  @Roles(...STAFF)
  @Post()
  create(@Body() dto: CreateOrganisationDto): Promise<OrganisationResponseDto> {
    return this.organisations.create(dto);
  }

  /** Organisations, by id, keyset-paginated. */
  @Roles(...READERS)
  @ApiOkResponse({ type: PageDto(OrganisationResponseDto) })
  @Get()
  list(@Query() q: ListOrganisationsQuery): Promise<Page<OrganisationResponseDto>> {
    return this.organisations.list(q);
  }

  @Roles(...READERS)
  @Get(':id')
  get(@Param() p: IdParam): Promise<OrganisationResponseDto> {
    return this.organisations.get(p.id);
  }

  /** Change the name, KPP or bank requisites (the INN is the identity and never changes). */
  @Roles(...STAFF)
  @Patch(':id')
  update(@Param() p: IdParam, @Body() dto: UpdateOrganisationDto): Promise<OrganisationResponseDto> {
    return this.organisations.update(p.id, dto);
  }
}
