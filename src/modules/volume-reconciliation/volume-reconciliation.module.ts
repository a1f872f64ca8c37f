import { Module } from '@nestjs/common';
import { VolumeReconciliationController } from './volume-reconciliation.controller';
import { VolumeReconciliationRepository } from './volume-reconciliation.repository';

/** Volume reconciliation per building and period: the common-building meter against the billed volumes. */
@Module({
  controllers: [VolumeReconciliationController],
  providers: [VolumeReconciliationRepository],
})
export class VolumeReconciliationModule {}
