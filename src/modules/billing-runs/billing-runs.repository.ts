import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ChargeIssue, ChargeLine } from './domain/charge-lines.calc';
import { BuildingLines, replaceBatchLines } from './charge-lines.repository';

export type RunStatus = 'queued' | 'running' | 'completed' | 'completed_with_errors' | 'failed';
export type ChunkStatus = 'pending' | 'running' | 'done' | 'failed';

export type RunMode = 'final' | 'preview';

/** Where a run's lines go: final lines, or the preview table that never touches final data. */
export const linesTable = (mode: RunMode): string =>
  mode === 'preview' ? 'preview_charge_lines' : 'charge_lines';

export interface RunRow {
  id: string;
  period: string;
  status: RunStatus;
  mode: RunMode;
  account_ids: string[] | null;
  building_ids: string[] | null;
  buildings_total: number;
  requested_by: string;
  accounts_billed: number | null;
  lines: number | null;
  issues: number | null;
  totals: ServiceTotal[] | null;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}
export interface ChunkRow {
  id: string;
  run_id: string;
  building_id: string;
  status: ChunkStatus;
  attempts: number;
}
export interface ChunkCounts {
  pending: number;
  running: number;
  done: number;
  failed: number;
}
export interface ServiceTotal {
  serviceCode: string;
  lines: number;
  amount: string;
}

/** The SQL of billing runs: run and chunk bookkeeping, bulk loading of a building's inputs, bulk writes. */
@Injectable()
export class BillingRunsRepository {
  constructor(private readonly db: DataSource) {}

  /** Accounts that exist, with their buildings (for a run limited to accounts). */
  async accountBuildings(ids: string[]): Promise<{ id: string; building_id: string }[]> {
    return this.db.query(
      `SELECT a.id, p.building_id FROM accounts a JOIN premises p ON p.id = a.premises_id WHERE a.id = ANY($1::bigint[])`,
      [ids],
    );
  }

  async existingBuildingIds(ids: string[] | null): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM buildings WHERE $1::bigint[] IS NULL OR id = ANY($1::bigint[]) ORDER BY id`,
      [ids],
    );
    return rows.map((r) => r.id);
  }

  /** The run and one chunk per building, in the caller's transaction. */
  async insertRun(
    m: EntityManager,
    r: {
      period: string;
      buildingIds: string[];
      requested: string[] | null;
      accountIds: string[] | null;
      mode: RunMode;
      by: string;
    },
  ): Promise<{ run: RunRow; chunks: ChunkRow[] }> {
    const [run]: RunRow[] = await m.query(
      `INSERT INTO billing_runs (period, status, building_ids, buildings_total, requested_by, mode, account_ids)
       VALUES ($1, 'queued', $2, $3, $4, $5, $6) RETURNING *`,
      [`${r.period}-01`, r.requested, r.buildingIds.length, r.by, r.mode, r.accountIds],
    );
    const buildingIds = r.buildingIds;
    const chunks: ChunkRow[] = await m.query(
      `INSERT INTO billing_run_chunks (run_id, building_id) SELECT $1, unnest($2::bigint[]) RETURNING *`,
      [run.id, buildingIds],
    );
    return { run, chunks };
  }

  async findRun(id: string, m: EntityManager = this.db.manager): Promise<RunRow | undefined> {
    const rows: RunRow[] = await m.query(`SELECT * FROM billing_runs WHERE id = $1`, [id]);
    return rows[0];
  }

  async listRuns(period: string | null, limit: number, after: string | null): Promise<RunRow[]> {
    return this.db.query(
      `SELECT * FROM billing_runs WHERE ($1::date IS NULL OR period = $1) AND ($2::bigint IS NULL OR id < $2)
        ORDER BY id DESC LIMIT $3`,
      [period ? `${period}-01` : null, after, limit],
    );
  }

  async chunkCounts(runId: string, m: EntityManager = this.db.manager): Promise<ChunkCounts> {
    const [row] = await m.query(
      `SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending, count(*) FILTER (WHERE status = 'running')::int AS running,
              count(*) FILTER (WHERE status = 'done')::int AS done, count(*) FILTER (WHERE status = 'failed')::int AS failed
         FROM billing_run_chunks WHERE run_id = $1`,
      [runId],
    );
    return row as ChunkCounts;
  }

  async failedChunks(
    runId: string,
  ): Promise<{ building_id: string; error: string | null; attempts: number }[]> {
    return this.db.query(
      `SELECT building_id, error, attempts FROM billing_run_chunks WHERE run_id = $1 AND status = 'failed' ORDER BY building_id`,
      [runId],
    );
  }

  /**
   * Live totals by service of the lines this run has written so far: the sums of its done chunks'
   * totals (written with the lines, in the same transaction), so a progress poll reads the run's
   * chunk rows, not its lines. A run with a chunk done before chunks kept totals is aggregated from
   * its lines as before.
   */
  async liveTotals(
    runId: string,
    mode: RunMode,
  ): Promise<{ accounts: number; lines: number; issues: number; totals: ServiceTotal[] }> {
    const [counts] = await this.db.query(
      `SELECT coalesce(sum(accounts) FILTER (WHERE status = 'done'), 0)::int AS accounts,
              coalesce(bool_or(status = 'done' AND service_totals IS NULL), false) AS legacy,
              (SELECT count(*)::int FROM billing_run_issues WHERE run_id = $1) AS issues
         FROM billing_run_chunks WHERE run_id = $1`,
      [runId],
    );
    if (counts.legacy) return this.liveTotalsFromLines(runId, mode);
    const totals: { service_code: string; lines: number; amount: string }[] = await this.db.query(
      `SELECT t->>'serviceCode' AS service_code, sum((t->>'lines')::int)::int AS lines, sum((t->>'amount')::numeric)::text AS amount
         FROM billing_run_chunks c CROSS JOIN LATERAL jsonb_array_elements(c.service_totals) t
        WHERE c.run_id = $1 AND c.status = 'done' GROUP BY 1 ORDER BY 1`,
      [runId],
    );
    return {
      accounts: counts.accounts,
      issues: counts.issues,
      lines: totals.reduce((n, t) => n + t.lines, 0),
      totals: totals.map((t) => ({ serviceCode: t.service_code, lines: t.lines, amount: t.amount })),
    };
  }

  private async liveTotalsFromLines(
    runId: string,
    mode: RunMode,
  ): Promise<{ accounts: number; lines: number; issues: number; totals: ServiceTotal[] }> {
    const table = linesTable(mode);
    const totals: { service_code: string; lines: number; amount: string }[] = await this.db.query(
      `SELECT service_code, count(*)::int AS lines, sum(amount)::text AS amount FROM ${table}
        WHERE run_id = $1 GROUP BY service_code ORDER BY service_code`,
      [runId],
    );
    const [counts] = await this.db.query(
      `SELECT (SELECT count(DISTINCT account_id)::int FROM ${table} WHERE run_id = $1) AS accounts,
              (SELECT count(*)::int FROM billing_run_issues WHERE run_id = $1) AS issues`,
      [runId],
    );
    return {
      accounts: counts.accounts,
      issues: counts.issues,
      lines: totals.reduce((n, t) => n + t.lines, 0),
      totals: totals.map((t) => ({ serviceCode: t.service_code, lines: t.lines, amount: t.amount })),
    };
  }

  async markRunFailed(runId: string, error: string): Promise<void> {
    await this.db.query(
      `UPDATE billing_runs SET status = 'failed', error = $2, finished_at = now() WHERE id = $1`,
      [runId, error],
    );
  }

  /** Claims a chunk for an attempt; undefined when it is already done (a repeated job does nothing). */
  async startChunk(chunkId: string): Promise<ChunkRow | undefined> {
    return (await this.startChunks([chunkId]))[0];
  }

  /**
   * Claims the chunks of a batch for an attempt in one statement (and marks the run running); done
   * chunks are left out, so a repeated job recomputes only what is not committed yet.
   */
  async startChunks(chunkIds: string[]): Promise<ChunkRow[]> {
    return this.db.query(
      `WITH c AS (UPDATE billing_run_chunks SET status = 'running', attempts = attempts + 1, started_at = now(), error = NULL
                   WHERE id = ANY($1::bigint[]) AND status <> 'done' RETURNING *),
            r AS (UPDATE billing_runs SET status = 'running', started_at = coalesce(started_at, now())
                   WHERE id IN (SELECT run_id FROM c) AND status = 'queued')
       SELECT * FROM c ORDER BY building_id`,
      [chunkIds],
    );
  }

  async failChunk(chunkId: string, error: string, final: boolean): Promise<void> {
    await this.db.query(
      `UPDATE billing_run_chunks SET status = $2, error = $3, finished_at = CASE WHEN $2 = 'failed' THEN now() END
        WHERE id = $1 AND status <> 'done'`,
      [chunkId, final ? 'failed' : 'pending', error.slice(0, 2000)],
    );
  }

  /** Serialises work on one building across runs and workers for the rest of the transaction. */
  async lockBuilding(m: EntityManager, buildingId: string): Promise<void> {
    await this.lockBuildings(m, [buildingId]);
  }

  /** The same for a batch, in one statement; ascending ids so two batches can never deadlock. */
  async lockBuildings(m: EntityManager, buildingIds: string[]): Promise<void> {
    const ids = [...buildingIds].sort((a, b) => Number(BigInt(a) - BigInt(b)));
    await m.query(`SELECT pg_advisory_xact_lock(7354, b::int) FROM unnest($1::bigint[]) AS b`, [ids]);
  }

  /** Replaces one building's lines of the period (see replaceBatchLines). */
  async replaceLines(
    m: EntityManager,
    run: { id: string; mode: RunMode; accountIds: string[] | null },
    buildingId: string,
    period: string,
    lines: ChargeLine[],
    issues: ChargeIssue[],
  ): Promise<void> {
    await replaceBatchLines(m, run, period, [{ buildingId, lines, issues, retry: true }]);
  }

  /**
   * Replaces a batch of buildings' lines of the period with the run's, in a fixed number of statements
   * whatever the batch size: final lines of the period, or the preview run's own lines; limited to the
   * run's accounts when it names them. See replaceBatchLines.
   */
  async replaceBatchLines(
    m: EntityManager,
    run: { id: string; mode: RunMode; accountIds: string[] | null },
    period: string,
    batch: BuildingLines[],
  ): Promise<void> {
    await replaceBatchLines(m, run, period, batch);
  }

  async completeChunk(
    m: EntityManager,
    chunkId: string,
    counts: { accounts: number; lines: number; issues: number; total: string },
  ): Promise<void> {
    await m.query(
      `UPDATE billing_run_chunks SET status = 'done', accounts = $2, lines = $3, issues = $4, total = $5, finished_at = now(), error = NULL
        WHERE id = $1`,
      [chunkId, counts.accounts, counts.lines, counts.issues, counts.total],
    );
  }

  /** Marks a batch's chunks done with their counts and totals by service, in one statement. */
  async completeChunks(
    m: EntityManager,
    done: {
      chunkId: string;
      accounts: number;
      lines: number;
      issues: number;
      total: string;
      services: ServiceTotal[];
    }[],
  ): Promise<void> {
    await m.query(
      `UPDATE billing_run_chunks c SET status = 'done', accounts = x.a, lines = x.l, issues = x.i, total = x.t,
              service_totals = x.s::jsonb, finished_at = now(), error = NULL
         FROM unnest($1::bigint[], $2::int[], $3::int[], $4::int[], $5::numeric[], $6::text[]) AS x(id, a, l, i, t, s)
        WHERE c.id = x.id`,
      [
        done.map((d) => d.chunkId),
        done.map((d) => d.accounts),
        done.map((d) => d.lines),
        done.map((d) => d.issues),
        done.map((d) => d.total),
        done.map((d) => JSON.stringify(d.services)),
      ],
    );
  }

  /** Active runs whose every chunk has finished (done or failed) but which were never settled. */
  async unsettledFinishedRuns(): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT r.id FROM billing_runs r
        WHERE r.status IN ('queued', 'running')
          AND NOT EXISTS (SELECT 1 FROM billing_run_chunks c WHERE c.run_id = r.id AND c.status IN ('pending', 'running'))
        ORDER BY r.id`,
    );
    return rows.map((r) => r.id);
  }

  /** Chunks of active runs pending or running for longer than the threshold (their job was lost or hung). */
  async stuckChunks(
    olderThanSeconds: number,
  ): Promise<(ChunkRow & { period: string; mode: RunMode; account_ids: string[] | null })[]> {
    return this.db.query(
      `SELECT c.*, r.period, r.mode, r.account_ids FROM billing_run_chunks c JOIN billing_runs r ON r.id = c.run_id
        WHERE r.status IN ('queued', 'running')
          AND ((c.status = 'running' AND c.started_at < now() - make_interval(secs => $1))
            OR (c.status = 'pending' AND coalesce(c.started_at, r.created_at) < now() - make_interval(secs => $1)))
        ORDER BY c.id`,
      [olderThanSeconds],
    );
  }

  /** Settles the run from its chunk rows (never from job return values); idempotent. */
  async settleRun(runId: string): Promise<RunRow | undefined> {
    return this.db.transaction(async (m) => {
      await m.query(
        `UPDATE billing_run_chunks SET status = 'failed', error = coalesce(error, 'not processed')
                      WHERE run_id = $1 AND status IN ('pending', 'running')`,
        [runId],
      );
      const run = await this.findRun(runId, m);
      if (!run) return undefined;
      const table = linesTable(run.mode);
      const c = await this.chunkCounts(runId, m);
      const status: RunStatus =
        c.failed === 0 ? 'completed' : c.done > 0 ? 'completed_with_errors' : 'failed';
      const [rows]: [RunRow[], number] = await m.query(
        `UPDATE billing_runs r SET status = $2, finished_at = now(),
                accounts_billed = (SELECT count(DISTINCT account_id)::int FROM ${table} WHERE run_id = r.id),
                lines = (SELECT count(*)::int FROM ${table} WHERE run_id = r.id),
                issues = (SELECT count(*)::int FROM billing_run_issues WHERE run_id = r.id),
                totals = (SELECT coalesce(jsonb_agg(jsonb_build_object('serviceCode', service_code, 'lines', n, 'amount', amt::text) ORDER BY service_code), '[]')
                            FROM (SELECT service_code, count(*)::int AS n, sum(amount) AS amt FROM ${table} WHERE run_id = r.id GROUP BY service_code) t)
          WHERE id = $1 AND status IN ('queued', 'running') RETURNING *`,
        [runId, status],
      );
      return rows[0];
    });
  }

  /**
   * A final run adds a month of lines at once; the nightly penalties, exports and documents that
   * follow read them by account and period. Refreshing the planner's statistics right away keeps
   * those plans on the account index instead of waiting for autovacuum's next pass (sampled, cheap).
   */
  async refreshLineStatistics(mode: RunMode): Promise<void> {
    await this.db.query(`ANALYZE ${linesTable(mode)}`);
  }
}
