import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from 'src/common/auth/principal.decorator';
import { Principal, READERS, Role, Roles } from 'src/common/auth/roles';
import { IdParam } from 'src/common/http/id-param';
import { ApiJsonOr, pdfFile } from 'src/common/http/json-or-csv';
import { SubscriberActQuery, SubscriberActResponseDto } from './dto/subscriber-act.dto';
import { ReconciliationService } from './reconciliation.service';

@ApiTags('reconciliation')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1')
export class ReconciliationController {
  constructor(private readonly acts: ReconciliationService) {}

  /**
   * Акт сверки расчётов of an account for a date range, JSON or PDF. It names the payer, so only roles
   * that see personal data get it (not the settlement centre) and every download is audited.
   */
  @Roles(Role.Admin, ...READERS)
  @Get('accounts/:id/reconciliation-act')
  @ApiJsonOr(SubscriberActResponseDto, 'pdf')
  async subscriberAct(
    @Param() p: IdParam,
    @Query() q: SubscriberActQuery,
    @CurrentPrincipal() by: Principal,
  ): Promise<SubscriberActResponseDto | StreamableFile> {
    const act = await this.acts.subscriberAct(p.id, q, by);
    if (q.format !== 'pdf') return act;
    return pdfFile(await this.acts.toPdf(act), `reconciliation-act-${p.id}-${q.from}-${q.to}.pdf`);
  }
}
