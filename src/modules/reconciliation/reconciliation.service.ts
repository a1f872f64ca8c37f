import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from 'src/common/audit/audit.service';
import { Principal } from 'src/common/auth/roles';
import { BadInputError, NotFoundError } from 'src/common/errors/domain-error';
import { buildCsv } from 'src/shared/csv';
import { periodStart } from 'src/shared/period';
import { buildSubscriberAct } from './domain/subscriber-act.build';
import { buildVolumeReconciliation } from './domain/volume-reconciliation.build';
import { SubscriberActQuery, SubscriberActResponseDto } from './dto/subscriber-act.dto';
import { ReconciliationErrorCode as E } from './reconciliation.errors';
import { ReconciliationRepository } from './reconciliation.repository';
import { subscriberActPdf, volumeReconciliationPdf } from './subscriber-act.pdf';
import { VolumeReconciliationQuery, VolumeReconciliationResponseDto } from './dto/volume-reconciliation.dto';

/** Reconciliation acts (акт сверки, decree 354 para 31 "д"): read-only views over the books. */
@Injectable()
export class ReconciliationService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: ReconciliationRepository,
    private readonly audit: AuditService,
  ) {}

  /** The act of an account; carries the payer's name, so every download is audited. */
  async subscriberAct(
    accountId: string,
    q: SubscriberActQuery,
    by: Principal,
  ): Promise<SubscriberActResponseDto> {
    if (q.from > q.to) throw new BadInputError(E.RangeInvalid, 'from must not be after to', 'from');
    const m = this.db.manager;
    const party = await this.repo.party(m, accountId);
    if (!party) throw new NotFoundError('account', accountId);
    const figures = buildSubscriberAct(await this.repo.sources(m, accountId, q.to), q.from, q.to);
    await this.audit.record({
      actor: by,
      action: 'GET /api/v1/accounts/:id/reconciliation-act',
      entity: 'accounts',
      entityId: accountId,
      details: {
        outcome: 'ok',
        from: q.from,
        to: q.to,
        format: q.format ?? 'json',
        closing: figures.closing.total,
      },
    });
    const parties = {
      accountNumber: party.accountNumber,
      holderName: party.holderName,
      address: party.address,
      organisationName: party.organisationName,
    };
    return { accountId, from: q.from, to: q.to, parties, ...figures };
  }

  toPdf(act: SubscriberActResponseDto): Promise<Buffer> {
    return subscriberActPdf(act);
  }

  /** Reconciliation of volumes with suppliers for a period (no personal data). */
  async volumes(q: VolumeReconciliationQuery): Promise<VolumeReconciliationResponseDto> {
    const m = this.db.manager;
    if (q.buildingId && !(await this.repo.exists(m, 'buildings', q.buildingId)))
      throw new NotFoundError('building', q.buildingId);
    if (q.supplierId && !(await this.repo.exists(m, 'organisations', q.supplierId)))
      throw new NotFoundError('organisation', q.supplierId);
    const sources = await this.repo.volumes(m, {
      period: periodStart(q.period),
      buildingId: q.buildingId ?? null,
      supplierId: q.supplierId ?? null,
      serviceCode: q.serviceCode ?? null,
    });
    return { period: q.period, ...buildVolumeReconciliation(sources) };
  }

  /** ';' separated: one line per building and service, then a "total" line per supplier and service. */
  volumesCsv(r: VolumeReconciliationResponseDto): string {
    const figures = ['metered', 'average', 'norm', 'other', 'individual', 'common_property'];
    return buildCsv([
      [
        'kind',
        'building_id',
        'address',
        'supplier_id',
        'supplier',
        'service',
        'unit',
        'house_volume',
        ...figures,
        'discrepancy',
      ],
      ...r.rows.map((x) => [
        'building',
        x.buildingId,
        x.address,
        x.supplierId,
        x.supplierName,
        x.serviceCode,
        x.unit,
        x.houseVolume,
        x.metered,
        x.average,
        x.norm,
        x.other,
        x.individual,
        x.commonProperty,
        x.discrepancy,
      ]),
      ...r.totals.map((t) => [
        'total',
        '',
        '',
        t.supplierId,
        t.supplierName,
        t.serviceCode,
        t.unit,
        t.houseVolume,
        t.metered,
        t.average,
        t.norm,
        t.other,
        t.individual,
        t.commonProperty,
        t.discrepancy,
      ]),
    ]);
  }

  volumesPdf(r: VolumeReconciliationResponseDto): Promise<Buffer> {
    return volumeReconciliationPdf(r);
  }
}
