import { Module } from '@nestjs/common';
import { PaymentsModule } from '../payments/payments.module';
import { LedgerController } from './ledger.controller';
import { LedgerRepository } from './ledger.repository';
import { LedgerService } from './ledger.service';
import { OpeningBalancesController } from './opening-balances.controller';
import { OpeningBalancesRepository } from './opening-balances.repository';
import { OpeningBalancesService } from './opening-balances.service';

/** Debt views: the account ledger, the turnover sheet, and opening balances migrated from another system. */
@Module({
  imports: [PaymentsModule],
  controllers: [LedgerController, OpeningBalancesController],
  providers: [LedgerService, LedgerRepository, OpeningBalancesService, OpeningBalancesRepository],
})
export class LedgerModule {}
