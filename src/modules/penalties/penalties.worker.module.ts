import { Module } from '@nestjs/common';
import { PenaltyAccrualsModule } from './accruals/penalty-accruals.module';
import { PenaltyChargesModule } from './charges/penalty-charges.module';
import { PenaltyChunkProcessor } from './jobs/penalty-chunk.processor';
import { PenaltyNightlyProcessor } from './jobs/penalty-nightly.processor';
import { PenaltyNightlyScheduler } from './jobs/penalty-nightly.scheduler';

/** Worker side of penalties: the nightly scheduler and the BullMQ processors (worker process only). */
@Module({
  imports: [PenaltyAccrualsModule, PenaltyChargesModule],
  providers: [PenaltyChunkProcessor, PenaltyNightlyProcessor, PenaltyNightlyScheduler],
})
export class PenaltiesWorkerModule {}
