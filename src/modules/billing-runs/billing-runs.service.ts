import { InjectFlowProducer } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { FlowProducer } from 'bullmq';
import { DataSource } from 'typeorm';
import { Principal } from 'src/common/auth/roles';
import { DomainError, NotFoundError } from 'src/common/errors/domain-error';
import { Page } from 'src/common/http/pagination';
import { APP_CONFIG, AppConfig } from 'src/config/configuration';
import { dec, moneyString, sum } from 'src/shared/money';
import { BillingPeriodsService } from './billing-periods.service';
import { BillingRunsRepository, ChunkRow, RunRow } from './billing-runs.repository';
import {
  BillingRunIssueDto,
  BillingRunResponseDto,
  CreateBillingRunDto,
  toBillingRunResponse,
} from './dto/billing-run.dto';
import {
  BILLING_BUILDINGS_QUEUE,
  BILLING_FLOW_PRODUCER,
  BILLING_RUNS_QUEUE,
  BUILDING_JOB,
  buildingJobId,
  FINALIZE_JOB,
  finalizeJobId,
} from './jobs/billing-runs.queue';

/** Starts billing runs (row first, queue second) and reports their state from the database. */
@Injectable()
export class BillingRunsService {
  private readonly logger = new Logger(BillingRunsService.name);

  constructor(
    private readonly db: DataSource,
    private readonly repo: BillingRunsRepository,
    private readonly periods: BillingPeriodsService,
    @InjectFlowProducer(BILLING_FLOW_PRODUCER) private readonly flows: FlowProducer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(dto: CreateBillingRunDto, by: Principal): Promise<BillingRunResponseDto> {
    await this.periods.assertOpen(dto.period);
    const mode = dto.mode ?? 'final';
    const accountIds = dto.accountIds ?? null;
    const requested = accountIds ? await this.buildingsOfAccounts(accountIds) : (dto.buildingIds ?? null);
    const buildingIds = await this.repo.existingBuildingIds(requested);
    const missing = (dto.buildingIds ?? []).filter((id) => !buildingIds.includes(id));
    if (!accountIds && missing.length) {
      throw new DomainError('rule', 'BUILDING_NOT_FOUND', 'Some buildings do not exist', { missing }, [
        { field: 'buildingIds', errors: [`unknown: ${missing.join(', ')}`] },
      ]);
    }
    if (buildingIds.length === 0)
      throw new DomainError('rule', 'NO_BUILDINGS', 'There is nothing to bill: no buildings');
    // The unique index uq_billing_runs__active_period refuses a second active final run (409 BILLING_RUN_ACTIVE).
    const { run, chunks } = await this.db.transaction((m) =>
      this.repo.insertRun(m, { period: dto.period, buildingIds, requested, accountIds, mode, by: by.name }),
    );
    await this.enqueue(run, chunks);
    return this.get(run.id);
  }

  /** The buildings of the accounts a run is limited to; unknown accounts are refused (422). */
  private async buildingsOfAccounts(accountIds: string[]): Promise<string[]> {
    const rows = await this.repo.accountBuildings(accountIds);
    const missing = accountIds.filter((id) => !rows.some((r) => r.id === id));
    if (missing.length) {
      throw new DomainError('rule', 'ACCOUNT_NOT_FOUND', 'Some accounts do not exist', { missing }, [
        { field: 'accountIds', errors: [`unknown: ${missing.join(', ')}`] },
      ]);
    }
    return [...new Set(rows.map((r) => r.building_id))];
  }

  /**
   * One flow: a child per batch of BILLING_BATCH_BUILDINGS buildings (deterministic ids, retries with
   * backoff) and a parent that settles the run. Progress is still per building: one chunk row each.
   */
  private async enqueue(run: RunRow, chunks: ChunkRow[]): Promise<void> {
    const period = run.period.slice(0, 7);
    const size = this.config.billing.batchBuildings;
    const sorted = [...chunks].sort((a, b) => Number(BigInt(a.building_id) - BigInt(b.building_id)));
    const batches: ChunkRow[][] = [];
    for (let i = 0; i < sorted.length; i += size) batches.push(sorted.slice(i, i + size));
    try {
      await this.flows.add({
        name: FINALIZE_JOB,
        queueName: BILLING_RUNS_QUEUE,
        data: { runId: run.id },
        opts: { jobId: finalizeJobId(run.id) },
        children: batches.map((batch) => ({
          name: BUILDING_JOB,
          queueName: BILLING_BUILDINGS_QUEUE,
          data: {
            runId: run.id,
            chunks: batch.map((c) => ({ chunkId: c.id, buildingId: c.building_id })),
            period,
            mode: run.mode,
            accountIds: run.account_ids,
          },
          opts: {
            jobId: buildingJobId(run.id, batch[0].building_id),
            attempts: this.config.billing.chunkAttempts,
            backoff: { type: 'exponential', delay: 500 },
            // One bad batch never blocks the run: the parent settles from the chunk rows.
            ignoreDependencyOnFailure: true,
          },
        })),
      });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.logger.error(`run ${run.id}: could not enqueue: ${message}`);
      await this.repo.markRunFailed(run.id, `queue unavailable: ${message}`);
      throw new DomainError(
        'conflict',
        'QUEUE_UNAVAILABLE',
        'The run was recorded but could not be queued; it is marked failed',
        { runId: run.id },
      );
    }
  }

  async get(id: string): Promise<BillingRunResponseDto> {
    const run = await this.repo.findRun(id);
    if (!run) throw new NotFoundError('billing_run', id);
    const settled = run.totals && run.status !== 'queued' && run.status !== 'running';
    const [counts, live, failed] = await Promise.all([
      this.repo.chunkCounts(id),
      settled ? undefined : this.repo.liveTotals(id, run.mode),
      this.repo.failedChunks(id),
    ]);
    const view = live ?? {
      accounts: run.accounts_billed ?? 0,
      lines: run.lines ?? 0,
      issues: run.issues ?? 0,
      totals: run.totals ?? [],
    };
    const total = moneyString(sum(view.totals.map((t) => dec(t.amount))));
    return toBillingRunResponse(run, counts, view, failed, total);
  }

  async list(
    period: string | undefined,
    limit: number,
    after: string | undefined,
  ): Promise<Page<BillingRunResponseDto>> {
    const rows = await this.repo.listRuns(period ?? null, limit + 1, after ?? null);
    const items = await Promise.all(rows.slice(0, limit).map((r) => this.get(r.id)));
    return { items, nextAfter: rows.length > limit ? items[items.length - 1].id : null };
  }

  async issues(id: string): Promise<BillingRunIssueDto[]> {
    if (!(await this.repo.findRun(id))) throw new NotFoundError('billing_run', id);
    const rows: {
      account_id: string;
      building_id: string;
      service_code: string;
      code: string;
      message: string;
    }[] = await this.db.query(
      `SELECT * FROM billing_run_issues WHERE run_id = $1 ORDER BY account_id, service_code`,
      [id],
    );
    return rows.map((r) => ({
      accountId: r.account_id,
      buildingId: r.building_id,
      serviceCode: r.service_code,
      code: r.code,
      message: r.message,
    }));
  }
}
