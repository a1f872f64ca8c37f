import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { IssueFailure } from './payment-document-issuer.service';

export interface RunRow {
  id: string;
  period: string;
  scope: 'all' | 'building' | 'accounts';
  building_id: string | null;
  account_ids: string[] | null;
  status: string;
  total: number;
  requested_by: string;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

export interface RunProgress {
  chunks: number;
  chunks_pending: number;
  chunks_running: number;
  chunks_done: number;
  chunks_failed: number;
  issued: number;
  skipped: number;
  failed: number;
  /** Accounts of chunks that finally failed (their documents are not issued). */
  failed_chunk_accounts: number;
  failures: IssueFailure[];
  buildings: string[];
}

const RUN_COLUMNS = `id::text, to_char(period, 'YYYY-MM') AS period, scope, building_id::text,
  account_ids::text[] AS account_ids, status, total, requested_by, error, created_at, started_at, finished_at`;

/** Batch issue runs and their chunk rows: the database, not the queue, says what is done. */
@Injectable()
export class DocumentRunsRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Inserts the run and one chunk row per up to `chunkSize` accounts (open in the period and in
   * scope) taken in building order — a chunk spans as many buildings as it takes to fill it, so a
   * run over many small buildings is a few jobs, each with one numbering transaction — in one
   * transaction; returns the run and its chunks.
   */
  async insertRun(
    m: EntityManager,
    p: {
      period: string;
      scope: RunRow['scope'];
      buildingId: string | null;
      accountIds: string[] | null;
      by: string;
      chunkSize: number;
    },
  ): Promise<{ run: RunRow; chunks: { id: string }[] }> {
    const [run]: RunRow[] = await m.query(
      `INSERT INTO document_runs (period, scope, building_id, account_ids, status, total, requested_by)
       VALUES ($1, $2, $3, $4, 'queued', 0, $5) RETURNING ${RUN_COLUMNS}`,
      [`${p.period}-01`, p.scope, p.buildingId, p.accountIds, p.by],
    );
    const chunks: { id: string }[] = await m.query(
      `WITH acc AS (
         SELECT a.id, p.building_id FROM accounts a JOIN premises p ON p.id = a.premises_id
          WHERE ($2::bigint IS NULL OR p.building_id = $2) AND ($3::bigint[] IS NULL OR a.id = ANY($3))
            AND a.opened_on <= ($4::date + interval '1 month' - interval '1 day')::date
            AND (a.closed_on IS NULL OR a.closed_on >= $4::date)
       ), numbered AS (
         SELECT id, building_id, (row_number() OVER (ORDER BY building_id, id) - 1) / $5 AS chunk_no FROM acc
       )
       INSERT INTO document_run_chunks (run_id, chunk_no, account_ids, building_ids)
       SELECT $1, chunk_no, array_agg(id ORDER BY building_id, id), array_agg(DISTINCT building_id ORDER BY building_id)
         FROM numbered GROUP BY chunk_no
        ORDER BY chunk_no
       RETURNING id::text`,
      [run.id, p.buildingId, p.accountIds, `${p.period}-01`, p.chunkSize],
    );
    const [[{ total }]] = await m.query(
      `UPDATE document_runs SET total = (SELECT coalesce(sum(cardinality(account_ids)), 0) FROM document_run_chunks WHERE run_id = $1)
        WHERE id = $1 RETURNING total`,
      [run.id],
    );
    return { run: { ...run, total }, chunks };
  }

  async findRun(id: string): Promise<RunRow | null> {
    const rows: RunRow[] = await this.db.query(`SELECT ${RUN_COLUMNS} FROM document_runs WHERE id = $1`, [
      id,
    ]);
    return rows[0] ?? null;
  }

  async progress(id: string): Promise<RunProgress> {
    const [row] = await this.db.query(
      `SELECT count(*)::int AS chunks,
              count(*) FILTER (WHERE status = 'pending')::int AS chunks_pending,
              count(*) FILTER (WHERE status = 'running')::int AS chunks_running,
              count(*) FILTER (WHERE status = 'done')::int AS chunks_done,
              count(*) FILTER (WHERE status = 'failed')::int AS chunks_failed,
              coalesce(sum(done), 0)::int AS issued, coalesce(sum(skipped), 0)::int AS skipped,
              coalesce(sum(failed), 0)::int AS failed,
              coalesce(sum(cardinality(account_ids)) FILTER (WHERE status = 'failed'), 0)::int AS failed_chunk_accounts,
              coalesce((SELECT array_agg(DISTINCT b::text) FROM document_run_chunks c, unnest(c.building_ids) b
                         WHERE c.run_id = $1), '{}') AS buildings,
              coalesce((
                SELECT jsonb_agg(f ORDER BY f->>'accountId') FROM (
                  SELECT jsonb_array_elements(c.failures) AS f FROM document_run_chunks c WHERE c.run_id = $1
                  UNION ALL
                  SELECT jsonb_build_object('accountId', x::text, 'code', 'DOCUMENT_CHUNK_FAILED', 'message', c.error)
                    FROM document_run_chunks c CROSS JOIN LATERAL unnest(c.account_ids) x
                   WHERE c.run_id = $1 AND c.status = 'failed') ff), '[]') AS failures
         FROM document_run_chunks WHERE run_id = $1`,
      [id],
    );
    return row;
  }

  async listRuns(limit: number, after: string | null): Promise<RunRow[]> {
    return this.db.query(
      `SELECT ${RUN_COLUMNS} FROM document_runs WHERE ($1::bigint IS NULL OR id > $1) ORDER BY document_runs.id LIMIT $2`,
      [after, limit],
    );
  }

  /** Claims a chunk for work; null when it is done already (a repeated job). */
  async claimChunk(
    chunkId: string,
  ): Promise<{ run_id: string; period: string; account_ids: string[] } | null> {
    const [rows] = await this.db.query(
      `UPDATE document_run_chunks c SET status = 'running', attempts = attempts + 1, started_at = now(), error = NULL
         FROM document_runs r
        WHERE c.id = $1 AND r.id = c.run_id AND c.status <> 'done'
        RETURNING c.run_id::text, to_char(r.period, 'YYYY-MM') AS period, c.account_ids::text[] AS account_ids`,
      [chunkId],
    );
    if (!rows.length) return null;
    await this.db.query(
      `UPDATE document_runs SET status = 'running', started_at = coalesce(started_at, now()) WHERE id = $1 AND status = 'queued'`,
      [rows[0].run_id],
    );
    return rows[0];
  }

  async completeChunk(
    m: EntityManager,
    chunkId: string,
    r: { done: number; skipped: number; failures: IssueFailure[] },
  ): Promise<void> {
    await m.query(
      `UPDATE document_run_chunks SET status = 'done', done = $2, skipped = $3, failed = $4, failures = $5, finished_at = now()
        WHERE id = $1`,
      [chunkId, r.done, r.skipped, r.failures.length, JSON.stringify(r.failures)],
    );
  }

  async failChunk(chunkId: string, message: string, final: boolean): Promise<void> {
    await this.db.query(
      `UPDATE document_run_chunks SET status = $2, error = $3, finished_at = CASE WHEN $2 = 'failed' THEN now() END
        WHERE id = $1 AND status <> 'done'`,
      [chunkId, final ? 'failed' : 'pending', message.slice(0, 1000)],
    );
  }

  /** Settles the run once no chunk is pending or running (called after each chunk's commit). */
  async settle(runId: string): Promise<void> {
    await this.db.query(
      `UPDATE document_runs r SET finished_at = now(),
              status = CASE WHEN EXISTS (SELECT 1 FROM document_run_chunks c WHERE c.run_id = r.id AND (c.status = 'failed' OR c.failed > 0))
                            THEN 'completed_with_errors' ELSE 'completed' END
        WHERE r.id = $1 AND r.status IN ('queued', 'running')
          AND NOT EXISTS (SELECT 1 FROM document_run_chunks c WHERE c.run_id = r.id AND c.status IN ('pending', 'running'))`,
      [runId],
    );
  }

  async markFailed(runId: string, message: string): Promise<void> {
    await this.db.query(
      `UPDATE document_runs SET status = 'failed', error = $2, finished_at = now() WHERE id = $1`,
      [runId, message],
    );
  }
}
