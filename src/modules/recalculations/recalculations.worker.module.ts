import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { BillingInputsRepository } from 'src/modules/billing-runs/billing-inputs.repository';
import { ChargeFactsRepository } from './charge-facts.repository';
import { RetroactiveJobProcessor } from './jobs/retroactive-job.processor';
import { RETROACTIVE_JOBS_QUEUE } from './jobs/retroactive-jobs.queue';
import { RecalculationPostingService } from './recalculation-posting.service';
import { RecalculationsRepository } from './recalculations.repository';
import { RetroactiveJobsRepository } from './retroactive-jobs.repository';
import { RetroactiveRecalculationService } from './retroactive-recalculation.service';
import { RecalculationsService } from './recalculations.service';
import { RuleFactsRepository } from './rule-facts.repository';
import { RuleInputs } from './rule-inputs';

/** Worker side of recalculations: the retroactive job processor (worker process only). */
@Module({
  imports: [BullModule.registerQueue({ name: RETROACTIVE_JOBS_QUEUE })],
  providers: [
    BillingInputsRepository,
    RuleInputs,
    RuleFactsRepository,
    ChargeFactsRepository,
    RecalculationsRepository,
    RecalculationPostingService,
    RecalculationsService,
    RetroactiveRecalculationService,
    RetroactiveJobsRepository,
    RetroactiveJobProcessor,
  ],
})
export class RecalculationsWorkerModule {}
