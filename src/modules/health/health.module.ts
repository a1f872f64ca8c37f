import { BullModule } from '@nestjs/bullmq';
import { BILLING_RUNS_QUEUE } from '../billing-runs/jobs/billing-runs.queue';
import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';

@Module({
  imports: [BullModule.registerQueue({ name: BILLING_RUNS_QUEUE })],
  controllers: [HealthController],
})
export class HealthModule {}
