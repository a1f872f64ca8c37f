import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { APP_CONFIG, AppConfig } from 'src/config/configuration';
import { NIGHTLY_JOB, NIGHTLY_SCHEDULER_ID, PENALTY_RUNS_QUEUE } from './penalty-runs.queue';

/**
 * Registers the nightly penalty accrual as a BullMQ job scheduler: PENALTY_NIGHTLY_CRON (default
 * 02:00) in the billing time zone. PENALTY_NIGHTLY_CRON=off removes it (tests start runs directly).
 */
@Injectable()
export class PenaltyNightlyScheduler implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(PENALTY_RUNS_QUEUE) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const pattern = this.config.penalties.nightlyCron;
    if (pattern === null) {
      await this.queue.removeJobScheduler(NIGHTLY_SCHEDULER_ID);
      return;
    }
    await this.queue.upsertJobScheduler(
      NIGHTLY_SCHEDULER_ID,
      { pattern, tz: this.config.billing.timezone },
      { name: NIGHTLY_JOB, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } },
    );
  }
}
