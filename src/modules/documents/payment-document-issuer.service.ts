import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from 'src/config/configuration';
import { dueDateOf } from 'src/modules/penalties/domain';
import { PenaltyRulesService } from 'src/modules/penalties/rules/penalty-rules.service';
import { DomainError } from 'src/common/errors/domain-error';
import { periodEnd, periodStart, todayIn } from 'src/shared/period';
import { documentError, DocumentErrorCode as E } from './documents.errors';
import { buildPaymentDocument } from './domain/payment-document.build';
import { PaymentDocumentContent } from './domain/payment-document.types';
import { AccountScopeRow, PaymentDocumentInputsRepository } from './payment-document-inputs.repository';
import { PaymentDocumentsRepository } from './payment-documents.repository';
import { PaymentDocumentRenderer } from './render/payment-document-renderer';

/** PDFs written per statement while a batch renders (see renderPdfs). */
const STORE_GROUP = 10;

export interface IssueFailure {
  accountId: string;
  code: string;
  message: string;
}

export interface IssueResult {
  ids: string[];
  /** The issued documents with their frozen contents (and their JSON, as stored), in the order of `ids`. */
  issued: { id: string; content: PaymentDocumentContent; json: string }[];
  /** Accounts that already had a current document for the period (idempotent re-runs). */
  skipped: string[];
  failures: IssueFailure[];
}

export interface IssueRequest {
  accountIds: string[];
  period: string;
  by: string;
  runId: string | null;
  /** A correction: the document superseded (one account). */
  correction?: { id: string; number: string; reason: string };
}

/**
 * Issues payment documents in the caller's transaction: loads the inputs of all accounts at once,
 * builds each content, then — under the organisation's counter-row lock — skips accounts that
 * already have a current document, takes a gapless block of numbers (UPDATE … RETURNING) and stores
 * the frozen contents in one statement. The PDFs are rendered after commit (renderPdfs), outside
 * the lock, so parallel workers only queue for the few statements that number. Accounts that cannot be billed are failures with
 * reasons, not errors. Used by the API (one account, corrections) and the batch worker (chunks).
 */
@Injectable()
export class PaymentDocumentIssuer {
  constructor(
    private readonly inputs: PaymentDocumentInputsRepository,
    private readonly docs: PaymentDocumentsRepository,
    private readonly rules: PenaltyRulesService,
    private readonly renderer: PaymentDocumentRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The content of one account's document for a period (number null: a preview). */
  async preview(m: EntityManager, accountId: string, period: string): Promise<PaymentDocumentContent> {
    const [content] = await this.contents(m, [accountId], period, null);
    if ('failure' in content)
      throw documentError(content.failure.code as E, content.failure.message, { accountId });
    return buildPaymentDocument(content.params);
  }

  async issue(m: EntityManager, req: IssueRequest): Promise<IssueResult> {
    const issuedOn = todayIn(this.config.billing.timezone);
    const year = Number(issuedOn.slice(0, 4));
    const built = await this.contents(m, req.accountIds, req.period, req.correction ?? null);
    const failures = built.flatMap((b) => ('failure' in b ? [b.failure] : []));
    const ok = built.flatMap((b) => ('params' in b ? [b] : []));
    const result: IssueResult = { ids: [], issued: [], skipped: [], failures };
    // A chunk may span buildings of several organisations: one counter lock and one block of numbers
    // each, taken in a fixed order (concurrent chunks cannot deadlock on two counters).
    const byOrg = new Map<string, typeof ok>();
    for (const b of ok) {
      const group = byOrg.get(b.scope.organisationId);
      if (group) group.push(b);
      else byOrg.set(b.scope.organisationId, [b]);
    }
    for (const [organisationId, group] of [...byOrg.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      await this.docs.lockCounter(m, organisationId, year);
      const issued = req.correction
        ? new Set<string>()
        : await this.docs.issuedAccounts(
            m,
            group.map((g) => g.scope.accountId),
            req.period,
          );
      const todo = group.filter((g) => !issued.has(g.scope.accountId));
      result.skipped.push(
        ...group.filter((g) => issued.has(g.scope.accountId)).map((g) => g.scope.accountId),
      );
      if (todo.length === 0) continue;
      const first = await this.docs.takeNumbers(m, organisationId, year, todo.length);
      const numbered = todo.map((g, i) => {
        const seq = first + i;
        const number = `${year}-${String(seq).padStart(6, '0')}`;
        const content = this.rebuild(g, { number, issuedOn });
        const json = JSON.stringify(content);
        return { accountId: g.scope.accountId, buildingId: g.scope.buildingId, content, json, seq, number };
      });
      const correction = req.correction;
      const newId = correction ? await this.docs.nextId(m) : undefined;
      if (correction) await this.docs.supersede(m, correction.id, newId!);
      const ids = await this.docs.insertMany(
        m,
        { organisationId, year, period: req.period, issuedOn, by: req.by, runId: req.runId },
        numbered.map((r) => ({ ...r, id: newId, supersedesId: correction?.id, reason: correction?.reason })),
      );
      result.ids.push(...ids);
      ids.forEach((id, i) =>
        result.issued.push({ id, content: numbered[i].content, json: numbered[i].json }),
      );
    }
    return result;
  }

  /**
   * Renders and stores the PDFs of issued documents that have none yet — called right after the
   * issuing transaction commits, so rendering never holds the numbering lock. The PDF is a pure
   * function of the stored content, so a retry or a later download renders the same bytes.
   * `known`: contents the caller has just issued, as the JSON text stored, which are then not read
   * back (and go to the render threads as text); the others still without a PDF (a crashed
   * attempt's) are read. The PDFs are stored STORE_GROUP at a time, in order, as they are rendered:
   * the writes overlap the rendering of the rest, and only the last group is written after it.
   */
  async renderPdfs(
    m: EntityManager,
    by: { ids: string[] } | { accountIds: string[]; period: string },
    known: { id: string; json: string }[] = [],
  ): Promise<number> {
    const contents = new Map(known.map((d) => [d.id, d.json]));
    const pending = await this.docs.withoutPdf(m, by, [...contents.keys()]);
    // On the render threads when there are several (both cores), in input order.
    const rendering = this.renderer.renderEach(pending.map((d) => d.content ?? contents.get(d.id)!));
    // A failure surfaces where its group is awaited; the documents after it are not stored.
    for (const r of rendering) r.catch(() => undefined);
    for (let from = 0; from < pending.length; from += STORE_GROUP) {
      const group = pending.slice(from, from + STORE_GROUP);
      const pdfs = await Promise.all(rendering.slice(from, from + STORE_GROUP));
      await this.docs.storePdfs(
        m,
        group.map((d, i) => ({ id: d.id, pdf: pdfs[i] })),
      );
    }
    return pending.length;
  }

  private rebuild(
    g: { params: Parameters<typeof buildPaymentDocument>[0] },
    issue: { number: string; issuedOn: string },
  ): PaymentDocumentContent {
    return buildPaymentDocument({ ...g.params, ...issue });
  }

  /**
   * Inputs for all accounts in a few statements, checked per account: the parameters of its build,
   * or a failure. The content itself is built once, by the caller, when its number is known (the QR
   * purpose and the title carry it).
   */
  private async contents(
    m: EntityManager,
    accountIds: string[],
    period: string,
    correction: { id: string; number: string; reason: string } | null,
  ): Promise<
    (
      | {
          scope: AccountScopeRow;
          params: Parameters<typeof buildPaymentDocument>[0];
        }
      | { failure: IssueFailure }
    )[]
  > {
    const from = periodStart(period);
    const to = periodEnd(period);
    const rules = await this.rules.loadRules();
    const inputs = await this.inputs.load(m, accountIds, { from, to });
    const noticeText = await this.inputs.notice(m, from);
    let dueDate: string;
    try {
      dueDate = dueDateOf({ period, dueRules: rules.dueRules, calendar: rules.calendar });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      return accountIds.map((accountId) => ({ failure: { accountId, code: e.code, message: e.message } }));
    }
    const notice = (noticeText ?? '').replaceAll('{cutoffDay}', String(this.config.billing.readingCutoffDay));
    return accountIds.map((accountId) => {
      const i = inputs.get(accountId);
      const fail = (code: E, message: string) => ({ failure: { accountId, code, message } });
      if (!i) return fail(E.AccountNotFound, `account ${accountId} not found`);
      if (i.openedOn > to || (i.closedOn !== null && i.closedOn < from)) {
        return fail(E.AccountNotOpen, `account ${i.accountNumber} was not open in ${period}`);
      }
      if (i.charges.length === 0 && i.recalculations.length === 0) {
        return fail(
          E.NoCharges,
          `account ${i.accountNumber} has no charges for ${period} (run billing first)`,
        );
      }
      const params = {
        inputs: i,
        period,
        dueDate,
        notice,
        number: null,
        issuedOn: null,
        supersedes: correction,
      };
      return { scope: i, params };
    });
  }
}
