import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { READERS, Roles } from 'src/common/auth/roles';
import { IdParam } from 'src/common/http/id-param';
import { ApiJsonOrCsv } from 'src/common/http/json-or-csv';
import { LedgerQuery, LedgerResponseDto } from './dto/ledger.dto';
import { TurnoverQuery, TurnoverResponseDto } from './dto/turnover.dto';
import { LedgerService } from './ledger.service';

@ApiTags('ledger')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1')
export class LedgerController {
  constructor(private readonly ledger: LedgerService) {}

  /** The account ledger per period and service: balances, charges, payments and penalties. */
  @Roles(...READERS)
  @Get('accounts/:id/ledger')
  account(@Param() p: IdParam, @Query() q: LedgerQuery): Promise<LedgerResponseDto> {
    return this.ledger.ledger(p.id, q);
  }

  /** Turnover sheet (оборотно-сальдовая ведомость) of a building or an organisation, JSON or CSV. */
  @Roles(...READERS)
  @Get('reports/turnover')
  @ApiJsonOrCsv(TurnoverResponseDto)
  async turnover(
    @Query() q: TurnoverQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TurnoverResponseDto | string> {
    const report = await this.ledger.turnover(q);
    if (q.format !== 'csv') return report;
    res.attachment(`turnover-${q.period}.csv`).type('text/csv; charset=utf-8');
    return this.ledger.turnoverCsv(report);
  }
}
