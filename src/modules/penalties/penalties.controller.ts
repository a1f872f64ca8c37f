import { Body, Controller, Get, HttpCode, Post, Query, StreamableFile } from '@nestjs/common';
import { IsIn, IsOptional } from 'class-validator';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { READERS, Roles } from 'src/common/auth/roles';
import { ApiJsonOr, pdfFile } from 'src/common/http/json-or-csv';
import {
  CalculatePenaltyDto,
  DueDateQuery,
  DueDateResponseDto,
  PenaltyCalculationResponseDto,
} from './dto/penalty-calculation.dto';
import { PenaltiesService } from './penalties.service';
import { penaltyStatementPdf, ruDate } from './statement/penalty-statement.pdf';

export class CalculateFormatQuery {
  /** json (default) or pdf (the same table, court-ready). */
  @IsOptional()
  @IsIn(['json', 'pdf'])
  format?: 'json' | 'pdf';
}

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
  @ApiJsonOr(PenaltyCalculationResponseDto, 'pdf')
  async calculate(
    @Body() dto: CalculatePenaltyDto,
    @Query() q: CalculateFormatQuery,
  ): Promise<PenaltyCalculationResponseDto | StreamableFile> {
    const result = await this.penalties.calculate(dto);
    if (q.format !== 'pdf') return result;
    const pdf = await penaltyStatementPdf(
      {
        title: 'Расчёт пени (ч. 14 ст. 155 ЖК РФ)',
        lines: [
          ['Дата расчёта', ruDate(dto.asOf)],
          ['Ставка', dto.rate ? `${dto.rate} % (фиксированная)` : 'ключевая ставка ЦБ РФ с ограничениями'],
        ],
        createdOn: dto.asOf,
      },
      result,
    );
    return pdfFile(pdf, `penalty-calculation-${dto.asOf}.pdf`);
  }

  /** Due date of a billing period's charges after the production calendar. */
  @Roles(...READERS)
  @Get('due-date')
  dueDate(@Query() q: DueDateQuery): Promise<DueDateResponseDto> {
    return this.penalties.dueDate(q.period);
  }
}
