import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { READERS, Roles } from 'src/common/auth/roles';
import {
  CalculatePenaltyDto,
  DueDateQuery,
  DueDateResponseDto,
  PenaltyCalculationResponseDto,
} from './dto/penalty-calculation.dto';
import { PenaltiesService } from './penalties.service';

/** Penalty (пени) calculator, ЖК РФ ст. 155 ч. 14, on the stored rules. */
@ApiTags('penalties')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/penalties')
export class PenaltiesController {
  constructor(private readonly penalties: PenaltiesService) {}

  /**
   * Penalty rows and total for given debts and payments up to and including asOf (400 on bad input,
   * 422 PENALTY_NO_KEY_RATE / PENALTY_NO_DUE_RULE / PENALTY_NO_FRACTION_RULE on rule gaps).
   */
  @Roles(...READERS)
  @HttpCode(200)
  @Post('calculate')
  calculate(@Body() dto: CalculatePenaltyDto): Promise<PenaltyCalculationResponseDto> {
    return this.penalties.calculate(dto);
  }

  /** Due date of a billing period's charges after the production calendar. */
  @Roles(...READERS)
  @Get('due-date')
  dueDate(@Query() q: DueDateQuery): Promise<DueDateResponseDto> {
    return this.penalties.dueDate(q.period);
  }
}
