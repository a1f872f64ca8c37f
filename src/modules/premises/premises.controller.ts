import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { READERS, Role, Roles, STAFF } from 'src/common/auth/roles';
import { IdParam } from 'src/common/http/id-param';
import { Page, PageDto } from 'src/common/http/pagination';
import {
  CreatePremisesDto,
  ListPremisesQuery,
  PremisesResponseDto,
  UpdatePremisesDto,
} from './dto/premises.dto';
import { PremisesService } from './premises.service';

const PREMISES_READERS = [...READERS, Role.SettlementCentre];

/** Flats and non-residential units with their areas. */
@ApiTags('premises')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/premises')
export class PremisesController {
  constructor(private readonly premises: PremisesService) {}

  @Roles(...STAFF)
  @Post()
  create(@Body() dto: CreatePremisesDto): Promise<PremisesResponseDto> {
    return this.premises.create(dto);
  }

  /** Premises filtered by building or number, keyset-paginated. */
  @Roles(...PREMISES_READERS)
  @ApiOkResponse({ type: PageDto(PremisesResponseDto) })
  @Get()
  list(@Query() q: ListPremisesQuery): Promise<Page<PremisesResponseDto>> {
    return this.premises.list(q);
  }

  @Roles(...PREMISES_READERS)
  @Get(':id')
  get(@Param() p: IdParam): Promise<PremisesResponseDto> {
    return this.premises.get(p.id);
  }

  @Roles(...STAFF)
  @Patch(':id')
  update(@Param() p: IdParam, @Body() dto: UpdatePremisesDto): Promise<PremisesResponseDto> {
    return this.premises.update(p.id, dto);
  }
}
