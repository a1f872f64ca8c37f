import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnModuleInit } from '@nestjs/common';
import { Job } from 'bullmq';
import { APP_CONFIG, AppConfig } from 'src/config/configuration';
import { ChunkOutcome, PenaltyAccrualService } from '../accruals/penalty-accrual.service';
import { PenaltyRunsRepository } from '../accruals/penalty-runs.repository';
import { PenaltyChargesService } from '../charges/penalty-charges.service';
import { PENALTY_CHUNKS_QUEUE, ChunkJobData } from './penalty-runs.queue';

/**
 * Accrues one chunk of accounts: claim the chunk row (a done chunk returns at once), find the debtors
 * of its range of account ids, compute and store in one transaction, then settle the run's progress
 * (and, when that completes the run, post the penalty lines of closed periods waiting for it). Errors
 * are rethrown so BullMQ retries; the last attempt marks the chunk failed and the run completes with
 * errors.
 */
@Processor(PENALTY_CHUNKS_QUEUE)
export class PenaltyChunkProcessor extends WorkerHost implements OnModuleInit {
  private readonly logger = new Logger(PenaltyChunkProcessor.name);

  constructor(
    private readonly accrual: PenaltyAccrualService,
    private readonly runs: PenaltyRunsRepository,
    private readonly charges: PenaltyChargesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  onModuleInit(): void {
    this.worker.concurrency = this.config.billing.workerConcurrency;
    void this.accrual.warmRules();
  }

  async process(job: Job<ChunkJobData>): Promise<ChunkOutcome> {
    const { runDate, chunkNo } = job.data;
    const range = await this.runs.claimChunk(runDate, chunkNo);
    if (!range) return { skipped: true, accounts: 0, rows: 0 };
    try {
      const outcome = await this.accrual.accrueChunk(runDate, chunkNo, range);
      // The last chunk completes the run: periods closed and waiting for this day post their lines.
      if ((await this.runs.settle(runDate)) === 'completed') {
        await this.charges.postWaitingQuietly('penalty-run');
      }
      return outcome;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      this.logger.warn(
        `penalty run ${runDate} chunk ${chunkNo} attempt ${job.attemptsMade + 1} failed${final ? ' (final)' : ''}: ${message}`,
      );
      await this.runs.failChunk(runDate, chunkNo, message, final);
      await this.runs.settle(runDate);
      throw e;
    }
  }
}
