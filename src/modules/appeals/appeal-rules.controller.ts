import { Body, Controller, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { READERS, Role, Roles } from 'src/common/auth/roles';
import { IdParam } from 'src/common/http/id-param';
import { ApiJsonOrCsv } from 'src/common/http/json-or-csv';
import { AppealRulesService } from './appeal-rules.service';
import {
  CloseRowDto,
  CreateDeadlineRuleDto,
  CreateLetterTemplateDto,
  DeadlineRuleDto,
  LetterTemplateDto,
} from './dto/appeal-rules.dto';
import { AppealsReportService } from './appeals-report.service';
import { AppealsReportQuery, AppealsReportResponseDto } from './dto/appeals-report.dto';

/** Deadline rules and letter templates as data: read by staff and auditors, changed by supervisors. */
@ApiTags('appeals')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/appeal-rules')
export class AppealRulesController {
  constructor(private readonly rules: AppealRulesService) {}

  /** Deadline rules (RULES.md §8). */
  @Roles(...READERS)
  @Get('deadlines')
  @ApiOkResponse({ type: [DeadlineRuleDto] })
  deadlines(): Promise<DeadlineRuleDto[]> {
    return this.rules.listRules();
  }

  /** A new deadline rule (409 APPEAL_DEADLINE_RULE_OVERLAP). */
  @Roles(Role.Supervisor)
  @Post('deadlines')
  addDeadline(@Body() dto: CreateDeadlineRuleDto): Promise<DeadlineRuleDto> {
    return this.rules.addRule(dto);
  }

  /** End a deadline rule on a day. */
  @Roles(Role.Supervisor)
  @Patch('deadlines/:id')
  closeDeadline(@Param() p: IdParam, @Body() dto: CloseRowDto): Promise<DeadlineRuleDto> {
    return this.rules.close('appeal_deadline_rules', p.id, dto.validTo);
  }

  /** Answer-letter templates. */
  @Roles(...READERS)
  @Get('templates')
  @ApiOkResponse({ type: [LetterTemplateDto] })
  templates(): Promise<LetterTemplateDto[]> {
    return this.rules.listTemplates();
  }

  /** A new template version (409 LETTER_TEMPLATE_OVERLAP; 422 LETTER_TEMPLATE_UNKNOWN_FIELD). */
  @Roles(Role.Supervisor)
  @Post('templates')
  addTemplate(@Body() dto: CreateLetterTemplateDto): Promise<LetterTemplateDto> {
    return this.rules.addTemplate(dto);
  }

  /** End a template version on a day. */
  @Roles(Role.Supervisor)
  @Patch('templates/:id')
  closeTemplate(@Param() p: IdParam, @Body() dto: CloseRowDto): Promise<LetterTemplateDto> {
    return this.rules.close('letter_templates', p.id, dto.validTo);
  }
}

/** Report for the head of the service: appeals by category with the on-time share. */
@ApiTags('reports')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/reports')
export class AppealsReportController {
  constructor(private readonly reports: AppealsReportService) {}

  /** Appeals registered in [from, to] by category: count, answered, on time, overdue, on-time share; JSON or CSV. */
  @Roles(...READERS)
  @Get('appeals')
  @ApiJsonOrCsv(AppealsReportResponseDto)
  async appeals(
    @Query() q: AppealsReportQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AppealsReportResponseDto | string> {
    const r = await this.reports.report(q);
    if (q.format !== 'csv') return r;
    res.attachment(`appeals-${q.from}-${q.to}.csv`).type('text/csv; charset=utf-8');
    return this.reports.toCsv(r);
  }
}
