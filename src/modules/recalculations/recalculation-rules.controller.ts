import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { READERS, Role, Roles } from 'src/common/auth/roles';
import { IdParam } from 'src/common/http/id-param';
import {
  AbsenceRuleDto,
  CloseRuleDto,
  CreateAbsenceRuleDto,
  CreateQualityRuleDto,
  CreateManualApprovalRuleDto,
  CreateTamperingRuleDto,
  ManualApprovalRuleDto,
  QualityRuleDto,
  TamperingRuleDto,
} from './dto/recalculation-rules.dto';
import { RecalculationRulesService } from './recalculation-rules.service';

/** Recalculation rules kept as data with validity dates: read by staff and auditors, changed by supervisors. */
@ApiTags('recalculation-rules')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/recalculation-rules')
export class RecalculationRulesController {
  constructor(private readonly rules: RecalculationRulesService) {}

  /** Annex 1: permitted interruptions and the reduction per hour of excess. */
  @Roles(...READERS)
  @Get('quality')
  quality(): Promise<QualityRuleDto[]> {
    return this.rules.list('quality_rules');
  }

  @Roles(Role.Supervisor)
  @Post('quality')
  addQuality(@Body() dto: CreateQualityRuleDto): Promise<QualityRuleDto> {
    return this.rules.addQuality(dto);
  }

  @Roles(Role.Supervisor)
  @Patch('quality/:id')
  closeQuality(@Param() p: IdParam, @Body() dto: CloseRuleDto): Promise<QualityRuleDto> {
    return this.rules.close('quality_rules', p.id, dto.validTo);
  }

  /** Section VIII: temporary absence. */
  @Roles(...READERS)
  @Get('absence')
  absence(): Promise<AbsenceRuleDto[]> {
    return this.rules.list('absence_rules');
  }

  @Roles(Role.Supervisor)
  @Post('absence')
  addAbsence(@Body() dto: CreateAbsenceRuleDto): Promise<AbsenceRuleDto> {
    return this.rules.addAbsence(dto);
  }

  @Roles(Role.Supervisor)
  @Patch('absence/:id')
  closeAbsence(@Param() p: IdParam, @Body() dto: CloseRuleDto): Promise<AbsenceRuleDto> {
    return this.rules.close('absence_rules', p.id, dto.validTo);
  }

  /** Para 81(11): tampering. */
  @Roles(...READERS)
  @Get('tampering')
  tampering(): Promise<TamperingRuleDto[]> {
    return this.rules.list('tampering_rules');
  }

  @Roles(Role.Supervisor)
  @Post('tampering')
  addTampering(@Body() dto: CreateTamperingRuleDto): Promise<TamperingRuleDto> {
    return this.rules.addTampering(dto);
  }

  @Roles(Role.Supervisor)
  @Patch('tampering/:id')
  closeTampering(@Param() p: IdParam, @Body() dto: CloseRuleDto): Promise<TamperingRuleDto> {
    return this.rules.close('tampering_rules', p.id, dto.validTo);
  }

  /** Maker-checker: the amount above which a manual correction waits for a second user's approval. */
  @Roles(...READERS)
  @Get('manual-approval')
  manualApproval(): Promise<ManualApprovalRuleDto[]> {
    return this.rules.list('manual_approval_rules');
  }

  @Roles(Role.Supervisor)
  @Post('manual-approval')
  addManualApproval(@Body() dto: CreateManualApprovalRuleDto): Promise<ManualApprovalRuleDto> {
    return this.rules.addManualApproval(dto);
  }

  @Roles(Role.Supervisor)
  @Patch('manual-approval/:id')
  closeManualApproval(@Param() p: IdParam, @Body() dto: CloseRuleDto): Promise<ManualApprovalRuleDto> {
    return this.rules.close('manual_approval_rules', p.id, dto.validTo);
  }
}
