import { Body, Controller, Get, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from 'src/common/auth/principal.decorator';
import { Principal, READERS, Roles, STAFF } from 'src/common/auth/roles';
import { IdParam } from 'src/common/http/id-param';
import { Page, PageDto } from 'src/common/http/pagination';
import { AppealsService } from './appeals.service';
import { CorrespondenceService } from './correspondence.service';
import {
  AnswerAppealDto,
  AppealDetailResponseDto,
  AppealQuery,
  AppealResponseDto,
  AppealStepDto,
  AssignAppealDto,
  CreateAppealDto,
  ExtendAppealDto,
  LinkAppealDto,
  OverdueQuery,
} from './dto/appeal.dto';
import { CorrespondenceQuery, LetterResponseDto } from './dto/correspondence.dto';
import { CreateVisitDto, VisitQuery, VisitResponseDto } from './dto/reception.dto';
import { ReceptionService } from './reception.service';

/**
 * Citizens' appeals: registered and worked by staff; read by auditors with the citizen's data
 * masked; the settlement centre has no access.
 */
@ApiTags('appeals')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/appeals')
export class AppealsController {
  constructor(private readonly appeals: AppealsService) {}

  /** Register an appeal; the deadline comes from the rules table and the production calendar (422 APPEAL_DEADLINE_RULE_MISSING). */
  @Roles(...STAFF)
  @Post()
  register(
    @Body() dto: CreateAppealDto,
    @CurrentPrincipal() by: Principal,
  ): Promise<AppealDetailResponseDto> {
    return this.appeals.register(dto, by);
  }

  /** Appeals by status, category, account or citizen, in id order. */
  @Roles(...READERS)
  @Get()
  @ApiOkResponse({ type: PageDto(AppealResponseDto) })
  list(@Query() q: AppealQuery, @CurrentPrincipal() by: Principal): Promise<Page<AppealResponseDto>> {
    return this.appeals.list(q, by);
  }

  /** Unanswered appeals past their deadline on asOf (default today). */
  @Roles(...READERS)
  @Get('overdue')
  @ApiOkResponse({ type: [AppealResponseDto] })
  overdue(@Query() q: OverdueQuery, @CurrentPrincipal() by: Principal): Promise<AppealResponseDto[]> {
    return this.appeals.overdue(q.asOf, by);
  }

  /** One appeal with its workflow steps. */
  @Roles(...READERS)
  @Get(':id')
  get(@Param() p: IdParam, @CurrentPrincipal() by: Principal): Promise<AppealDetailResponseDto> {
    return this.appeals.get(p.id, by);
  }

  /** registered/assigned → assigned (409 APPEAL_TRANSITION_INVALID). */
  @Roles(...STAFF)
  @Post(':id/assign')
  @HttpCode(200)
  assign(
    @Param() p: IdParam,
    @Body() dto: AssignAppealDto,
    @CurrentPrincipal() by: Principal,
  ): Promise<AppealDetailResponseDto> {
    return this.appeals.assign(p.id, dto, by);
  }

  /** assigned → answered: the answer letter is rendered from the template and registered with an outgoing number. */
  @Roles(...STAFF)
  @Post(':id/answer')
  @HttpCode(200)
  answer(
    @Param() p: IdParam,
    @Body() dto: AnswerAppealDto,
    @CurrentPrincipal() by: Principal,
  ): Promise<AppealDetailResponseDto> {
    return this.appeals.answer(p.id, dto, by);
  }

  /** answered → closed. */
  @Roles(...STAFF)
  @Post(':id/close')
  @HttpCode(200)
  close(
    @Param() p: IdParam,
    @Body() dto: AppealStepDto,
    @CurrentPrincipal() by: Principal,
  ): Promise<AppealDetailResponseDto> {
    return this.appeals.close(p.id, dto, by);
  }

  /** Extend the deadline once with a reasoned notice (personal-data requests: +5 working days). */
  @Roles(...STAFF)
  @Post(':id/extend')
  @HttpCode(200)
  extend(
    @Param() p: IdParam,
    @Body() dto: ExtendAppealDto,
    @CurrentPrincipal() by: Principal,
  ): Promise<AppealDetailResponseDto> {
    return this.appeals.extend(p.id, dto, by);
  }

  /** Link the recalculation or meter reading the appeal caused. */
  @Roles(...STAFF)
  @Post(':id/links')
  @HttpCode(200)
  link(
    @Param() p: IdParam,
    @Body() dto: LinkAppealDto,
    @CurrentPrincipal() by: Principal,
  ): Promise<AppealDetailResponseDto> {
    return this.appeals.link(p.id, dto, by);
  }
}

/** The correspondence register: incoming and outgoing letters, searchable by account and citizen. */
@ApiTags('appeals')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/correspondence')
export class CorrespondenceController {
  constructor(private readonly letters: CorrespondenceService) {}

  /** Letters by direction, account, appeal or citizen (name contains), newest first. */
  @Roles(...STAFF)
  @Get()
  @ApiOkResponse({ type: [LetterResponseDto] })
  list(@Query() q: CorrespondenceQuery): Promise<LetterResponseDto[]> {
    return this.letters.list(q);
  }

  /** The printed letter (PDF); audited as an export of personal data. */
  @Roles(...STAFF)
  @Get(':id/pdf')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async pdf(@Param() p: IdParam, @CurrentPrincipal() by: Principal): Promise<StreamableFile> {
    const { pdf } = await this.letters.pdf(p.id, by);
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      disposition: `attachment; filename="letter-${p.id}.pdf"`,
    });
  }
}

/** The reception log (приём граждан). */
@ApiTags('appeals')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/reception-visits')
export class ReceptionController {
  constructor(private readonly reception: ReceptionService) {}

  /** Record a visit. */
  @Roles(...STAFF)
  @Post()
  create(@Body() dto: CreateVisitDto, @CurrentPrincipal() by: Principal): Promise<VisitResponseDto> {
    return this.reception.create(dto, by);
  }

  /** Visits in a date range (names masked for auditors). */
  @Roles(...READERS)
  @Get()
  @ApiOkResponse({ type: [VisitResponseDto] })
  list(@Query() q: VisitQuery, @CurrentPrincipal() by: Principal): Promise<VisitResponseDto[]> {
    return this.reception.list(q, by);
  }
}
