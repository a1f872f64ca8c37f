import { Module } from '@nestjs/common';
import { CoreModule } from './core.module';
import { BillingRunsWorkerModule } from './modules/billing-runs/billing-runs.worker.module';
import { PenaltiesWorkerModule } from './modules/penalties/penalties.worker.module';
import { RecalculationsWorkerModule } from './modules/recalculations/recalculations.worker.module';

/** The worker process: the same core, plus the BullMQ processors (and nothing HTTP). */
@Module({ imports: [CoreModule, BillingRunsWorkerModule, PenaltiesWorkerModule, RecalculationsWorkerModule] })
export class WorkerModule {}
