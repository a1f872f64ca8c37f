import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from 'src/common/audit/audit.service';
import { Principal } from 'src/common/auth/roles';
import { BadInputError, NotFoundError } from 'src/common/errors/domain-error';
import { buildSubscriberAct } from './domain/subscriber-act.build';
import { SubscriberActQuery, SubscriberActResponseDto } from './dto/subscriber-act.dto';
import { ReconciliationErrorCode as E } from './reconciliation.errors';
import { ReconciliationRepository } from './reconciliation.repository';
import { subscriberActPdf } from './subscriber-act.pdf';

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
}
