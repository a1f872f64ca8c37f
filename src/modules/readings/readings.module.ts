import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { ReadingImportJobsRepository } from './import-jobs/reading-import-jobs.repository';
import { ReadingImportJobsService } from './import-jobs/reading-import-jobs.service';
import { READING_IMPORTS_QUEUE } from './import-jobs/reading-import-jobs.queue';
import { ReadingImportService } from './reading-import.service';
import { ReadingsController } from './readings.controller';
import { ReadingsRepository } from './readings.repository';
import { ReadingsService } from './readings.service';

/** Meter readings: submission rules, idempotent storage, CSV import (large files queued to the worker). Used by MetersModule for initial and closing readings. */
@Module({
  imports: [BullModule.registerQueue({ name: READING_IMPORTS_QUEUE })],
  controllers: [ReadingsController],
  providers: [
    ReadingsService,
    ReadingsRepository,
    ReadingImportService,
    ReadingImportJobsRepository,
    ReadingImportJobsService,
  ],
  exports: [ReadingsService],
})
export class ReadingsModule {}
