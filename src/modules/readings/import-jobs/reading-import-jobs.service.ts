import { createHash } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { DomainError, NotFoundError } from 'src/common/errors/domain-error';
import { APP_CONFIG, AppConfig } from 'src/config/configuration';
import { parseReadingsCsv } from '../domain/reading-import.rules';
import {
  ReadingImportJobDto,
  ReadingImportLineResultDto,
  ReadingImportResponseDto,
} from '../dto/reading-import.dto';
import { ReadingImportService } from '../reading-import.service';
import { ImportJobRow, ReadingImportJobsRepository } from './reading-import-jobs.repository';
import {
  READING_IMPORT_JOB,
  READING_IMPORTS_QUEUE,
  ReadingImportJobData,
  readingImportJobId,
} from './reading-import-jobs.queue';

export type ImportAnswer =
  { kind: 'done'; result: ReadingImportResponseDto } | { kind: 'queued'; job: ReadingImportJobDto };

/**
 * POST /readings/import: a file of up to READINGS_IMPORT_ASYNC_LINES data lines is imported in the
 * request; a larger one is stored as a job row and queued (202), and the worker runs it through the
 * same per-line idempotent path, recording progress after every chunk. The job row is committed
 * before the queue job is added (deterministic id), so a lost queue job is re-added by sending the
 * file again or found as `queued` in the API.
 */
@Injectable()
export class ReadingImportJobsService {
  constructor(
    private readonly imports: ReadingImportService,
    private readonly repo: ReadingImportJobsRepository,
    @InjectQueue(READING_IMPORTS_QUEUE) private readonly queue: Queue<ReadingImportJobData>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async importOrQueue(body: unknown, fileName: string | null, by: string): Promise<ImportAnswer> {
    const csv = this.imports.csvBody(body);
    const total = parseReadingsCsv(csv).length; // a bad header is refused here, before anything is queued
    if (total <= this.config.readingImports.asyncLines) {
      return { kind: 'done', result: await this.imports.run(csv, fileName, by) };
    }
    const sha256 = createHash('sha256').update(csv).digest('hex');
    const id = await this.repo.insert({ fileName, sha256, body: csv, linesTotal: total, createdBy: by });
    try {
      await this.queue.add(
        READING_IMPORT_JOB,
        { jobId: id },
        {
          jobId: readingImportJobId(id),
          attempts: 3,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: 1000,
          removeOnFail: 1000,
        },
      );
    } catch (e) {
      await this.repo.fail(id, `not queued: ${e instanceof Error ? e.message : String(e)}`, true);
      throw new DomainError(
        'conflict',
        'QUEUE_UNAVAILABLE',
        'The import could not be queued; send the file again',
        {
          jobId: id,
        },
      );
    }
    return { kind: 'queued', job: await this.get(id) };
  }

  async get(id: string): Promise<ReadingImportJobDto> {
    const row = await this.repo.find(id);
    if (!row) throw new NotFoundError('reading import job', id);
    return toJobDto(row);
  }

  async result(id: string): Promise<ReadingImportResponseDto> {
    const row = await this.repo.findImport(id);
    if (!row) throw new NotFoundError('reading import', id);
    return {
      importId: row.id,
      lines: row.lines,
      accepted: row.accepted,
      unchanged: row.unchanged,
      rejected: row.rejected,
      results: row.results as ReadingImportLineResultDto[],
    };
  }

  /** The worker's step: claim, import with progress, complete. Returns false when already done. */
  async runJob(id: string): Promise<boolean> {
    const job = await this.repo.claim(id);
    if (!job) return false;
    const result = await this.imports.run(job.body, job.file_name, job.created_by, (p) =>
      this.repo.progress(id, p),
    );
    await this.repo.complete(id, result.importId, {
      done: result.lines,
      accepted: result.accepted,
      unchanged: result.unchanged,
      rejected: result.rejected,
    });
    return true;
  }

  fail(id: string, error: string, final: boolean): Promise<void> {
    return this.repo.fail(id, error, final);
  }
}

function toJobDto(r: ImportJobRow): ReadingImportJobDto {
  return {
    jobId: r.id,
    fileName: r.file_name,
    sha256: r.sha256,
    status: r.status,
    total: r.lines_total,
    done: r.lines_done,
    accepted: r.accepted,
    unchanged: r.unchanged,
    rejected: r.rejected,
    attempts: r.attempts,
    importId: r.import_id,
    error: r.error,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
  };
}
