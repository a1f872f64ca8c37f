import { Module } from '@nestjs/common';
import { PenaltyAccrualsModule } from '../accruals/penalty-accruals.module';
import { PenaltyChargesRepository } from './penalty-charges.repository';
import { PenaltyChargesService } from './penalty-charges.service';

/**
 * Penalty lines of closed periods: shared by the API (period close, the manual endpoint) and the
 * worker (a completed penalty run posts the periods waiting for it).
 */
@Module({
  imports: [PenaltyAccrualsModule],
  providers: [PenaltyChargesService, PenaltyChargesRepository],
  exports: [PenaltyChargesService],
})
export class PenaltyChargesModule {}
