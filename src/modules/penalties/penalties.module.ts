import { Module } from '@nestjs/common';
import { PenaltyAccrualsModule } from './accruals/penalty-accruals.module';
import { PenaltyRunsController } from './accruals/penalty-runs.controller';
import { PenaltyChargesController } from './charges/penalty-charges.controller';
import { PenaltyChargesModule } from './charges/penalty-charges.module';
import { PenaltiesController } from './penalties.controller';
import { PenaltiesService } from './penalties.service';
import { PenaltyRulesModule } from './rules/penalty-rules.module';
import { PenaltyStatementController } from './statement/penalty-statement.controller';
import { PenaltyStatementService } from './statement/penalty-statement.service';

/**
 * Penalties (ЖК РФ ст. 155 ч. 14): the rules tables and their API (PenaltyRulesModule), the
 * calculator, the nightly accrual runs (queued to the worker), the penalty lines at period close
 * and the account statement; for other modules PenaltyRulesService.loadRules(), the pure engine in
 * domain/, and PenaltyChargesService.linesOf() for payment documents.
 */
@Module({
  imports: [PenaltyRulesModule, PenaltyAccrualsModule, PenaltyChargesModule],
  controllers: [
    PenaltiesController,
    PenaltyRunsController,
    PenaltyChargesController,
    PenaltyStatementController,
  ],
  providers: [PenaltiesService, PenaltyStatementService],
  exports: [PenaltyRulesModule, PenaltiesService, PenaltyChargesModule, PenaltyStatementService],
})
export class PenaltiesModule {}
