import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { BillingInputsRepository } from 'src/modules/billing-runs/billing-inputs.repository';
import { AbsenceRecalculationService } from './absence-recalculation.service';
import { ChargeFactsRepository } from './charge-facts.repository';
import { ControlCheckService } from './control-check.service';
import { ControlChecksRepository } from './control-checks.repository';
import { ManualRecalculationService } from './manual-recalculation.service';
import { QualityIncidentsService } from './quality-incidents.service';
import { QualityRecalculationService } from './quality-recalculation.service';
import { RecalculationKindsController, QualityIncidentsController } from './recalculation-kinds.controller';
import { RecalculationPostingService } from './recalculation-posting.service';
import { RecalculationRulesController } from './recalculation-rules.controller';
import { RecalculationRulesService } from './recalculation-rules.service';
import { AccountRecalculationsController, RecalculationsController } from './recalculations.controller';
import { RecalculationsRepository } from './recalculations.repository';
import { RecalculationsService } from './recalculations.service';
import { RETROACTIVE_JOBS_QUEUE } from './jobs/retroactive-jobs.queue';
import { RetroactiveJobsController } from './retroactive-jobs.controller';
import { RetroactiveJobsRepository } from './retroactive-jobs.repository';
import { RetroactiveJobsService } from './retroactive-jobs.service';
import { RetroactiveRecalculationService } from './retroactive-recalculation.service';
import { RuleFactsRepository } from './rule-facts.repository';
import { RuleInputs } from './rule-inputs';
import { TamperingService } from './tampering.service';

/**
 * Recalculations (перерасчёты) as documents with delta lines posted into an open period (decree 354
 * sections VIII, IX, paras 61, 81(11)). BillingInputsRepository (billing-runs, exported by no module)
 * is provided here to recompute past periods with today's rules.
 */
@Module({
  imports: [BullModule.registerQueue({ name: RETROACTIVE_JOBS_QUEUE })],
  // Kinds before reads: POST /recalculations/manual must not be taken for /recalculations/:id routes.
  controllers: [
    RetroactiveJobsController,
    RecalculationKindsController,
    QualityIncidentsController,
    RecalculationsController,
    AccountRecalculationsController,
    RecalculationRulesController,
  ],
  providers: [
    RecalculationRulesService,
    RecalculationsRepository,
    ChargeFactsRepository,
    RuleFactsRepository,
    BillingInputsRepository,
    ControlChecksRepository,
    RuleInputs,
    TamperingService,
    RecalculationPostingService,
    RecalculationsService,
    ManualRecalculationService,
    AbsenceRecalculationService,
    QualityIncidentsService,
    QualityRecalculationService,
    ControlCheckService,
    RetroactiveRecalculationService,
    RetroactiveJobsRepository,
    RetroactiveJobsService,
  ],
})
export class RecalculationsModule {}
