import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { PassThrough, Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { ZipFile } from 'yazl';
import { AuditService } from 'src/common/audit/audit.service';
import { Principal } from 'src/common/auth/roles';
import { Page } from 'src/common/http/pagination';
import { APP_CONFIG, AppConfig } from 'src/config/configuration';
import { documentError, DocumentErrorCode as E } from './documents.errors';
import { DocumentRunsRepository, RunRow } from './document-runs.repository';
import { PaymentDocumentContent } from './domain/payment-document.types';
import {
  CreateDocumentRunDto,
  DocumentRunDto,
  ListPaymentDocumentsQuery,
  PaymentDocumentDto,
  PaymentDocumentWithContentDto,
  toPaymentDocumentResponse,
} from './dto/payment-document.dto';
import { DOCUMENT_CHUNK_JOB, DOCUMENT_CHUNKS_QUEUE, documentChunkJobId } from './jobs/document-runs.queue';
import { PaymentDocumentIssuer } from './payment-document-issuer.service';
import { PaymentDocumentsRepository } from './payment-documents.repository';
import { ParsedPaymentQrDto } from './dto/payment-qr.dto';
import { parsePaymentQr } from './qr/payment-qr.parse';

/** Payment documents: preview, issue, correct, read, download (audited) and batch issue. */
@Injectable()
export class PaymentDocumentsService {
  private readonly logger = new Logger(PaymentDocumentsService.name);

  constructor(
    private readonly db: DataSource,
    private readonly issuer: PaymentDocumentIssuer,
    private readonly docs: PaymentDocumentsRepository,
    private readonly runs: DocumentRunsRepository,
    private readonly audit: AuditService,
    @InjectQueue(DOCUMENT_CHUNKS_QUEUE) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  preview(accountId: string, period: string): Promise<PaymentDocumentContent> {
    return this.issuer.preview(this.db.manager, accountId, period);
  }

  /** Issues one account's document (409 when a current one exists: correct it instead). */
  async issue(accountId: string, period: string, by: Principal): Promise<PaymentDocumentWithContentDto> {
    const id = await this.db.transaction(async (m) => {
      const r = await this.issuer.issue(m, { accountIds: [accountId], period, by: by.name, runId: null });
      if (r.failures.length) {
        const f = r.failures[0];
        throw documentError(f.code as E, f.message, { accountId });
      }
      if (r.skipped.length) {
        throw documentError(
          E.AlreadyIssued,
          `The account already has a document for ${period}; issue a correction`,
          {
            accountId,
            period,
          },
        );
      }
      return r.ids[0];
    });
    await this.issuer.renderPdfs(this.db.manager, { ids: [id] });
    return this.get(id);
  }

  /** A new document for the same account and period from today's data, superseding the old one. */
  async correct(id: string, reason: string, by: Principal): Promise<PaymentDocumentWithContentDto> {
    const newId = await this.db.transaction(async (m) => {
      const old = await this.docs.find(m, id, { lock: true });
      if (!old) throw documentError(E.DocumentNotFound, `payment document ${id} not found`, { id });
      if (old.status !== 'current') {
        throw documentError(E.AlreadySuperseded, `Document ${old.number} is superseded already`, {
          id,
          supersededById: old.superseded_by_id,
        });
      }
      const r = await this.issuer.issue(m, {
        accountIds: [old.account_id],
        period: old.period,
        by: by.name,
        runId: null,
        correction: { id: old.id, number: old.number, reason },
      });
      if (r.failures.length) throw documentError(r.failures[0].code as E, r.failures[0].message, { id });
      await this.audit.record(
        {
          actor: by,
          action: 'correct',
          entity: 'payment_document',
          entityId: old.id,
          reason,
          details: { newId: r.ids[0] },
        },
        m,
      );
      return r.ids[0];
    });
    await this.issuer.renderPdfs(this.db.manager, { ids: [newId] });
    return this.get(newId);
  }

  async get(id: string): Promise<PaymentDocumentWithContentDto> {
    const row = await this.docs.find(this.db.manager, id, { content: true });
    if (!row) throw documentError(E.DocumentNotFound, `payment document ${id} not found`, { id });
    return {
      ...toPaymentDocumentResponse(row),
      content: row.content as PaymentDocumentWithContentDto['content'],
    };
  }

  async list(q: ListPaymentDocumentsQuery): Promise<Page<PaymentDocumentDto>> {
    const limit = q.limit ?? 100;
    const rows = await this.docs.list(this.db.manager, {
      period: q.period ?? null,
      accountId: q.accountId ?? null,
      buildingId: q.buildingId ?? null,
      runId: q.runId ?? null,
      after: q.after ?? null,
      limit: limit + 1,
    });
    const items = rows.slice(0, limit).map(toPaymentDocumentResponse);
    return { items, nextAfter: rows.length > limit ? items[items.length - 1].id : null };
  }

  /** The stored PDF bytes (a reprint is byte-identical); every download is audited. */
  async pdf(id: string, by: Principal, requestId?: string): Promise<{ pdf: Buffer; fileName: string }> {
    let row = await this.docs.pdf(this.db.manager, id);
    if (!row) throw documentError(E.DocumentNotFound, `payment document ${id} not found`, { id });
    if (!row.pdf) {
      // Issued but not rendered yet (a worker stopped in between): render from the frozen content.
      await this.issuer.renderPdfs(this.db.manager, { ids: [id] });
      row = (await this.docs.pdf(this.db.manager, id))!;
    }
    await this.audit.record({
      actor: by,
      action: 'download',
      entity: 'payment_document',
      entityId: id,
      requestId,
      details: { number: row.number, accountId: row.account_id },
    });
    return { pdf: row.pdf!, fileName: `epd-${row.number}.pdf` };
  }

  async createRun(dto: CreateDocumentRunDto, by: Principal): Promise<DocumentRunDto> {
    const scopes = [dto.all === true, !!dto.buildingId, !!dto.accountIds?.length].filter(Boolean).length;
    if (scopes !== 1) {
      throw documentError(
        E.ScopeRequired,
        'Give exactly one of all: true, buildingId and accountIds',
        {},
        'buildingId',
      );
    }
    const scope: RunRow['scope'] = dto.all ? 'all' : dto.buildingId ? 'building' : 'accounts';
    if (dto.buildingId && !(await this.exists('buildings', dto.buildingId))) {
      throw documentError(E.BuildingNotFound, `building ${dto.buildingId} not found`, { id: dto.buildingId });
    }
    if (dto.accountIds) {
      const found: { id: string }[] = await this.db.query(
        `SELECT id::text FROM accounts WHERE id = ANY($1::bigint[])`,
        [dto.accountIds],
      );
      const missing = dto.accountIds.filter((id) => !found.some((f) => f.id === id));
      if (missing.length) {
        throw documentError(E.AccountNotFound, 'Some accounts do not exist', { missing }, 'accountIds');
      }
    }
    // uq_document_runs__active refuses a second active run of the same period and scope (409 DOCUMENT_RUN_ACTIVE).
    const { run, chunks } = await this.db.transaction((m) =>
      this.runs.insertRun(m, {
        period: dto.period,
        scope,
        buildingId: dto.buildingId ?? null,
        accountIds: dto.accountIds ?? null,
        by: by.name,
        chunkSize: this.config.documents.chunkSize,
      }),
    );
    if (chunks.length === 0) await this.runs.settle(run.id);
    try {
      await this.queue.addBulk(
        chunks.map((c) => ({
          name: DOCUMENT_CHUNK_JOB,
          data: { runId: run.id, chunkId: c.id },
          opts: {
            jobId: documentChunkJobId(run.id, c.id),
            attempts: this.config.billing.chunkAttempts,
            backoff: { type: 'exponential', delay: 500 },
          },
        })),
      );
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.logger.error(`document run ${run.id}: could not enqueue: ${message}`);
      await this.runs.markFailed(run.id, `queue unavailable: ${message}`);
      throw documentError(
        E.QueueUnavailable,
        'The run was recorded but could not be queued; it is marked failed',
        {
          runId: run.id,
        },
      );
    }
    return this.getRun(run.id);
  }

  async getRun(id: string): Promise<DocumentRunDto> {
    const run = await this.runs.findRun(id);
    if (!run) throw documentError(E.DocumentRunNotFound, `document run ${id} not found`, { id });
    const p = await this.runs.progress(id);
    const failed = p.failed + p.failed_chunk_accounts;
    return {
      id: run.id,
      period: run.period,
      scope: run.scope,
      buildingId: run.building_id,
      status: run.status,
      total: run.total,
      done: p.issued + p.skipped + failed,
      issued: p.issued,
      alreadyIssued: p.skipped,
      failed,
      failures: p.failures,
      chunks: {
        pending: p.chunks_pending,
        running: p.chunks_running,
        done: p.chunks_done,
        failed: p.chunks_failed,
      },
      buildingIds: [...p.buildings].sort((a, b) => Number(a) - Number(b)),
      requestedBy: run.requested_by,
      error: run.error,
      createdAt: new Date(run.created_at).toISOString(),
      finishedAt: run.finished_at ? new Date(run.finished_at).toISOString() : null,
    };
  }

  /** The building's current documents of the run's period as one ZIP (yazl, streamed); audited. */
  async zip(
    runId: string,
    buildingId: string,
    by: Principal,
    requestId?: string,
  ): Promise<{ stream: Readable; fileName: string }> {
    const run = await this.runs.findRun(runId);
    if (!run) throw documentError(E.DocumentRunNotFound, `document run ${runId} not found`, { id: runId });
    if (run.status === 'queued' || run.status === 'running') {
      throw documentError(E.ZipNotReady, 'The run is not finished yet', { runId, status: run.status });
    }
    let files = await this.docs.pdfsOfBuilding(this.db.manager, buildingId, run.period);
    const missing = files.filter((f) => !f.pdf).map((f) => f.id);
    if (missing.length) {
      await this.issuer.renderPdfs(this.db.manager, { ids: missing });
      files = await this.docs.pdfsOfBuilding(this.db.manager, buildingId, run.period);
    }
    if (files.length === 0) {
      throw documentError(E.ZipNotReady, 'The building has no documents for the period', {
        runId,
        buildingId,
      });
    }
    await this.audit.record({
      actor: by,
      action: 'download',
      entity: 'payment_document_zip',
      entityId: `${runId}/${buildingId}`,
      requestId,
      details: { period: run.period, buildingId, documents: files.length },
    });
    const zip = new ZipFile();
    const mtime = new Date(`${run.period}-01T00:00:00Z`);
    for (const f of files)
      zip.addBuffer(f.pdf!, `epd-${f.number}-${f.account_number}.pdf`, { mtime, compress: false });
    zip.end();
    const out = new PassThrough();
    zip.outputStream.pipe(out);
    return { stream: out, fileName: `epd-${run.period}-building-${buildingId}.zip` };
  }

  /** A payment QR read back, with the account its PersAcc names (for payment matching). */
  async parseQr(payload: string): Promise<ParsedPaymentQrDto> {
    const parsed = parsePaymentQr(payload);
    const rows: { id: string }[] = parsed.persAcc
      ? await this.db.query(`SELECT id::text FROM accounts WHERE number = $1`, [parsed.persAcc])
      : [];
    return { ...parsed, accountId: rows[0]?.id ?? null };
  }

  private async exists(table: 'buildings' | 'accounts', id: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id]);
    return rows.length > 0;
  }
}
