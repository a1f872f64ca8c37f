import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from 'src/common/auth/principal.decorator';
import { Principal, Role, Roles, STAFF } from 'src/common/auth/roles';
import { IdParam } from 'src/common/http/id-param';
import { Page, PageDto } from 'src/common/http/pagination';
import {
  MeterResponseDto,
  RegisteredMeterResponseDto,
  ReplaceMeterResponseDto,
  VerificationDueResponseDto,
} from './dto/meter-response.dto';
import {
  CreateMeterDto,
  DecommissionMeterDto,
  MetersQuery,
  ReplaceMeterDto,
  UpdateVerificationDto,
  VerificationDueQuery,
} from './dto/meters.dto';
import { MetersService } from './meters.service';

/** Who may read meters. */
const METER_READERS = [Role.Supervisor, Role.Specialist, Role.Auditor, Role.SettlementCentre];

/** Meters: writes by staff (supervisor, specialist); reads also by auditors and the settlement centre. */
@ApiTags('meters')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/meters')
export class MetersController {
  constructor(private readonly meters: MetersService) {}

  /** Register an individual (premises) or common-building meter with its initial readings. */
  @Roles(...STAFF)
  @Post()
  register(
    @Body() dto: CreateMeterDto,
    @CurrentPrincipal() by: Principal,
  ): Promise<RegisteredMeterResponseDto> {
    return this.meters.register(dto, by.name);
  }

  /** Meters by premises, building, service or status; keyset pages by id. */
  @Roles(...METER_READERS)
  @ApiOkResponse({ type: PageDto(MeterResponseDto) })
  @Get()
  list(@Query() q: MetersQuery): Promise<Page<MeterResponseDto>> {
    return this.meters.list(q);
  }

  /** Active meters whose verification runs out within `withinDays` (overdue ones included), earliest first. */
  @Roles(...METER_READERS)
  @Get('verification-due')
  verificationDue(@Query() q: VerificationDueQuery): Promise<VerificationDueResponseDto> {
    return this.meters.verificationDue(q);
  }

  @Roles(...METER_READERS)
  @Get(':id')
  get(@Param() p: IdParam): Promise<MeterResponseDto> {
    return this.meters.get(p.id);
  }

  /** Replace a meter: closing readings, decommissioning and the new meter with its initial readings, at once. */
  @Roles(...STAFF)
  @Post(':id/replace')
  replace(
    @Param() p: IdParam,
    @Body() dto: ReplaceMeterDto,
    @CurrentPrincipal() by: Principal,
  ): Promise<ReplaceMeterResponseDto> {
    return this.meters.replace(p.id, dto, by.name);
  }

  /** Take a meter out of service on a day (not before its last reading). */
  @Roles(...STAFF)
  @Post(':id/decommission')
  @HttpCode(200)
  decommission(@Param() p: IdParam, @Body() dto: DecommissionMeterDto): Promise<MeterResponseDto> {
    return this.meters.decommission(p.id, dto);
  }

  /** Record a new verification (and seal); recomputes nextVerificationOn. */
  @Roles(...STAFF)
  @Patch(':id/verification')
  updateVerification(@Param() p: IdParam, @Body() dto: UpdateVerificationDto): Promise<MeterResponseDto> {
    return this.meters.updateVerification(p.id, dto);
  }
}
