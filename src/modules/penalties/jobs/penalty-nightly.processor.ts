import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { PenaltyRunResponseDto } from '../accruals/dto/penalty-run.dto';
import { PenaltyRunsService } from '../accruals/penalty-runs.service';
import { PenaltyChargesService } from '../charges/penalty-charges.service';
import { PENALTY_RUNS_QUEUE } from './penalty-runs.queue';

/**
 * The scheduler's nightly job: starts the run of the day it was scheduled for (in the billing time
 * zone, so a late start after midnight still computes its own night), or resumes it if it exists.
 * Penalties are cumulative, so the run of a day after a missed night catches that night up.
 */
@Processor(PENALTY_RUNS_QUEUE)
export class PenaltyNightlyProcessor extends WorkerHost {
  private readonly logger = new Logger(PenaltyNightlyProcessor.name);

  constructor(
    private readonly runs: PenaltyRunsService,
    private readonly charges: PenaltyChargesService,
  ) {
    super();
  }

  async process(job: Job): Promise<PenaltyRunResponseDto> {
    const scheduledFor = job.opts.prevMillis ?? job.timestamp;
    const asOf = this.runs.today(new Date(scheduledFor));
    const run = await this.runs.start(asOf, 'scheduler');
    this.logger.log(`penalty run ${asOf}: ${run.chunksTotal} chunks of accounts queued`);
    // An estate without accounts completes at once (no chunk job will post the waiting periods).
    if (run.status === 'completed') await this.charges.postWaitingQuietly('penalty-run');
    return run;
  }
}
