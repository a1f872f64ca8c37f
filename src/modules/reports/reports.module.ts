import { Module } from '@nestjs/common';
import { PenaltyRulesModule } from 'src/modules/penalties/rules/penalty-rules.module';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

/**
 * Reports for the head of the service (issue 7 §3): collection rate, debt ageing, charges by
 * reason, meters due for verification — JSON, CSV and SVG charts; read-only, one SQL statement each.
 * The due dates for the ageing come from the penalty rules (PenaltyRulesModule).
 */
@Module({
  imports: [PenaltyRulesModule],
  controllers: [ReportsController],
  providers: [ReportsService, ReportsRepository],
})
export class ReportsModule {}
