import { Controller, Get, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { CurrentPrincipal } from 'src/common/auth/principal.decorator';
import { Principal, READERS, Roles } from 'src/common/auth/roles';
import { IdParam } from 'src/common/http/id-param';
import { ApiJsonOr, pdfFile } from 'src/common/http/json-or-csv';
import { PenaltyStatementQuery, PenaltyStatementResponseDto } from './dto/penalty-statement.dto';
import { PenaltyStatementService } from './penalty-statement.service';

@ApiTags('penalties')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/accounts')
export class PenaltyStatementController {
  constructor(private readonly statements: PenaltyStatementService) {}

  /** Penalty statement of the account (rows and total, as the calculator), JSON, CSV or PDF; audited. */
  @Roles(...READERS)
  @Get(':id/penalty-statement')
  @ApiJsonOr(PenaltyStatementResponseDto, 'csv', 'pdf')
  async statement(
    @Param() p: IdParam,
    @Query() q: PenaltyStatementQuery,
    @CurrentPrincipal() by: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PenaltyStatementResponseDto | string | StreamableFile> {
    const s = await this.statements.statement(p.id, q, by);
    if (q.format === 'pdf')
      return pdfFile(await this.statements.toPdf(s), `penalty-statement-${p.id}-${s.asOf}.pdf`);
    if (q.format !== 'csv') return s;
    res.attachment(`penalty-statement-${p.id}-${s.asOf}.csv`).type('text/csv; charset=utf-8');
    return this.statements.toCsv(s);
  }
}
