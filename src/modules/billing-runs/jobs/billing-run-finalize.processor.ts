import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { BillingRunsRepository } from '../billing-runs.repository';
import { BILLING_RUNS_QUEUE, FinalizeJobData, SWEEP_JOB } from './billing-runs.queue';
import { BillingRunsSweeper, SweepResult } from './billing-runs.sweeper';

/**
 * The run-level queue: `billing-run.finalize` runs when every building child has finished (or finally
 * failed) and settles the run from the chunk rows; `billing-run.sweep` is the periodic recovery.
 */
@Processor(BILLING_RUNS_QUEUE)
export class BillingRunFinalizeProcessor extends WorkerHost {
  private readonly logger = new Logger(BillingRunFinalizeProcessor.name);

  constructor(
    private readonly repo: BillingRunsRepository,
    private readonly sweeper: BillingRunsSweeper,
  ) {
    super();
  }

  async process(job: Job<FinalizeJobData>): Promise<{ status: string | null } | SweepResult> {
    if (job.name === SWEEP_JOB) return this.sweeper.sweep();
    const run = await this.repo.settleRun(job.data.runId);
    if (run) this.logger.log(`run ${run.id} ${run.period.slice(0, 7)}: ${run.status}, ${run.lines} lines`);
    // After the run is settled (its status is what callers wait for), so it adds nothing to the run.
    if (run && run.mode === 'final' && (run.lines ?? 0) > 0) {
      await this.repo
        .refreshLineStatistics(run.mode)
        .catch((e: unknown) => this.logger.warn(`ANALYZE: ${String(e)}`));
    }
    return { status: run?.status ?? null };
  }
}
