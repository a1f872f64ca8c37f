import { Module } from '@nestjs/common';
import { PaymentsModule } from 'src/modules/payments/payments.module';
import { PenaltiesModule } from 'src/modules/penalties/penalties.module';
import { CourtPackageService } from './court-package.service';
import { DebtCollectionController } from './debt-collection.controller';
import { DebtCollectionRepository } from './debt-collection.repository';
import { DebtCollectionService } from './debt-collection.service';
import { DebtRulesController } from './debt-rules.controller';
import { DebtRulesService } from './debt-rules.service';

/**
 * Debt collection (RULES.md §7): rules as data, debtor selection, debt cases with the notice,
 * restriction and court-order lifecycle, and the court package (ledger + penalty statement + fee).
 */
@Module({
  imports: [PaymentsModule, PenaltiesModule],
  controllers: [DebtCollectionController, DebtRulesController],
  providers: [DebtCollectionService, DebtCollectionRepository, CourtPackageService, DebtRulesService],
})
export class DebtCollectionModule {}
