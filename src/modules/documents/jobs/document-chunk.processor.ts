import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnModuleInit } from '@nestjs/common';
import { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from 'src/config/configuration';
import { DocumentRunsRepository } from '../document-runs.repository';
import { PaymentDocumentIssuer } from '../payment-document-issuer.service';
import { PaymentDocumentRenderer } from '../render/payment-document-renderer';
import { DOCUMENT_CHUNKS_QUEUE, DocumentChunkJobData } from './document-runs.queue';

export interface DocumentChunkResult {
  skipped?: true;
  issued?: number;
  alreadyIssued?: number;
  failed?: number;
}

/**
 * Issues one chunk of a batch (up to DOCUMENTS_CHUNK_SIZE accounts, in building order, of one or more buildings): claim the chunk
 * row (a done chunk returns at once), number and store the contents in one short transaction, render
 * and store the PDFs with the chunk's completion in a second, then settle the run. Re-runs are idempotent: accounts with a current document for the period are
 * skipped under the numbering lock. Errors are rethrown so BullMQ retries; the last attempt marks the
 * chunk failed and the run completes with errors.
 */
@Processor(DOCUMENT_CHUNKS_QUEUE)
export class DocumentChunkProcessor extends WorkerHost implements OnModuleInit {
  private readonly logger = new Logger(DocumentChunkProcessor.name);

  constructor(
    private readonly db: DataSource,
    private readonly runs: DocumentRunsRepository,
    private readonly issuer: PaymentDocumentIssuer,
    private readonly renderer: PaymentDocumentRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  onModuleInit(): void {
    this.worker.concurrency = this.config.documents.workerConcurrency;
    void this.renderer.warm();
  }

  async process(job: Job<DocumentChunkJobData>): Promise<DocumentChunkResult> {
    const { runId, chunkId } = job.data;
    const chunk = await this.runs.claimChunk(chunkId);
    if (!chunk) return { skipped: true };
    try {
      // Numbers and contents in one short transaction (the organisation's numbering lock), then the
      // PDFs — also those a crashed earlier attempt left unrendered — with the chunk's completion.
      const r = await this.db.transaction((m) =>
        this.issuer.issue(m, {
          accountIds: chunk.account_ids,
          period: chunk.period,
          by: `document-run ${runId}`,
          runId,
        }),
      );
      const result = await this.db.transaction(async (m) => {
        await this.issuer.renderPdfs(m, { accountIds: chunk.account_ids, period: chunk.period }, r.issued);
        await this.runs.completeChunk(m, chunkId, {
          done: r.ids.length,
          skipped: r.skipped.length,
          failures: r.failures,
        });
        return { issued: r.ids.length, alreadyIssued: r.skipped.length, failed: r.failures.length };
      });
      await this.runs.settle(runId);
      return result;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      this.logger.warn(
        `document run ${runId} chunk ${chunkId} attempt ${job.attemptsMade + 1} failed${final ? ' (final)' : ''}: ${message}`,
      );
      await this.runs.failChunk(chunkId, message, final);
      await this.runs.settle(runId);
      throw e;
    }
  }
}
