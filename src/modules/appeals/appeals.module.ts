import { Module } from '@nestjs/common';
import { PenaltyRulesModule } from 'src/modules/penalties/rules/penalty-rules.module';
import { AppealRulesService } from './appeal-rules.service';
import { AppealRulesController, AppealsReportController } from './appeal-rules.controller';
import { AppealsController, CorrespondenceController, ReceptionController } from './appeals.controller';
import { AppealsReportService } from './appeals-report.service';
import { AppealsRepository } from './appeals.repository';
import { AppealsService } from './appeals.service';
import { CorrespondenceService } from './correspondence.service';
import { ReceptionService } from './reception.service';

/**
 * Citizens' appeals and correspondence (issue 7 §2): deadlines from the rules table on the
 * production calendar of the penalty rules (PenaltyRulesService.loadRules().calendar).
 */
@Module({
  imports: [PenaltyRulesModule],
  controllers: [
    AppealsController,
    CorrespondenceController,
    ReceptionController,
    AppealRulesController,
    AppealsReportController,
  ],
  providers: [
    AppealsRepository,
    AppealsService,
    AppealRulesService,
    CorrespondenceService,
    ReceptionService,
    AppealsReportService,
  ],
  exports: [AppealsService],
})
export class AppealsModule {}
