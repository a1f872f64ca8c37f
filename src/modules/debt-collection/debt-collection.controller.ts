import { Body, Controller, Get, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiProduces,
  ApiSecurity,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { Response } from 'express';
import { CurrentPrincipal } from 'src/common/auth/principal.decorator';
import { Principal, Role, Roles, STAFF } from 'src/common/auth/roles';
import { IdParam } from 'src/common/http/id-param';
import { CourtPackageService } from './court-package.service';
import { DebtCollectionService } from './debt-collection.service';
import {
  CaseResponseDto,
  CourtPackageQuery,
  CourtPackageResponseDto,
  CreateCaseDto,
  CreateSelectionDto,
  NoticeDeliveryDto,
  SelectionResponseDto,
  TransitionDto,
} from './dto/debt-collection.dto';

/*
 * Debt collection works with debtors' personal data (names, addresses, debts — 152-ФЗ): staff
 * (supervisor, specialist) only; auditors read the audit log instead. Exports are audited.
 */
@ApiTags('debt-collection')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1')
export class DebtCollectionController {
  constructor(
    private readonly service: DebtCollectionService,
    private readonly court: CourtPackageService,
  ) {}

  /** Select debtors by a criteria set as of a day (one set-based statement); stored with per-account figures. */
  @Roles(...STAFF)
  @ApiCreatedResponse({ type: SelectionResponseDto })
  @Post('debt-selections')
  createSelection(
    @Body() dto: CreateSelectionDto,
    @CurrentPrincipal() by: Principal,
  ): Promise<SelectionResponseDto> {
    return this.service.createSelection(dto, by);
  }

  /** A stored selection with its accounts. */
  @Roles(...STAFF)
  @ApiOkResponse({ type: SelectionResponseDto })
  @Get('debt-selections/:id')
  selection(@Param() p: IdParam): Promise<SelectionResponseDto> {
    return this.service.selection(p.id);
  }

  /** Open a debt case for an account (status notice); 409 DEBT_CASE_ALREADY_OPEN if one is open. */
  @Roles(...STAFF)
  @ApiCreatedResponse({ type: CaseResponseDto })
  @Post('debt-cases')
  open(@Body() dto: CreateCaseDto, @CurrentPrincipal() by: Principal): Promise<CaseResponseDto> {
    return this.service.openCase(dto, by);
  }

  /** A case with its transitions. */
  @Roles(...STAFF)
  @ApiOkResponse({ type: CaseResponseDto })
  @Get('debt-cases/:id')
  get(@Param() p: IdParam): Promise<CaseResponseDto> {
    return this.service.getCase(p.id);
  }

  /** Record the notice's delivery (channel, date); the earliest restriction date = delivery + 20 days. */
  @Roles(...STAFF)
  @ApiCreatedResponse({ type: CaseResponseDto })
  @Post('debt-cases/:id/notice-delivery')
  delivery(
    @Param() p: IdParam,
    @Body() dto: NoticeDeliveryDto,
    @CurrentPrincipal() by: Principal,
  ): Promise<CaseResponseDto> {
    return this.service.recordDelivery(p.id, dto, by);
  }

  /** Move the case (dated, reasoned, audited); 409 DEBT_CASE_TRANSITION_INVALID for a move the lifecycle forbids. */
  @Roles(...STAFF)
  @ApiCreatedResponse({ type: CaseResponseDto })
  @Post('debt-cases/:id/transitions')
  transition(
    @Param() p: IdParam,
    @Body() dto: TransitionDto,
    @CurrentPrincipal() by: Principal,
  ): Promise<CaseResponseDto> {
    return this.service.transition(p.id, dto, by);
  }

  /** The notice (уведомление о задолженности) as a PDF; audited. */
  @Roles(Role.Supervisor, Role.Specialist)
  @ApiProduces('application/pdf')
  @ApiOkResponse({ content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  @Get('debt-cases/:id/notice')
  async notice(
    @Param() p: IdParam,
    @CurrentPrincipal() by: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const pdf = await this.service.noticePdf(p.id, by);
    res.attachment(`debt-notice-${p.id}.pdf`).type('application/pdf');
    return new StreamableFile(pdf);
  }

  /** The court-order package (JSON or PDF) on a filing date; 422 DEBT_CLAIM_EXCEEDS_COURT_ORDER_LIMIT; audited. */
  @Roles(...STAFF)
  @ApiExtraModels(CourtPackageResponseDto)
  @ApiProduces('application/json', 'application/pdf')
  @ApiOkResponse({
    content: {
      'application/json': { schema: { $ref: getSchemaPath(CourtPackageResponseDto) } },
      'application/pdf': { schema: { type: 'string', format: 'binary' } },
    },
  })
  @Get('debt-cases/:id/court-package')
  async courtPackage(
    @Param() p: IdParam,
    @Query() q: CourtPackageQuery,
    @CurrentPrincipal() by: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CourtPackageResponseDto | StreamableFile> {
    const format = q.format ?? 'json';
    const pkg = await this.court.package(p.id, q.filedOn, format, by);
    if (format === 'json') return pkg;
    res.attachment(`court-package-${p.id}-${q.filedOn}.pdf`).type('application/pdf');
    return new StreamableFile(await this.court.pdf(pkg));
  }
}
