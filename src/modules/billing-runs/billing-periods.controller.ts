import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from 'src/common/auth/principal.decorator';
import { Principal, READERS, Role, Roles } from 'src/common/auth/roles';
import { BillingPeriodsService } from './billing-periods.service';
import { BillingPeriodDto, ClosePeriodDto, PeriodParam, PeriodsQuery } from './dto/billing-period.dto';

@ApiTags('billing-periods')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/billing-periods')
export class BillingPeriodsController {
  constructor(private readonly periods: BillingPeriodsService) {}

  /** Periods with their status and latest run (default: the last twelve months). */
  @Roles(...READERS)
  @Get()
  list(@Query() q: PeriodsQuery): Promise<BillingPeriodDto[]> {
    return this.periods.list(q.from, q.to);
  }

  /** Close a period (supervisor): needs a completed full run; afterwards nothing writes into it. */
  @Roles(Role.Supervisor)
  @Post(':period/close')
  @HttpCode(200)
  close(
    @Param() p: PeriodParam,
    @Body() _dto: ClosePeriodDto,
    @CurrentPrincipal() by: Principal,
  ): Promise<BillingPeriodDto> {
    return this.periods.close(p.period, by);
  }
}
