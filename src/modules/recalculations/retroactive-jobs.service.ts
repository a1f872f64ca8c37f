import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { Principal } from 'src/common/auth/roles';
import { DomainError, NotFoundError } from 'src/common/errors/domain-error';
import { APP_CONFIG, AppConfig } from 'src/config/configuration';
import { CreateRetroactiveJobDto, RetroactiveJobDto } from './dto/retroactive-job.dto';
import {
  JOB_MAX_PERIODS,
  RETROACTIVE_JOB,
  RETROACTIVE_JOBS_QUEUE,
  RetroactiveJobData,
  retroactiveQueueId,
} from './jobs/retroactive-jobs.queue';
import { RecalculationErrorCode, ruleError } from './recalculations.errors';
import { periodsOf } from './retroactive-recalculation.service';
import { JobRow, RetroactiveJobsRepository } from './retroactive-jobs.repository';

const sameSet = (a: string[] | null, b: string[] | null) =>
  JSON.stringify(a ? [...a].sort() : null) === JSON.stringify(b ? [...b].sort() : null);

/**
 * Retroactive recalculation of several buildings as a queued job: the job row and one row per building
 * are committed first (the revision is unique), then one BullMQ job with a deterministic id. Posting
 * the same revision again returns the same job; its failed buildings are retried, done ones never
 * recomputed. Progress is read from the rows.
 */
@Injectable()
export class RetroactiveJobsService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: RetroactiveJobsRepository,
    @InjectQueue(RETROACTIVE_JOBS_QUEUE) private readonly queue: Queue<RetroactiveJobData>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async start(dto: CreateRetroactiveJobDto, by: Principal): Promise<RetroactiveJobDto> {
    periodsOf(dto.fromPeriod, dto.toPeriod, JOB_MAX_PERIODS);
    const buildingIds = [...new Set(dto.buildingIds)].sort((a, b) => Number(a) - Number(b));
    const serviceCodes = dto.serviceCodes?.length ? [...new Set(dto.serviceCodes)].sort() : null;
    const id = await this.db.transaction(async (m) => {
      const found: { id: string }[] = await m.query(
        `SELECT id::text FROM buildings WHERE id = ANY($1::bigint[])`,
        [buildingIds],
      );
      const missing = buildingIds.find((b) => !found.some((f) => f.id === b));
      if (missing) throw new NotFoundError('building', missing);
      if (dto.postingPeriod) await this.openPosting(m, dto.postingPeriod, dto.toPeriod);
      const created = await this.repo.insert(m, {
        ...dto,
        buildingIds,
        serviceCodes,
        postingPeriod: dto.postingPeriod ?? null,
        requestedBy: { kind: by.kind, id: by.id, name: by.name, role: by.role },
      });
      if (created) return created;
      const job = (await this.repo.byRevision(m, dto.revision))!;
      await this.sameRequest(m, job, { ...dto, buildingIds, serviceCodes });
      await this.repo.reopenFailed(m, job.id);
      return job.id;
    });
    await this.enqueue(id);
    return this.get(id);
  }

  async get(id: string): Promise<RetroactiveJobDto> {
    const dto = await this.repo.dto(this.db.manager, id);
    if (!dto) throw new NotFoundError('retroactive job', id);
    return dto;
  }

  /** A requested posting period must be open and not before the last corrected period (refused up front). */
  private async openPosting(
    m: Parameters<RetroactiveJobsRepository['buildingIds']>[0],
    postingPeriod: string,
    toPeriod: string,
  ): Promise<void> {
    const [closed] = await m.query(`SELECT 1 FROM billing_periods WHERE status = 'closed' AND period = $1`, [
      `${postingPeriod}-01`,
    ]);
    if (closed) {
      throw ruleError(RecalculationErrorCode.PeriodClosed, `Period ${postingPeriod} is closed`, {
        postingPeriod,
      });
    }
    if (postingPeriod < toPeriod) {
      throw ruleError(
        RecalculationErrorCode.PostingBeforeCorrected,
        `postingPeriod ${postingPeriod} is before toPeriod ${toPeriod}`,
        { postingPeriod, toPeriod },
      );
    }
  }

  /** A revision names one change: asking it again with other parameters is refused. */
  private async sameRequest(
    m: Parameters<RetroactiveJobsRepository['buildingIds']>[0],
    job: JobRow,
    dto: Omit<CreateRetroactiveJobDto, 'serviceCodes'> & { serviceCodes: string[] | null },
  ): Promise<void> {
    const buildings = await this.repo.buildingIds(m, job.id);
    const same =
      job.from_period === dto.fromPeriod &&
      job.to_period === dto.toPeriod &&
      job.posting_period === (dto.postingPeriod ?? null) &&
      sameSet(job.service_codes, dto.serviceCodes) &&
      sameSet(buildings, dto.buildingIds);
    if (!same) {
      throw ruleError(
        RecalculationErrorCode.RevisionConflict,
        `Revision ${job.revision} was started with other parameters (job ${job.id})`,
        { jobId: job.id },
      );
    }
  }

  /** One queue job per row; a finished one retained under the id is removed first so a resume runs. */
  private async enqueue(id: string): Promise<void> {
    const jobId = retroactiveQueueId(id);
    try {
      const old = await this.queue.getJob(jobId);
      if (old && ((await old.isCompleted()) || (await old.isFailed()))) await old.remove();
      await this.queue.add(
        RETROACTIVE_JOB,
        { jobId: id },
        {
          jobId,
          attempts: this.config.billing.chunkAttempts,
          backoff: { type: 'exponential', delay: 500 },
        },
      );
    } catch (e) {
      throw new DomainError(
        'conflict',
        'QUEUE_UNAVAILABLE',
        'The job was recorded but could not be queued; post the same revision again to resume it',
        { jobId: id, error: e instanceof Error ? e.message : String(e) },
      );
    }
  }
}
