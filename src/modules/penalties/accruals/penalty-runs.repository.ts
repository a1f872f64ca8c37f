import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export type PenaltyRunStatus = 'running' | 'completed' | 'completed_with_errors';
export type PenaltyChunkStatus = 'pending' | 'running' | 'done' | 'failed';

export interface PenaltyRunRow {
  run_date: string;
  status: PenaltyRunStatus;
  accounts_total: number;
  accounts_done: number;
  chunks_total: number;
  chunks_done: number;
  chunks_failed: number;
  rows_written: number;
  requested_by: string;
  started_at: Date;
  finished_at: Date | null;
}

/** A chunk's accounts: ids from `first` to `last`, both included (bigint as text). */
export interface AccountRange {
  first: string;
  last: string;
}

/** A chunk still to do, with what its run records for every chunk. */
export interface ChunkToDo {
  /** When the latest earlier run started (null for the first run): see `insertRun`. */
  previousRunStartedAt: Date | null;
}

export interface PenaltyChunkRow {
  chunk_no: number;
  accounts: number;
  status: PenaltyChunkStatus;
  attempts: number;
  error: string | null;
}

const RUN_COLUMNS = `to_char(run_date, 'YYYY-MM-DD') AS run_date, status, accounts_total, accounts_done,
  chunks_total, chunks_done, chunks_failed, rows_written, requested_by, started_at, finished_at`;

/** SQL of penalty_runs and penalty_run_chunks: the database says what is done, not the queue. */
@Injectable()
export class PenaltyRunsRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Inserts the run of a date; false when it already exists (one run per date: the key decides). It
   * records when the latest earlier run started: principal allocated since then may change stored
   * totals. Runs only move forward (the caller holds the runs' lock), so no earlier run can appear
   * later and that value is final: every chunk reads it from here.
   */
  async insertRun(m: EntityManager, runDate: string, by: string): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO penalty_runs (run_date, requested_by, previous_run_started_at)
       VALUES ($1, $2, (SELECT started_at FROM penalty_runs WHERE run_date < $1 ORDER BY run_date DESC LIMIT 1))
       ON CONFLICT (run_date) DO NOTHING RETURNING run_date`,
      [runDate, by],
    );
    return rows.length > 0;
  }

  /**
   * Splits the accounts into chunks of `size` consecutive ids (one index-only scan of `accounts`) and
   * records the number of chunks; each chunk finds the debtors of its id range when it runs. A run
   * without accounts is completed at once. The debtor counts grow as chunks finish (see `settle`).
   */
  async insertChunks(m: EntityManager, runDate: string, size: number): Promise<void> {
    const chunks: unknown[] = await m.query(
      `INSERT INTO penalty_run_chunks (run_date, chunk_no, first_account_id, last_account_id)
       SELECT $1, k, min(id), max(id)
         FROM (SELECT id, ((row_number() OVER (ORDER BY id)) - 1) / $2 AS k FROM accounts) t
        GROUP BY k
       RETURNING chunk_no`,
      [runDate, size],
    );
    await m.query(
      `UPDATE penalty_runs
          SET chunks_total = $2,
              status = CASE WHEN $2 = 0 THEN 'completed' ELSE status END,
              finished_at = CASE WHEN $2 = 0 THEN now() END
        WHERE run_date = $1`,
      [runDate, chunks.length],
    );
  }

  async findRun(runDate: string): Promise<PenaltyRunRow | undefined> {
    const [row] = await this.db.query(`SELECT ${RUN_COLUMNS} FROM penalty_runs WHERE run_date = $1`, [
      runDate,
    ]);
    return row;
  }

  /** Runs newest first; `before` continues a page. */
  async listRuns(limit: number, before: string | null): Promise<PenaltyRunRow[]> {
    return this.db.query(
      `SELECT ${RUN_COLUMNS} FROM penalty_runs WHERE ($2::date IS NULL OR run_date < $2)
        ORDER BY run_date DESC LIMIT $1`,
      [limit, before],
    );
  }

  async chunks(runDate: string, statuses?: PenaltyChunkStatus[]): Promise<PenaltyChunkRow[]> {
    return this.db.query(
      `SELECT chunk_no, accounts, status, attempts, error FROM penalty_run_chunks
        WHERE run_date = $1 AND ($2::text[] IS NULL OR status = ANY($2)) ORDER BY chunk_no`,
      [runDate, statuses ?? null],
    );
  }

  /**
   * Claims a chunk that is not done and returns its range of account ids (both ends included);
   * undefined when it is done (a duplicate or late job).
   */
  async claimChunk(runDate: string, chunkNo: number): Promise<AccountRange | undefined> {
    const [rows] = await this.db.query(
      `UPDATE penalty_run_chunks SET status = 'running', attempts = attempts + 1, started_at = now(), error = NULL
        WHERE run_date = $1 AND chunk_no = $2 AND status <> 'done'
        RETURNING first_account_id::text AS first, last_account_id::text AS last`,
      [runDate, chunkNo],
    );
    return (rows as AccountRange[])[0];
  }

  /**
   * Serialises work on one chunk, then says whether it is still to do (inside the caller's
   * transaction): undefined when done or unknown, else the run's `previousRunStartedAt`.
   */
  async lockChunk(m: EntityManager, runDate: string, chunkNo: number): Promise<ChunkToDo | undefined> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('penalty-chunk'), hashtext($1 || '-' || $2))`, [
      runDate,
      String(chunkNo),
    ]);
    const [row]: { status: PenaltyChunkStatus; since: Date | null }[] = await m.query(
      `SELECT c.status, r.previous_run_started_at AS since
         FROM penalty_run_chunks c JOIN penalty_runs r ON r.run_date = c.run_date
        WHERE c.run_date = $1 AND c.chunk_no = $2`,
      [runDate, chunkNo],
    );
    return row && row.status !== 'done' ? { previousRunStartedAt: row.since } : undefined;
  }

  /** Marks the chunk done with the debtors it found in its range and the rows it wrote. */
  async completeChunk(
    m: EntityManager,
    runDate: string,
    chunkNo: number,
    done: { debtors: string[]; rowsWritten: number },
  ): Promise<void> {
    await m.query(
      `UPDATE penalty_run_chunks
          SET status = 'done', account_ids = $3::bigint[], accounts = cardinality($3::bigint[]),
              rows_written = $4, error = NULL, finished_at = now()
        WHERE run_date = $1 AND chunk_no = $2`,
      [runDate, chunkNo, done.debtors, done.rowsWritten],
    );
  }

  /** Records a failed attempt: the chunk is pending again for a retry, or failed after the last one. */
  async failChunk(runDate: string, chunkNo: number, error: string, final: boolean): Promise<void> {
    await this.db.query(
      `UPDATE penalty_run_chunks SET status = $3, error = $4, finished_at = CASE WHEN $3 = 'failed' THEN now() END
        WHERE run_date = $1 AND chunk_no = $2 AND status <> 'done'`,
      [runDate, chunkNo, final ? 'failed' : 'pending', error.slice(0, 2000)],
    );
  }

  /**
   * Progress from the chunk rows (after the chunk's own commit, so the last chunk to finish sees them
   * all); the run completes when no chunk is pending or running. Counters only grow. The debtors are
   * those the chunks done have found in their ranges: `accounts_total` is final when the run is.
   * Returns the run's status after it (undefined for an unknown date).
   */
  async settle(runDate: string): Promise<PenaltyRunStatus | undefined> {
    const [rows]: [{ status: PenaltyRunStatus }[], number] = await this.db.query(
      `WITH c AS (
         SELECT coalesce(sum(accounts) FILTER (WHERE status = 'done'), 0)::int AS accounts_done,
                count(*) FILTER (WHERE status = 'done')::int AS done,
                count(*) FILTER (WHERE status = 'failed')::int AS failed,
                count(*) FILTER (WHERE status IN ('pending', 'running'))::int AS open,
                coalesce(sum(rows_written), 0)::int AS rows_written
           FROM penalty_run_chunks WHERE run_date = $1)
       UPDATE penalty_runs r
          SET accounts_done = greatest(r.accounts_done, c.accounts_done),
              accounts_total = greatest(r.accounts_total, c.accounts_done), chunks_done = c.done,
              chunks_failed = c.failed, rows_written = greatest(r.rows_written, c.rows_written),
              status = CASE WHEN c.open > 0 THEN 'running'
                            WHEN c.failed > 0 THEN 'completed_with_errors' ELSE 'completed' END,
              finished_at = CASE WHEN c.open > 0 THEN NULL ELSE coalesce(r.finished_at, now()) END
         FROM c WHERE r.run_date = $1
       RETURNING r.status`,
      [runDate],
    );
    return rows[0]?.status;
  }

  /** Marks the failed chunks pending again and the run running (a re-run of a date resumes it). */
  async reopenFailed(runDate: string): Promise<void> {
    await this.db.query(
      `UPDATE penalty_run_chunks SET status = 'pending' WHERE run_date = $1 AND status = 'failed'`,
      [runDate],
    );
    await this.settle(runDate);
  }
}
