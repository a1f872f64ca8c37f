import { Module } from '@nestjs/common';
import { AllocationRepository } from './allocation.repository';
import { AllocationService } from './allocation.service';
import { IdempotencyService } from './idempotency/idempotency.service';
import { PaymentRegistriesController } from './payment-registries.controller';
import { PaymentRegistriesRepository } from './payment-registries.repository';
import { PaymentRegistriesService } from './payment-registries.service';
import { PaymentsController } from './payments.controller';
import { PaymentsRepository } from './payments.repository';
import { PaymentsService } from './payments.service';
import { PenaltyChargesLedgerSource } from 'src/modules/penalties/charges/penalty-charges-ledger.source';
import { PENALTY_CHARGES_SOURCE } from './penalty-charges.source';

/**
 * Money in: payments (idempotent by key), bank registries, reversals, and the allocation of money to
 * debt. Exports AllocationService (debt figures, advances, settlement) for the ledger module.
 * The penalty source is zero until the penalty engine provides one (swap the provider here).
 */
@Module({
  controllers: [PaymentsController, PaymentRegistriesController],
  providers: [
    PaymentsService,
    PaymentsRepository,
    PaymentRegistriesService,
    PaymentRegistriesRepository,
    AllocationService,
    AllocationRepository,
    IdempotencyService,
    { provide: PENALTY_CHARGES_SOURCE, useClass: PenaltyChargesLedgerSource },
  ],
  exports: [AllocationService],
})
export class PaymentsModule {}
