import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { ConflictError, DomainError, RuleViolationError } from 'src/common/errors/domain-error';
import { APP_CONFIG, AppConfig } from 'src/config/configuration';
import { todayIn } from 'src/shared/period';
import { PenaltyErrorCode as E, ruleNotFound } from '../penalties.errors';
import { CHUNK_JOB, ChunkJobData, chunkJobId, PENALTY_CHUNKS_QUEUE } from '../jobs/penalty-runs.queue';
import { PenaltyRunPageDto, PenaltyRunResponseDto, toPenaltyRunResponse } from './dto/penalty-run.dto';
import { PenaltyRunsRepository } from './penalty-runs.repository';

/**
 * Runs of the penalty accrual, one per calculation date: the run row and its chunk rows (ranges of
 * `PENALTY_CHUNK_SIZE` consecutive account ids; each chunk finds the debtors of its range when it
 * runs) are committed first, then one queue job per chunk with a deterministic id. Starting a date
 * again resumes it (failed chunks retried, done ones skipped) and never recomputes a done chunk.
 */
@Injectable()
export class PenaltyRunsService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: PenaltyRunsRepository,
    @InjectQueue(PENALTY_CHUNKS_QUEUE) private readonly chunks: Queue<ChunkJobData>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Today in the billing time zone: the nightly job's calculation date. */
  today(now: Date = new Date()): string {
    return todayIn(this.config.billing.timezone, now);
  }

  async start(asOf: string, by: string): Promise<PenaltyRunResponseDto> {
    if (asOf > this.today()) {
      throw new RuleViolationError(E.RunDateInFuture, `${asOf} has not come yet`, { asOf }, 'asOf');
    }
    const created = await this.db.transaction(async (m) => {
      // One run at a time may start: the latest date decides the order (totals only move forward).
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('penalty-runs'))`);
      const [latest] = await m.query(`SELECT to_char(max(run_date), 'YYYY-MM-DD') AS d FROM penalty_runs`);
      if (latest?.d && latest.d > asOf) {
        throw new ConflictError(E.RunOutOfOrder, `A run for ${latest.d} exists; runs only move forward`, {
          latest: latest.d,
        });
      }
      if (!(await this.repo.insertRun(m, asOf, by))) return false;
      await this.repo.insertChunks(m, asOf, this.config.penalties.chunkSize);
      return true;
    });
    if (!created) await this.repo.reopenFailed(asOf);
    await this.enqueue(asOf);
    return this.get(asOf);
  }

  /** One job per chunk still pending, with deterministic ids (a job already queued is not added twice). */
  private async enqueue(runDate: string): Promise<void> {
    const pending = await this.repo.chunks(runDate, ['pending']);
    if (pending.length === 0) return;
    try {
      const jobs = pending.map((c) => ({
        name: CHUNK_JOB,
        data: { runDate, chunkNo: c.chunk_no },
        opts: {
          jobId: chunkJobId(runDate, c.chunk_no, c.attempts),
          attempts: this.config.billing.chunkAttempts,
          backoff: { type: 'exponential', delay: 500 },
        },
      }));
      // A finished job retained under the id of a chunk still pending would swallow the new one. The
      // look-ups go out together (one round trip to the queue instead of one per chunk).
      await Promise.all(
        jobs.map(async (j) => {
          const old = await this.chunks.getJob(j.opts.jobId);
          if (old && ((await old.isCompleted()) || (await old.isFailed()))) await old.remove();
        }),
      );
      await this.chunks.addBulk(jobs);
    } catch (e) {
      throw new DomainError(
        'conflict',
        'QUEUE_UNAVAILABLE',
        'The run was recorded but could not be queued; start the same date again to resume it',
        { runDate, error: e instanceof Error ? e.message : String(e) },
      );
    }
  }

  async get(runDate: string): Promise<PenaltyRunResponseDto> {
    const run = await this.repo.findRun(runDate);
    if (!run) throw ruleNotFound(E.RunNotFound, 'penalty run', runDate);
    const open = await this.repo.chunks(runDate, ['pending', 'running', 'failed']);
    return toPenaltyRunResponse(run, open);
  }

  async list(limit: number, before: string | null): Promise<PenaltyRunPageDto> {
    const rows = await this.repo.listRuns(limit + 1, before);
    const items = rows.slice(0, limit).map((r) => toPenaltyRunResponse(r));
    return { items, nextBefore: rows.length > limit ? items[items.length - 1].runDate : null };
  }
}
