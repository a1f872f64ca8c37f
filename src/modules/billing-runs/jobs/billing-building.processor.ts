import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnModuleInit } from '@nestjs/common';
import { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from 'src/config/configuration';
import { dec, moneyString, sum } from 'src/shared/money';
import { BillingInputsRepository } from '../billing-inputs.repository';
import { BillingRunsRepository } from '../billing-runs.repository';
import { calculateChargeLines } from '../domain/charge-lines.calc';
import { BILLING_BUILDINGS_QUEUE, BuildingJobData } from './billing-runs.queue';

export interface BuildingJobResult {
  skipped?: true;
  accounts?: number;
  lines?: number;
  issues?: number;
  total?: string;
}

/**
 * Computes one building's month: claim the chunk (a done chunk returns at once), lock the building,
 * load its inputs in bulk, run the pure calculation, replace the period's lines, mark the chunk done —
 * all in one transaction. Errors are rethrown so BullMQ retries; the last attempt marks the chunk failed.
 */
@Processor(BILLING_BUILDINGS_QUEUE)
export class BillingBuildingProcessor extends WorkerHost implements OnModuleInit {
  private readonly logger = new Logger(BillingBuildingProcessor.name);

  constructor(
    private readonly db: DataSource,
    private readonly repo: BillingRunsRepository,
    private readonly inputs: BillingInputsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  onModuleInit(): void {
    this.worker.concurrency = this.config.billing.workerConcurrency;
  }

  async process(job: Job<BuildingJobData>): Promise<BuildingJobResult> {
    const { runId, chunkId, buildingId, period } = job.data;
    const mode = job.data.mode ?? 'final';
    const accountIds = job.data.accountIds ?? null;
    const chunk = await this.repo.startChunk(chunkId);
    if (!chunk) return { skipped: true };
    try {
      return await this.db.transaction(async (m) => {
        await this.repo.lockBuilding(m, buildingId);
        const inputs = await this.inputs.load(m, buildingId, period);
        // The whole building is computed even for a few accounts: common-property shares need every volume.
        const all = calculateChargeLines({ period, ...inputs });
        const wanted = accountIds ? new Set(accountIds) : undefined;
        const lines = wanted ? all.lines.filter((l) => wanted.has(l.accountId)) : all.lines;
        const issues = wanted ? all.issues.filter((i) => wanted.has(i.accountId)) : all.issues;
        await this.repo.replaceLines(m, { id: runId, mode, accountIds }, buildingId, period, lines, issues);
        const counts = {
          accounts: new Set(lines.map((l) => l.accountId)).size,
          lines: lines.length,
          issues: issues.length,
          total: moneyString(sum(lines.map((l) => dec(l.amount)))),
        };
        await this.repo.completeChunk(m, chunkId, counts);
        return counts;
      });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      this.logger.warn(
        `run ${runId} building ${buildingId} attempt ${job.attemptsMade + 1} failed${final ? ' (final)' : ''}: ${message}`,
      );
      await this.repo.failChunk(chunkId, message, final);
      throw e;
    }
  }
}
