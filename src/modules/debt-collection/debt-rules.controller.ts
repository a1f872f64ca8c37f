import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from 'src/common/auth/principal.decorator';
import { Principal, READERS, Role, Roles } from 'src/common/auth/roles';
import { DebtRulesService } from './debt-rules.service';
import {
  CloseRuleDto,
  CreateCriterionDto,
  CreateFeeBracketDto,
  CreateNeverRestrictableDto,
  CreateParametersDto,
  CriterionResponseDto,
  FeeBracketResponseDto,
  NeverRestrictableResponseDto,
  ParametersResponseDto,
  RuleTableParam,
} from './dto/debt-rules.dto';

/** Debt-collection rules as data: read by staff and auditors, added and closed by a supervisor; audited. */
@ApiTags('debt-collection-rules')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/debt-rules')
export class DebtRulesController {
  constructor(private readonly rules: DebtRulesService) {}

  /** Parameters (notice days, norm months, limitation, due day, court-order limit) by validity. */
  @Roles(...READERS)
  @ApiOkResponse({ type: [ParametersResponseDto] })
  @Get('parameters')
  parameters(): Promise<unknown[]> {
    return this.rules.list('parameters');
  }

  /** Add parameters for a new validity interval (409 DEBT_RULE_OVERLAP when it overlaps). */
  @Roles(Role.Supervisor)
  @ApiCreatedResponse({ type: ParametersResponseDto })
  @Post('parameters')
  createParameters(
    @Body() dto: CreateParametersDto,
    @CurrentPrincipal() by: Principal,
  ): Promise<ParametersResponseDto> {
    return this.rules.createParameters(dto, by);
  }

  /** Debtor selection criteria (sets of rows). */
  @Roles(...READERS)
  @ApiOkResponse({ type: [CriterionResponseDto] })
  @Get('criteria')
  criteria(): Promise<unknown[]> {
    return this.rules.list('criteria');
  }

  /** Add a selection criterion. */
  @Roles(Role.Supervisor)
  @ApiCreatedResponse({ type: CriterionResponseDto })
  @Post('criteria')
  createCriterion(
    @Body() dto: CreateCriterionDto,
    @CurrentPrincipal() by: Principal,
  ): Promise<CriterionResponseDto> {
    return this.rules.createCriterion(dto, by);
  }

  /** Services never restrictable (heating in season, cold water in apartment blocks). */
  @Roles(...READERS)
  @ApiOkResponse({ type: [NeverRestrictableResponseDto] })
  @Get('never-restrictable')
  neverRestrictable(): Promise<unknown[]> {
    return this.rules.list('never-restrictable');
  }

  /** Add a never-restrictable rule. */
  @Roles(Role.Supervisor)
  @ApiCreatedResponse({ type: NeverRestrictableResponseDto })
  @Post('never-restrictable')
  createNeverRestrictable(
    @Body() dto: CreateNeverRestrictableDto,
    @CurrentPrincipal() by: Principal,
  ): Promise<NeverRestrictableResponseDto> {
    return this.rules.createNeverRestrictable(dto, by);
  }

  /** Court fee brackets of both scales, by validity. */
  @Roles(...READERS)
  @ApiOkResponse({ type: [FeeBracketResponseDto] })
  @Get('fee-brackets')
  feeBrackets(): Promise<unknown[]> {
    return this.rules.list('fee-brackets');
  }

  /** Add a court fee bracket (409 DEBT_RULE_OVERLAP when it overlaps one in force). */
  @Roles(Role.Supervisor)
  @ApiCreatedResponse({ type: FeeBracketResponseDto })
  @Post('fee-brackets')
  createFeeBracket(
    @Body() dto: CreateFeeBracketDto,
    @CurrentPrincipal() by: Principal,
  ): Promise<FeeBracketResponseDto> {
    return this.rules.createFeeBracket(dto, by);
  }

  /** Close a rule row: set its last day in force. */
  @Roles(Role.Supervisor)
  @ApiOkResponse({
    description: "The closed row, shaped as the table's response DTO.",
    schema: { type: 'object' },
  })
  @Patch(':table/:id')
  close(
    @Param() p: RuleTableParam,
    @Body() dto: CloseRuleDto,
    @CurrentPrincipal() by: Principal,
  ): Promise<unknown> {
    return this.rules.close(p.table, p.id, dto, by);
  }
}
