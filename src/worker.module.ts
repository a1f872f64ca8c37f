import { Module } from '@nestjs/common';
import { WorkerPriority } from './common/priority/worker-priority';
import { CoreModule } from './core.module';
import { BillingRunsWorkerModule } from './modules/billing-runs/billing-runs.worker.module';
import { DocumentsWorkerModule } from './modules/documents/documents.worker.module';
import { PenaltiesWorkerModule } from './modules/penalties/penalties.worker.module';
import { ReadingsWorkerModule } from './modules/readings/readings.worker.module';
import { RecalculationsWorkerModule } from './modules/recalculations/recalculations.worker.module';

/** The worker process: the same core, plus the BullMQ processors (and nothing HTTP). */
@Module({
  imports: [
    CoreModule,
    BillingRunsWorkerModule,
    PenaltiesWorkerModule,
    ReadingsWorkerModule,
    RecalculationsWorkerModule,
    DocumentsWorkerModule,
  ],
  providers: [WorkerPriority],
})
export class WorkerModule {}
