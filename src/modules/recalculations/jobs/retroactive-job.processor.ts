import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { Principal, Role } from 'src/common/auth/roles';
import { CreateRetroactiveRecalculationDto } from '../dto/recalculation-requests.dto';
import { RetroactiveJobsRepository } from '../retroactive-jobs.repository';
import { periodsOf, RetroactiveRecalculationService } from '../retroactive-recalculation.service';
import { JOB_MAX_PERIODS, RETROACTIVE_JOBS_QUEUE, RetroactiveJobData } from './retroactive-jobs.queue';

export interface RetroactiveJobResult {
  skipped?: true;
  buildingsDone?: number;
  buildingsFailed?: number;
  documents?: number;
}

/**
 * Runs a retroactive job building by building. Each building is claimed (row lock, pending only),
 * recomputed and posted, and marked done in one transaction — so a retried or repeated job never
 * posts a building twice. A failing building is recorded with its error and the others go on;
 * progress is reported to BullMQ and kept on the job row after each building.
 */
@Processor(RETROACTIVE_JOBS_QUEUE)
export class RetroactiveJobProcessor extends WorkerHost {
  private readonly logger = new Logger(RetroactiveJobProcessor.name);

  constructor(
    private readonly db: DataSource,
    private readonly repo: RetroactiveJobsRepository,
    private readonly retro: RetroactiveRecalculationService,
  ) {
    super();
  }

  async process(job: Job<RetroactiveJobData>): Promise<RetroactiveJobResult> {
    const row = await this.repo.start(job.data.jobId);
    if (!row || !['queued', 'running'].includes(row.status)) return { skipped: true };
    const periods = periodsOf(row.from_period, row.to_period, JOB_MAX_PERIODS);
    const by: Principal = {
      kind: row.requested_by.kind as Principal['kind'],
      id: row.requested_by.id,
      name: row.requested_by.name,
      role: row.requested_by.role as Role,
      scopes: [],
    };
    for (const buildingId of await this.repo.buildingIds(this.db.manager, row.id, ['pending'])) {
      const dto: CreateRetroactiveRecalculationDto = {
        buildingId,
        fromPeriod: row.from_period,
        toPeriod: row.to_period,
        reason: row.reason,
        serviceCodes: row.service_codes ?? undefined,
        postingPeriod: row.posting_period ?? undefined,
      };
      try {
        await this.db.transaction(async (m) => {
          if (!(await this.repo.claimBuilding(m, row.id, buildingId))) return;
          const out = await this.retro.building(m, dto, periods, by, {
            retroactiveJobId: row.id,
            revision: row.revision,
          });
          await this.repo.markDone(m, row.id, buildingId, {
            documents: out.ids.length,
            amount: out.amount,
            skipped: out.skipped,
          });
        });
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        this.logger.warn(`retroactive job ${row.id} building ${buildingId} failed: ${message}`);
        await this.repo.markFailed(row.id, buildingId, message);
      }
      const now = await this.repo.settle(row.id);
      await job.updateProgress({
        buildingsTotal: now.buildings_total,
        buildingsDone: now.buildings_done,
        buildingsFailed: now.buildings_failed,
      });
    }
    const done = await this.repo.settle(row.id);
    return {
      buildingsDone: done.buildings_done,
      buildingsFailed: done.buildings_failed,
      documents: done.documents,
    };
  }
}
