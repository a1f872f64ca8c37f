import { Module } from '@nestjs/common';
import { CoreModule } from './core.module';
import { BillingRunsWorkerModule } from './modules/billing-runs/billing-runs.worker.module';
import { PenaltiesWorkerModule } from './modules/penalties/penalties.worker.module';
import { DocumentsWorkerModule } from './modules/documents/documents.worker.module';

/** The worker process: the same core, plus the BullMQ processors (and nothing HTTP). */
@Module({ imports: [CoreModule, BillingRunsWorkerModule, PenaltiesWorkerModule, DocumentsWorkerModule] })
export class WorkerModule {}
