import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { READERS, Role, Roles } from 'src/common/auth/roles';
import { IdParam } from 'src/common/http/id-param';
import { ChargeRulesService } from './charge-rules.service';
import {
  BuildingBillingSettingsDto,
  CoefficientDto,
  CreateCoefficientDto,
  CreateImpossibilityActDto,
  CreateSubstitutionRuleDto,
  CreateHeatingSeasonDto,
  HeatingSeasonDto,
  ImpossibilityActDto,
  PutBuildingBillingSettingsDto,
  SubstitutionRuleDto,
} from './dto/charge-rules.dto';

/** Decree 354 rules kept as data and editable: coefficients, substitution, impossibility acts, building settings. */
@ApiTags('charge-rules')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1')
export class ChargeRulesController {
  constructor(private readonly rules: ChargeRulesService) {}

  @Roles(...READERS)
  @Get('increasing-coefficients')
  coefficients(): Promise<CoefficientDto[]> {
    return this.rules.coefficients();
  }

  /** Add a coefficient row; overlapping validity for the same service and case is refused (409). */
  @Roles(Role.Supervisor)
  @Post('increasing-coefficients')
  addCoefficient(@Body() dto: CreateCoefficientDto): Promise<CoefficientDto> {
    return this.rules.addCoefficient(dto);
  }

  @Roles(...READERS)
  @Get('substitution-rules')
  substitutionRules(): Promise<SubstitutionRuleDto[]> {
    return this.rules.substitutionRules();
  }

  @Roles(Role.Supervisor)
  @Post('substitution-rules')
  addSubstitutionRule(@Body() dto: CreateSubstitutionRuleDto): Promise<SubstitutionRuleDto> {
    return this.rules.addSubstitutionRule(dto);
  }

  @Roles(...READERS)
  @Get('metering-impossibility-acts')
  acts(): Promise<ImpossibilityActDto[]> {
    return this.rules.acts();
  }

  /** Record an act of technical impossibility of metering: no increasing coefficient for that premises and service. */
  @Roles(Role.Supervisor, Role.Specialist)
  @Post('metering-impossibility-acts')
  addAct(@Body() dto: CreateImpossibilityActDto): Promise<ImpossibilityActDto> {
    return this.rules.addAct(dto);
  }

  @Roles(...READERS)
  @Get('heating-seasons')
  heatingSeasons(): Promise<HeatingSeasonDto[]> {
    return this.rules.heatingSeasons();
  }

  /** Add a heating season set by local decision; overlapping seasons are refused (409). */
  @Roles(Role.Supervisor)
  @Post('heating-seasons')
  addHeatingSeason(@Body() dto: CreateHeatingSeasonDto): Promise<HeatingSeasonDto> {
    return this.rules.addHeatingSeason(dto);
  }

  @Roles(...READERS)
  @Get('buildings/:id/billing-settings')
  settings(@Param() p: IdParam): Promise<BuildingBillingSettingsDto> {
    return this.rules.settings(p.id);
  }

  /** Common area and the common-property cap decision of a building. */
  @Roles(Role.Supervisor, Role.Specialist)
  @Put('buildings/:id/billing-settings')
  putSettings(
    @Param() p: IdParam,
    @Body() dto: PutBuildingBillingSettingsDto,
  ): Promise<BuildingBillingSettingsDto> {
    return this.rules.putSettings(p.id, dto);
  }
}
