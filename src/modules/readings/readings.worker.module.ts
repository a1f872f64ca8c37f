import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { ReadingImportJobsRepository } from './import-jobs/reading-import-jobs.repository';
import { ReadingImportJobsService } from './import-jobs/reading-import-jobs.service';
import { READING_IMPORTS_QUEUE } from './import-jobs/reading-import-jobs.queue';
import { ReadingImportProcessor } from './import-jobs/reading-import.processor';
import { ReadingImportService } from './reading-import.service';
import { ReadingsRepository } from './readings.repository';
import { ReadingsService } from './readings.service';

/** Worker side of readings: the processor of large import files (worker process only). */
@Module({
  imports: [BullModule.registerQueue({ name: READING_IMPORTS_QUEUE })],
  providers: [
    ReadingsService,
    ReadingsRepository,
    ReadingImportService,
    ReadingImportJobsRepository,
    ReadingImportJobsService,
    ReadingImportProcessor,
  ],
})
export class ReadingsWorkerModule {}
