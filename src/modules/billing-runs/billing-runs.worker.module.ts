import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { BatchYield } from 'src/common/priority/api-pressure.providers';
import { BillingInputsRepository } from './billing-inputs.repository';
import { BillingRunsRepository } from './billing-runs.repository';
import { BillingBuildingProcessor } from './jobs/billing-building.processor';
import { BillingRunFinalizeProcessor } from './jobs/billing-run-finalize.processor';
import { BillingRunsSweeper } from './jobs/billing-runs.sweeper';
import { BILLING_BUILDINGS_QUEUE, BILLING_RUNS_QUEUE } from './jobs/billing-runs.queue';

/** Worker side: the BullMQ processors of billing runs (imported by the worker process only). */
@Module({
  imports: [BullModule.registerQueue({ name: BILLING_RUNS_QUEUE }, { name: BILLING_BUILDINGS_QUEUE })],
  providers: [
    BatchYield,
    BillingRunsRepository,
    BillingInputsRepository,
    BillingBuildingProcessor,
    BillingRunFinalizeProcessor,
    BillingRunsSweeper,
  ],
})
export class BillingRunsWorkerModule {}
