import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { READERS, Role, Roles, STAFF } from 'src/common/auth/roles';
import { IdParam } from 'src/common/http/id-param';
import { Page, PageDto } from 'src/common/http/pagination';
import { CreateNormDto, NormResponseDto } from './dto/norm.dto';
import { CreateTariffDto, ListRatesQuery, TariffResponseDto } from './dto/tariff.dto';
import { SetValidToDto } from './dto/validity.dto';
import { NormsService } from './norms.service';
import { TariffsService } from './tariffs.service';

const RATE_READERS = [...READERS, Role.SettlementCentre];

/** Tariffs (prices per unit) by service, zone and scope, with inclusive validity intervals. */
@ApiTags('tariffs')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/tariffs')
export class TariffsController {
  constructor(private readonly tariffs: TariffsService) {}

  /** Add a tariff for an organisation or a building (409 TARIFF_OVERLAP if it overlaps). */
  @Roles(...STAFF)
  @Post()
  create(@Body() dto: CreateTariffDto): Promise<TariffResponseDto> {
    return this.tariffs.create(dto);
  }

  /** Tariffs filtered by service, organisation, building and day in force, keyset-paginated. */
  @Roles(...RATE_READERS)
  @ApiOkResponse({ type: PageDto(TariffResponseDto) })
  @Get()
  list(@Query() q: ListRatesQuery): Promise<Page<TariffResponseDto>> {
    return this.tariffs.list(q);
  }

  @Roles(...RATE_READERS)
  @Get(':id')
  get(@Param() p: IdParam): Promise<TariffResponseDto> {
    return this.tariffs.get(p.id);
  }

  /** Set the last day of a tariff (close it when the price changes). */
  @Roles(...STAFF)
  @Patch(':id')
  setValidTo(@Param() p: IdParam, @Body() dto: SetValidToDto): Promise<TariffResponseDto> {
    return this.tariffs.setValidTo(p.id, dto);
  }
}

/** Consumption norms (нормативы), regional or per organisation or building. */
@ApiTags('norms')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/norms')
export class NormsController {
  constructor(private readonly norms: NormsService) {}

  /** Add a norm (409 NORM_OVERLAP if it overlaps one of the same service and scope). */
  @Roles(...STAFF)
  @Post()
  create(@Body() dto: CreateNormDto): Promise<NormResponseDto> {
    return this.norms.create(dto);
  }

  /** Norms filtered by service, organisation, building and day in force, keyset-paginated. */
  @Roles(...RATE_READERS)
  @ApiOkResponse({ type: PageDto(NormResponseDto) })
  @Get()
  list(@Query() q: ListRatesQuery): Promise<Page<NormResponseDto>> {
    return this.norms.list(q);
  }

  @Roles(...RATE_READERS)
  @Get(':id')
  get(@Param() p: IdParam): Promise<NormResponseDto> {
    return this.norms.get(p.id);
  }

  /** Set the last day of a norm. */
  @Roles(...STAFF)
  @Patch(':id')
  setValidTo(@Param() p: IdParam, @Body() dto: SetValidToDto): Promise<NormResponseDto> {
    return this.norms.setValidTo(p.id, dto);
  }
}
