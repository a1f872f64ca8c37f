import { Module } from '@nestjs/common';
import { ReadingImportService } from './reading-import.service';
import { ReadingsController } from './readings.controller';
import { ReadingsRepository } from './readings.repository';
import { ReadingsService } from './readings.service';

/** Meter readings: submission rules, idempotent storage, CSV import. Used by MetersModule for initial and closing readings. */
@Module({
  controllers: [ReadingsController],
  providers: [ReadingsService, ReadingsRepository, ReadingImportService],
  exports: [ReadingsService],
})
export class ReadingsModule {}
