import { Module } from '@nestjs/common';
import { PenaltiesController } from './penalties.controller';
import { PenaltiesService } from './penalties.service';
import { PenaltyRulesModule } from './rules/penalty-rules.module';

/**
 * Penalties (ЖК РФ ст. 155 ч. 14): the rules tables and their API (PenaltyRulesModule), the
 * calculator, and for other modules PenaltyRulesService.loadRules() plus the pure engine in domain/.
 */
@Module({
  imports: [PenaltyRulesModule],
  controllers: [PenaltiesController],
  providers: [PenaltiesService],
  exports: [PenaltyRulesModule, PenaltiesService],
})
export class PenaltiesModule {}
