import { Controller, Get, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { CurrentPrincipal } from 'src/common/auth/principal.decorator';
import { Principal, READERS, Role, Roles } from 'src/common/auth/roles';
import { IdParam } from 'src/common/http/id-param';
import { ApiJsonOr, pdfFile } from 'src/common/http/json-or-csv';
import { SubscriberActQuery, SubscriberActResponseDto } from './dto/subscriber-act.dto';
import { VolumeReconciliationQuery, VolumeReconciliationResponseDto } from './dto/volume-reconciliation.dto';
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

  /**
   * Reconciliation of volumes with suppliers for a period: per building and service the house meter
   * volume, individual volumes by method, the common-property volume and the discrepancy; totals per
   * supplier. JSON, CSV or PDF. No personal data.
   */
  @Roles(Role.Admin, Role.SettlementCentre, ...READERS)
  @Get('reconciliation/volumes')
  @ApiJsonOr(VolumeReconciliationResponseDto, 'csv', 'pdf')
  async volumes(
    @Query() q: VolumeReconciliationQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<VolumeReconciliationResponseDto | string | StreamableFile> {
    const r = await this.acts.volumes(q);
    if (q.format === 'pdf')
      return pdfFile(await this.acts.volumesPdf(r), `volume-reconciliation-${q.period}.pdf`);
    if (q.format !== 'csv') return r;
    res.attachment(`volume-reconciliation-${q.period}.csv`).type('text/csv; charset=utf-8');
    return this.acts.volumesCsv(r);
  }
}
