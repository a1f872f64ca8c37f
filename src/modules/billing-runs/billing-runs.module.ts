import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { PenaltyChargesModule } from '../penalties/charges/penalty-charges.module';
import { BillingPeriodsController } from './billing-periods.controller';
import { BillingPeriodsService } from './billing-periods.service';
import { BillingRunsController } from './billing-runs.controller';
import { ChargeRulesController } from './charge-rules.controller';
import { ChargeRulesService } from './charge-rules.service';
import { PreviewReportService } from './preview-report.service';
import { BillingRunsRepository } from './billing-runs.repository';
import { BillingRunsService } from './billing-runs.service';
import {
  BILLING_BUILDINGS_QUEUE,
  BILLING_FLOW_PRODUCER,
  BILLING_RUNS_QUEUE,
} from './jobs/billing-runs.queue';

/** API side of billing runs: creates runs and enqueues their flows; no processors here. */
@Module({
  imports: [
    BullModule.registerQueue({ name: BILLING_RUNS_QUEUE }, { name: BILLING_BUILDINGS_QUEUE }),
    BullModule.registerFlowProducer({ name: BILLING_FLOW_PRODUCER }),
    PenaltyChargesModule,
  ],
  controllers: [BillingRunsController, BillingPeriodsController, ChargeRulesController],
  providers: [
    BillingRunsService,
    BillingRunsRepository,
    BillingPeriodsService,
    ChargeRulesService,
    PreviewReportService,
  ],
  exports: [BillingRunsService],
})
export class BillingRunsModule {}
