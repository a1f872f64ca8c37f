import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from 'src/common/auth/roles';
import { NotFoundError } from 'src/common/errors/domain-error';
import { dec, moneyString, sum } from 'src/shared/money';
import { choosePostingPeriod, Decision, decide } from './domain/recalculation.state';
import { DeltaLine, RecalculationKind, RecalculationStatus } from './domain/recalculation.types';
import { RecalculationDto } from './dto/recalculation.dto';
import { refusalError } from './recalculations.errors';
import { RecalculationsRepository } from './recalculations.repository';

/** A computed document before it is stored. */
export interface DocumentDraft {
  kind: RecalculationKind;
  reasonCode: string;
  reason: string;
  accountId: string;
  correctedFrom: string;
  correctedTo: string;
  postingPeriod: string | null;
  lines: DeltaLine[];
  basis: Record<string, unknown>;
  needsApproval?: boolean;
  absenceId?: string;
  controlCheckId?: string;
}

/** The same lock key billing-periods closing takes exclusively: a period cannot close under a posting. */
const PERIOD_LOCK = `SELECT pg_advisory_xact_lock_shared(7355, 0)`;

/** Stable identity of a user or key for maker-checker. */
export const actorId = (p: Principal): string => `${p.kind}:${p.id}`;

/**
 * Stores documents and posts them: the posting period is chosen (or checked) against the closed
 * periods under a shared lock with period closing; the lines are written once, when the document
 * posts — at once, or on approval by a second user (maker-checker).
 */
@Injectable()
export class RecalculationPostingService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: RecalculationsRepository,
  ) {}

  async create(m: EntityManager, d: DocumentDraft, by: Principal): Promise<string> {
    await m.query(PERIOD_LOCK);
    const closed = await this.repo.closedPeriods(m, d.correctedFrom);
    const chosen = choosePostingPeriod({ requested: d.postingPeriod, correctedTo: d.correctedTo, closed });
    if ('refusal' in chosen) throw refusalError(chosen);
    const status = d.needsApproval ? RecalculationStatus.PendingApproval : RecalculationStatus.Posted;
    const id = await this.repo.insertDocument(m, {
      ...d,
      postingPeriod: chosen.period,
      status,
      amount: moneyString(sum(d.lines.map((l) => dec(l.amountDelta)))),
      proposedLines: status === RecalculationStatus.Posted ? [] : d.lines,
      createdBy: by.name,
      createdById: actorId(by),
    });
    if (status === RecalculationStatus.Posted) {
      await this.repo.insertLines(m, id, d.accountId, chosen.period, d.lines);
    }
    return id;
  }

  /** Approve (then post in the same transaction) or reject a document pending approval. */
  async decide(
    id: string,
    decision: Decision,
    reason: string | null,
    by: Principal,
  ): Promise<RecalculationDto> {
    await this.db.transaction(async (m) => {
      await m.query(PERIOD_LOCK);
      const doc = await this.repo.lockDocument(m, id);
      if (!doc) throw new NotFoundError('recalculation', id);
      const next = decide({
        status: doc.status as RecalculationStatus,
        makerId: doc.created_by_id,
        checkerId: actorId(by),
        decision,
      });
      if ('refusal' in next) throw refusalError(next);
      const byWho = { by: by.name, byId: actorId(by), reason };
      if (next.status === RecalculationStatus.Rejected) {
        await this.repo.decide(m, id, { status: next.status, decision: 'rejected', ...byWho });
        return;
      }
      const closed = await this.repo.closedPeriods(m, doc.posting_period);
      const posting = choosePostingPeriod({
        requested: doc.posting_period,
        correctedTo: doc.corrected_to,
        closed,
      });
      if ('refusal' in posting) throw refusalError(posting);
      // approved → posted: the lines are written now, once.
      await this.repo.insertLines(m, id, doc.account_id, doc.posting_period, doc.proposed_lines);
      await this.repo.decide(m, id, { status: RecalculationStatus.Posted, decision: 'approved', ...byWho });
    });
    return (await this.repo.find(this.db.manager, id))!;
  }
}
