import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from 'src/common/auth/principal.decorator';
import { Principal, READERS, Role, Roles } from 'src/common/auth/roles';
import {
  ListPenaltyRunsQuery,
  PenaltyRunDateParam,
  PenaltyRunPageDto,
  PenaltyRunResponseDto,
  StartPenaltyRunDto,
} from './dto/penalty-run.dto';
import { PenaltyChargesService } from '../charges/penalty-charges.service';
import { PenaltyRunsService } from './penalty-runs.service';

/** The nightly penalty accrual: runs per calculation date and their progress. */
@ApiTags('penalties')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/penalty-runs')
export class PenaltyRunsController {
  constructor(
    private readonly runs: PenaltyRunsService,
    private readonly charges: PenaltyChargesService,
  ) {}

  /** Runs newest first, with progress. */
  @Roles(...READERS)
  @Get()
  list(@Query() q: ListPenaltyRunsQuery): Promise<PenaltyRunPageDto> {
    return this.runs.list(q.limit ?? 50, q.before ?? null);
  }

  /** One run: progress, and the chunks not done with their errors. */
  @Roles(...READERS)
  @Get(':date')
  get(@Param() p: PenaltyRunDateParam): Promise<PenaltyRunResponseDto> {
    return this.runs.get(p.date);
  }

  /**
   * Start the accrual for a date by hand (202); the same date again resumes it and changes nothing
   * done. 422 PENALTY_RUN_DATE_IN_FUTURE, 409 PENALTY_RUN_OUT_OF_ORDER before the latest run.
   */
  @Roles(Role.Supervisor)
  @HttpCode(202)
  @Post()
  async start(
    @Body() dto: StartPenaltyRunDto,
    @CurrentPrincipal() by: Principal,
  ): Promise<PenaltyRunResponseDto> {
    const run = await this.runs.start(dto.asOf, by.name);
    // A day without debtors completes at once: post the closed periods waiting for it.
    if (run.status === 'completed') await this.charges.postWaitingQuietly(by.name);
    return run;
  }
}
