import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from 'src/common/auth/principal.decorator';
import { Principal, READERS, Role, Roles, STAFF } from 'src/common/auth/roles';
import { IdParam } from 'src/common/http/id-param';
import { CreateRetroactiveJobDto, RetroactiveJobDto } from './dto/retroactive-job.dto';
import { RetroactiveJobsService } from './retroactive-jobs.service';

/** Retroactive tariff or norm changes over several buildings, as a queued job with progress. */
@ApiTags('recalculations')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/recalculations/retroactive-jobs')
export class RetroactiveJobsController {
  constructor(private readonly jobs: RetroactiveJobsService) {}

  /** Queue the recomputation of the buildings' periods; the same revision again returns the same job. */
  @Roles(...STAFF)
  @Post()
  @HttpCode(202)
  start(@Body() dto: CreateRetroactiveJobDto, @CurrentPrincipal() by: Principal): Promise<RetroactiveJobDto> {
    return this.jobs.start(dto, by);
  }

  /** The job with its progress and per-building outcome. */
  @Roles(...READERS, Role.SettlementCentre)
  @Get(':id')
  get(@Param() p: IdParam): Promise<RetroactiveJobDto> {
    return this.jobs.get(p.id);
  }
}
