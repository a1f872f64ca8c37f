import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { PENALTY_CHUNKS_QUEUE, PENALTY_RUNS_QUEUE } from '../jobs/penalty-runs.queue';
import { PenaltyRulesModule } from '../rules/penalty-rules.module';
import { PenaltyAccrualService } from './penalty-accrual.service';
import { PenaltyAccrualsRepository } from './penalty-accruals.repository';
import { PenaltyFastPathRepository } from './penalty-fast-path.repository';
import { PenaltyInputsRepository } from './penalty-inputs.repository';
import { PenaltyRunsRepository } from './penalty-runs.repository';
import { PenaltyRunsService } from './penalty-runs.service';

const QUEUES = BullModule.registerQueue({ name: PENALTY_RUNS_QUEUE }, { name: PENALTY_CHUNKS_QUEUE });

/**
 * What the API and the worker share for penalty accrual: the engine over the books, the runs and
 * their queues. Controllers live in PenaltiesModule, processors in PenaltiesWorkerModule.
 */
@Module({
  imports: [PenaltyRulesModule, QUEUES],
  providers: [
    PenaltyInputsRepository,
    PenaltyAccrualsRepository,
    PenaltyFastPathRepository,
    PenaltyRunsRepository,
    PenaltyAccrualService,
    PenaltyRunsService,
  ],
  exports: [
    QUEUES,
    PenaltyInputsRepository,
    PenaltyRunsRepository,
    PenaltyAccrualService,
    PenaltyRunsService,
  ],
})
export class PenaltyAccrualsModule {}
