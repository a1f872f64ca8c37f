import { Module } from '@nestjs/common';
import {
  CalendarController,
  DueRulesController,
  FractionsController,
  KeyRatesController,
  MoratoriaController,
  RateCapsController,
} from './penalty-rules.controller';
import { PenaltyRulesRepository } from './penalty-rules.repository';
import { PenaltyRulesService } from './penalty-rules.service';
import { PenaltyScheduleService } from './penalty-schedule.service';

/** The penalty rules tables and their API; exports PenaltyRulesService.loadRules() for the engine's callers. */
@Module({
  controllers: [
    KeyRatesController,
    RateCapsController,
    MoratoriaController,
    FractionsController,
    DueRulesController,
    CalendarController,
  ],
  providers: [PenaltyRulesRepository, PenaltyRulesService, PenaltyScheduleService],
  exports: [PenaltyRulesService],
})
export class PenaltyRulesModule {}
