import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from 'src/common/auth/principal.decorator';
import { Principal, READERS, Role, Roles, STAFF } from 'src/common/auth/roles';
import { AbsenceRecalculationService } from './absence-recalculation.service';
import { ControlCheckService } from './control-check.service';
import { QualityIncidentDto, QualityIncidentsQuery } from './dto/quality-incident.dto';
import { RecalculationDto } from './dto/recalculation.dto';
import {
  CreateAbsenceRecalculationDto,
  CreateControlCheckDto,
  CreateManualRecalculationDto,
  CreateQualityIncidentDto,
  CreateQualityRecalculationDto,
  CreateRetroactiveRecalculationDto,
} from './dto/recalculation-requests.dto';
import { ManualRecalculationService } from './manual-recalculation.service';
import { QualityIncidentsService } from './quality-incidents.service';
import { QualityRecalculationService } from './quality-recalculation.service';
import { RetroactiveRecalculationService } from './retroactive-recalculation.service';

/** Making recalculation documents of each kind (supervisor and specialist). */
@ApiTags('recalculations')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/recalculations')
export class RecalculationKindsController {
  constructor(
    private readonly manual: ManualRecalculationService,
    private readonly absence: AbsenceRecalculationService,
    private readonly quality: QualityRecalculationService,
    private readonly checks: ControlCheckService,
    private readonly retroactive: RetroactiveRecalculationService,
  ) {}

  /** Manual correction with a reason; above the threshold it waits for a second supervisor's approval. */
  @Roles(...STAFF)
  @Post('manual')
  manualCorrection(
    @Body() dto: CreateManualRecalculationDto,
    @CurrentPrincipal() by: Principal,
  ): Promise<RecalculationDto> {
    return this.manual.create(dto, by);
  }

  /** Temporary absence (section VIII): more than 5 full days, norm-billed services, pro rata. */
  @Roles(...STAFF)
  @Post('absence')
  temporaryAbsence(
    @Body() dto: CreateAbsenceRecalculationDto,
    @CurrentPrincipal() by: Principal,
  ): Promise<RecalculationDto> {
    return this.absence.create(dto, by);
  }

  /** Quality and interruptions of a period (section IX, Annex 1): one document per affected account. */
  @Roles(...STAFF)
  @Post('quality')
  serviceQuality(
    @Body() dto: CreateQualityRecalculationDto,
    @CurrentPrincipal() by: Principal,
  ): Promise<RecalculationDto[]> {
    return this.quality.create(dto, by);
  }

  /** Control check of a meter (para 61; tampering para 81(11) when the seal is broken). */
  @Roles(...STAFF)
  @Post('control-check')
  controlCheck(
    @Body() dto: CreateControlCheckDto,
    @CurrentPrincipal() by: Principal,
  ): Promise<RecalculationDto> {
    return this.checks.create(dto, by);
  }

  /** Retroactive tariff or norm change: past periods of a building recomputed, differences posted. */
  @Roles(...STAFF)
  @Post('retroactive')
  retroactiveChange(
    @Body() dto: CreateRetroactiveRecalculationDto,
    @CurrentPrincipal() by: Principal,
  ): Promise<RecalculationDto[]> {
    return this.retroactive.create(dto, by);
  }
}

/** Service quality incidents registered from the emergency dispatch service's requests. */
@ApiTags('recalculations')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/quality-incidents')
export class QualityIncidentsController {
  constructor(private readonly incidents: QualityIncidentsService) {}

  /** Register an incident for a building or a premises. */
  @Roles(...STAFF)
  @Post()
  register(
    @Body() dto: CreateQualityIncidentDto,
    @CurrentPrincipal() by: Principal,
  ): Promise<QualityIncidentDto> {
    return this.incidents.register(dto, by);
  }

  /** A building's incidents, optionally of one period. */
  @Roles(...READERS, Role.SettlementCentre)
  @Get()
  list(@Query() q: QualityIncidentsQuery): Promise<QualityIncidentDto[]> {
    return this.incidents.list(q);
  }
}
