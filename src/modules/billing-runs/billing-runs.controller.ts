import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from 'src/common/auth/principal.decorator';
import { Principal, READERS, Role, Roles } from 'src/common/auth/roles';
import { IdParam } from 'src/common/http/id-param';
import { Page, PageDto } from 'src/common/http/pagination';
import { BillingRunsService } from './billing-runs.service';
import { PreviewReportDto, PreviewReportQuery } from './dto/preview-report.dto';
import { PreviewReportService } from './preview-report.service';
import {
  BillingRunIssueDto,
  BillingRunResponseDto,
  CreateBillingRunDto,
  ListBillingRunsQuery,
} from './dto/billing-run.dto';

@ApiTags('billing-runs')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/billing-runs')
export class BillingRunsController {
  constructor(
    private readonly runs: BillingRunsService,
    private readonly preview: PreviewReportService,
  ) {}

  /** Queue a billing run for a period (202). A second run while one is active gets 409 BILLING_RUN_ACTIVE. */
  @Roles(Role.Supervisor, Role.Specialist)
  @Post()
  @HttpCode(202)
  create(
    @Body() dto: CreateBillingRunDto,
    @CurrentPrincipal() by: Principal,
  ): Promise<BillingRunResponseDto> {
    return this.runs.create(dto, by);
  }

  @Roles(...READERS)
  @ApiOkResponse({ type: PageDto(BillingRunResponseDto) })
  @Get()
  list(@Query() q: ListBillingRunsQuery): Promise<Page<BillingRunResponseDto>> {
    return this.runs.list(q.period, q.limit ?? 50, q.after);
  }

  /** Status, progress (buildings done / total), counts and totals by service. */
  @Roles(...READERS)
  @Get(':id')
  get(@Param() p: IdParam): Promise<BillingRunResponseDto> {
    return this.runs.get(p.id);
  }

  /** A preview run against the previous period: totals per building and service, accounts that jumped or vanished. */
  @Roles(...READERS)
  @Get(':id/preview-report')
  previewReport(@Param() p: IdParam, @Query() q: PreviewReportQuery): Promise<PreviewReportDto> {
    return this.preview.report(p.id, q.threshold);
  }

  /** Account-services the run set aside, with the reason. */
  @Roles(...READERS)
  @Get(':id/issues')
  issues(@Param() p: IdParam): Promise<BillingRunIssueDto[]> {
    return this.runs.issues(p.id);
  }
}
