import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnModuleInit } from '@nestjs/common';
import { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { BatchYield } from 'src/common/priority/api-pressure.providers';
import { APP_CONFIG, AppConfig } from 'src/config/configuration';
import { applyChunkSettings } from 'src/database/chunk-settings';
import { dec, kopecksOf, moneyOfKopecks, moneyString, sum } from 'src/shared/money';
import { BillingInputsRepository } from '../billing-inputs.repository';
import { BillingRunsRepository, ChunkRow, ServiceTotal } from '../billing-runs.repository';
import { BuildingLines } from '../charge-lines.repository';
import { calculateChargeLines, ChargeLine } from '../domain/charge-lines.calc';
import {
  BILLING_BUILDINGS_QUEUE,
  BUILDING_JOB_LOCK_MS,
  BuildingJobData,
  chunksOf,
} from './billing-runs.queue';

export interface BuildingJobResult {
  skipped?: true;
  buildings?: number;
  accounts?: number;
  lines?: number;
  issues?: number;
  total?: string;
}

type ChunkDone = { chunkId: string; accounts: number; lines: number; issues: number; total: string };

/**
 * Computes a batch of buildings' month (one chunk row each): claim the chunks (done ones are left out),
 * then in one transaction lock the buildings, load their inputs with one set of bulk queries, run the
 * pure calculation per building, replace the period's lines with one bulk write and mark the chunks
 * done. When the batch's transaction fails, each building is tried in its own transaction, so one bad
 * building cannot hold back the others; errors are rethrown so BullMQ retries what is not done, and
 * the last attempt marks those chunks failed.
 */
@Processor(BILLING_BUILDINGS_QUEUE, { lockDuration: BUILDING_JOB_LOCK_MS })
export class BillingBuildingProcessor extends WorkerHost implements OnModuleInit {
  private readonly logger = new Logger(BillingBuildingProcessor.name);

  constructor(
    private readonly db: DataSource,
    private readonly repo: BillingRunsRepository,
    private readonly inputs: BillingInputsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly yielder: BatchYield,
  ) {
    super();
  }

  onModuleInit(): void {
    this.worker.concurrency = this.config.billing.workerConcurrency;
  }

  async process(job: Job<BuildingJobData>): Promise<BuildingJobResult> {
    // While the API's requests are slow, wait before taking the batch (BATCH_YIELD_SLOW_MS, off by default).
    await this.yielder.beforeBatch();
    const claimed = await this.repo.startChunks(chunksOf(job.data).map((c) => c.chunkId));
    if (!claimed.length) return { skipped: true };
    try {
      const started = performance.now();
      const done = await this.compute(job.data, claimed);
      this.yielder.batchDone(performance.now() - started);
      return total(done);
    } catch (e) {
      if (claimed.length === 1) {
        await this.fail(job, claimed[0], e);
        throw e;
      }
      this.logger.warn(
        `run ${job.data.runId}: batch of ${claimed.length} failed, building by building: ${msg(e)}`,
      );
    }
    const done: ChunkDone[] = [];
    let error: unknown;
    for (const chunk of claimed) {
      try {
        done.push(...(await this.compute(job.data, [chunk])));
      } catch (e) {
        error ??= e;
        await this.fail(job, chunk, e);
      }
    }
    if (error) throw error;
    return total(done);
  }

  /**
   * One transaction for the chunks: lock, load, calculate, write, mark done; then waits until the
   * commit is durable before the job reports done (see `flushedCommit`).
   */
  private async compute(data: BuildingJobData, chunks: ChunkRow[]): Promise<ChunkDone[]> {
    const done = await this.computeUnflushed(data, chunks);
    await flushedCommit(this.db);
    return done;
  }

  private async computeUnflushed(data: BuildingJobData, chunks: ChunkRow[]): Promise<ChunkDone[]> {
    const { runId, period } = data;
    const mode = data.mode ?? 'final';
    const accountIds = data.accountIds ?? null;
    const wanted = accountIds ? new Set(accountIds) : undefined;
    return this.db.transaction(async (m) => {
      // JIT off; the commit is flushed at normal priority by the server, and waited for after the
      // commit (flushedCommit).
      await applyChunkSettings(m, { asynchronousCommit: true });
      const ids = chunks.map((c) => c.building_id);
      await this.repo.lockBuildings(m, ids);
      const inputs = await this.inputs.loadMany(m, ids, period);
      const batch: (BuildingLines & { chunkId: string })[] = [];
      for (const c of chunks) {
        // Between buildings the other batches of this process get the event loop (see betweenBuildings).
        if (batch.length) await betweenBuildings();
        // The whole building is computed even for a few accounts: common-property shares need every volume.
        const all = calculateChargeLines({ period, ...inputs.get(c.building_id)! });
        batch.push({
          chunkId: c.id,
          buildingId: c.building_id,
          lines: wanted ? all.lines.filter((l) => wanted.has(l.accountId)) : all.lines,
          issues: wanted ? all.issues.filter((i) => wanted.has(i.accountId)) : all.issues,
          retry: c.attempts > 1,
        });
      }
      await this.repo.replaceBatchLines(m, { id: runId, mode, accountIds }, period, batch);
      const done = batch.map((b) => ({
        chunkId: b.chunkId,
        accounts: new Set(b.lines.map((l) => l.accountId)).size,
        lines: b.lines.length,
        issues: b.issues.length,
        ...chunkTotals(b.lines),
      }));
      await this.repo.completeChunks(m, done);
      return done.map(({ services: _services, ...d }) => d);
    });
  }

  private async fail(job: Job<BuildingJobData>, chunk: ChunkRow, e: unknown): Promise<void> {
    const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    this.logger.warn(
      `run ${job.data.runId} building ${chunk.building_id} attempt ${job.attemptsMade + 1} failed${final ? ' (final)' : ''}: ${msg(e)}`,
    );
    await this.repo.failChunk(chunk.id, msg(e), final);
  }
}

/**
 * A building's total and its totals by service (lines, amount), in the services' order of first line.
 * Line amounts are rounded to the kopeck already, so their sums are exact in whole kopecks.
 */
export function chunkTotals(lines: ChargeLine[]): { total: string; services: ServiceTotal[] } {
  const by = new Map<string, { lines: number; kopecks: bigint }>();
  let total = 0n;
  for (const l of lines) {
    const kopecks = kopecksOf(l.amount);
    total += kopecks;
    const s = by.get(l.serviceCode);
    if (s) {
      s.lines += 1;
      s.kopecks += kopecks;
    } else by.set(l.serviceCode, { lines: 1, kopecks });
  }
  return {
    total: moneyOfKopecks(total),
    services: [...by].map(([serviceCode, s]) => ({
      serviceCode,
      lines: s.lines,
      amount: moneyOfKopecks(s.kopecks),
    })),
  };
}

/**
 * Yields the event loop between two buildings of a batch's calculation. A worker process runs
 * WORKER_CONCURRENCY batches at once on one JavaScript thread, each with its own database session; a
 * 20-building calculation is ~400 ms of JavaScript at M. Computed in one go, it held back the other
 * batch's next statement (a load, its commit, the flush check, the next job's claim) for all that time
 * while that batch's backend sat idle in its transaction (`ClientRead`: ~40 % of the backends' samples
 * in a 1-worker M run). Yielding after each building (~20 ms) lets those short steps through.
 */
const betweenBuildings = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const msg = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** How often and how many times `flushedCommit` looks for the flush before doing it itself. */
export const FLUSH_POLL_MS = 10;
export const FLUSH_POLLS = 3;

/**
 * A batch transaction commits with `synchronous_commit = off` (issue 8): its COMMIT does not flush
 * the batch's WAL (megabytes: every line, index entry and change-feed row) itself. That flush holds
 * PostgreSQL's WALWriteLock, and the batch's backend runs at WORKER_NICE: preempted while holding
 * the lock, it made every API commit wait behind it (LWLock:WALWrite in the API's sessions at each
 * batch commit) — a priority inversion nice cannot see. While the API is committing, its own commits
 * flush everything before their records within milliseconds (and the WAL writer does within
 * wal_writer_delay), at normal priority.
 *
 * Durability is unchanged for everything that depends on the batch: before the job reports the
 * chunks done, this waits until the server has flushed its WAL past the batch's commit. It looks
 * (without a lock) up to FLUSH_POLLS times, FLUSH_POLL_MS apart; when nobody has flushed by then —
 * the API is idle, so nobody waits for the lock either — it flushes itself with a synchronous commit
 * of an empty transaction that has an id (one commit record; its flush covers all WAL before it), so
 * an idle machine does not wait for the WAL writer's next round. A server crash before the flush loses
 * the batch's lines together with their done markers; the job then fails and the chunks are computed
 * again (a repeated job skips only done chunks).
 */
export async function flushedCommit(
  db: DataSource,
  pollMs = FLUSH_POLL_MS,
  polls = FLUSH_POLLS,
): Promise<'flushed' | 'flushed itself'> {
  // The insert position read after COMMIT is at or past the end of its commit record.
  const [{ lsn }]: { lsn: string }[] = await db.query(`SELECT pg_current_wal_insert_lsn()::text AS lsn`);
  for (let i = 0; i < polls; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, pollMs));
    const [{ flushed }]: { flushed: boolean }[] = await db.query(
      `SELECT pg_current_wal_flush_lsn() >= $1::pg_lsn AS flushed`,
      [lsn],
    );
    if (flushed) return 'flushed';
  }
  // Autocommit, synchronous_commit as configured (on): the commit record is flushed, and all before it.
  await db.query(`SELECT pg_current_xact_id()`);
  return 'flushed itself';
}

function total(done: ChunkDone[]): BuildingJobResult {
  return {
    buildings: done.length,
    accounts: done.reduce((n, d) => n + d.accounts, 0),
    lines: done.reduce((n, d) => n + d.lines, 0),
    issues: done.reduce((n, d) => n + d.issues, 0),
    total: moneyString(sum(done.map((d) => dec(d.total)))),
  };
}
