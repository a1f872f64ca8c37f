import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from 'src/common/auth/principal.decorator';
import { Principal, READERS, Role, Roles } from 'src/common/auth/roles';
import { IdParam } from 'src/common/http/id-param';
import { Page, PageDto } from 'src/common/http/pagination';
import {
  AccountRecalculationsQuery,
  RecalculationDto,
  RecalculationsQuery,
  RecalculationSummaryDto,
} from './dto/recalculation.dto';
import { DecideRecalculationDto, RejectRecalculationDto } from './dto/recalculation-requests.dto';
import { RecalculationPostingService } from './recalculation-posting.service';
import { RecalculationsService } from './recalculations.service';

const READ_ROLES = [...READERS, Role.SettlementCentre];

/** Recalculation documents: reads, and the checker's approval or rejection (maker-checker). */
@ApiTags('recalculations')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/recalculations')
export class RecalculationsController {
  constructor(
    private readonly reads: RecalculationsService,
    private readonly posting: RecalculationPostingService,
  ) {}

  /** Documents by account, posting period, corrected period, kind and status (keyset pages by id). */
  @Roles(...READ_ROLES)
  @Get()
  @ApiOkResponse({ type: PageDto(RecalculationSummaryDto) })
  list(@Query() q: RecalculationsQuery): Promise<Page<RecalculationSummaryDto>> {
    return this.reads.list(q);
  }

  /** One document with its basis and delta lines. */
  @Roles(...READ_ROLES)
  @Get(':id')
  get(@Param() p: IdParam): Promise<RecalculationDto> {
    return this.reads.get(p.id);
  }

  /** Approve a document pending approval (a supervisor other than its maker); it posts at once. */
  @Roles(Role.Supervisor)
  @Post(':id/approve')
  @HttpCode(200)
  approve(
    @Param() p: IdParam,
    @Body() dto: DecideRecalculationDto,
    @CurrentPrincipal() by: Principal,
  ): Promise<RecalculationDto> {
    return this.posting.decide(p.id, 'approve', dto.reason ?? null, by);
  }

  /** Reject a document pending approval, with a reason; nothing posts. */
  @Roles(Role.Supervisor)
  @Post(':id/reject')
  @HttpCode(200)
  reject(
    @Param() p: IdParam,
    @Body() dto: RejectRecalculationDto,
    @CurrentPrincipal() by: Principal,
  ): Promise<RecalculationDto> {
    return this.posting.decide(p.id, 'reject', dto.reason, by);
  }
}

/** An account's recalculation documents. */
@ApiTags('recalculations')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/accounts')
export class AccountRecalculationsController {
  constructor(private readonly reads: RecalculationsService) {}

  /** The account's documents, optionally only those posted into a period. */
  @Roles(...READ_ROLES)
  @Get(':id/recalculations')
  @ApiOkResponse({ type: PageDto(RecalculationSummaryDto) })
  list(@Param() p: IdParam, @Query() q: AccountRecalculationsQuery): Promise<Page<RecalculationSummaryDto>> {
    return this.reads.listOfAccount(p.id, q);
  }
}
