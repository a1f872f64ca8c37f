import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { APP_CONFIG, AppConfig } from 'src/config/configuration';
import { BillingRunsRepository } from '../billing-runs.repository';
import {
  BILLING_BUILDINGS_QUEUE,
  BILLING_RUNS_QUEUE,
  BUILDING_JOB,
  BuildingJobData,
  SWEEP_JOB,
  SWEEP_SCHEDULER_ID,
  sweptBuildingJobId,
} from './billing-runs.queue';

export interface SweepResult {
  requeued: number;
  settled: number;
}

/**
 * Recovery from lost or hung jobs, driven by the database: a repeatable job (BullMQ job scheduler)
 * re-enqueues chunks pending or running past the threshold and settles runs whose chunks have all
 * finished but whose finalize job never ran. Safe to run any time: a done chunk is never recomputed.
 */
@Injectable()
export class BillingRunsSweeper implements OnApplicationBootstrap {
  private readonly logger = new Logger(BillingRunsSweeper.name);

  constructor(
    private readonly repo: BillingRunsRepository,
    @InjectQueue(BILLING_RUNS_QUEUE) private readonly runs: Queue,
    @InjectQueue(BILLING_BUILDINGS_QUEUE) private readonly buildings: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.billing.sweepEverySeconds === 0) {
      await this.runs.removeJobScheduler(SWEEP_SCHEDULER_ID);
      return;
    }
    await this.runs.upsertJobScheduler(
      SWEEP_SCHEDULER_ID,
      { every: this.config.billing.sweepEverySeconds * 1000 },
      { name: SWEEP_JOB, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } },
    );
  }

  async sweep(): Promise<SweepResult> {
    const stuck = await this.repo.stuckChunks(this.config.billing.stuckAfterSeconds);
    for (const c of stuck) {
      const data: BuildingJobData = {
        runId: c.run_id,
        chunks: [{ chunkId: c.id, buildingId: c.building_id }],
        period: c.period.slice(0, 7),
        mode: c.mode,
        accountIds: c.account_ids,
      };
      await this.buildings.add(BUILDING_JOB, data, {
        jobId: sweptBuildingJobId(c.run_id, c.building_id, c.attempts),
        attempts: this.config.billing.chunkAttempts,
        backoff: { type: 'exponential', delay: 500 },
      });
    }
    let settled = 0;
    for (const runId of await this.repo.unsettledFinishedRuns()) {
      if (await this.repo.settleRun(runId)) settled += 1;
    }
    if (stuck.length || settled)
      this.logger.warn(`sweep: re-enqueued ${stuck.length} chunks, settled ${settled} runs`);
    return { requeued: stuck.length, settled };
  }
}
