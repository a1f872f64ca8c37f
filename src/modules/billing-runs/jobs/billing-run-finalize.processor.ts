import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { BillingRunsRepository } from '../billing-runs.repository';
import { BILLING_RUNS_QUEUE, FinalizeJobData } from './billing-runs.queue';

/** Runs when every building child has finished (or finally failed): settles the run from the chunk rows. */
@Processor(BILLING_RUNS_QUEUE)
export class BillingRunFinalizeProcessor extends WorkerHost {
  private readonly logger = new Logger(BillingRunFinalizeProcessor.name);

  constructor(private readonly repo: BillingRunsRepository) {
    super();
  }

  async process(job: Job<FinalizeJobData>): Promise<{ status: string | null }> {
    const run = await this.repo.settleRun(job.data.runId);
    if (run) this.logger.log(`run ${run.id} ${run.period.slice(0, 7)}: ${run.status}, ${run.lines} lines`);
    return { status: run?.status ?? null };
  }
}
