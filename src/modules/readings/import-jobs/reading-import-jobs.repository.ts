import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ImportProgress } from '../reading-import.service';

export interface ImportJobRow {
  id: string;
  file_name: string | null;
  sha256: string;
  status: 'queued' | 'running' | 'completed' | 'failed';
  lines_total: number;
  lines_done: number;
  accepted: number;
  unchanged: number;
  rejected: number;
  attempts: number;
  import_id: string | null;
  error: string | null;
  created_by: string;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

const COLUMNS = `id::text AS id, file_name, sha256, status, lines_total, lines_done, accepted, unchanged, rejected,
  attempts, import_id::text AS import_id, error, created_by, created_at, started_at, finished_at`;

/** SQL of reading_import_jobs: the database, not the queue, says what an import job has done. */
@Injectable()
export class ReadingImportJobsRepository {
  constructor(private readonly db: DataSource) {}

  async insert(row: {
    fileName: string | null;
    sha256: string;
    body: string;
    linesTotal: number;
    createdBy: string;
  }): Promise<string> {
    const [r] = await this.db.query(
      `INSERT INTO reading_import_jobs (file_name, sha256, body, lines_total, created_by)
       VALUES ($1, $2, $3, $4, $5) RETURNING id::text AS id`,
      [row.fileName, row.sha256, row.body, row.linesTotal, row.createdBy],
    );
    return r.id;
  }

  async find(id: string): Promise<ImportJobRow | undefined> {
    const [row] = await this.db.query(`SELECT ${COLUMNS} FROM reading_import_jobs WHERE id = $1`, [id]);
    return row;
  }

  /** Claims a job not finished yet (a retry runs it again: lines are idempotent); null when done. */
  async claim(
    id: string,
  ): Promise<{ body: string; file_name: string | null; created_by: string } | undefined> {
    const [rows] = await this.db.query(
      `UPDATE reading_import_jobs SET status = 'running', attempts = attempts + 1, started_at = now(), error = NULL
        WHERE id = $1 AND status IN ('queued', 'running', 'failed') RETURNING body, file_name, created_by`,
      [id],
    );
    return (rows as { body: string; file_name: string | null; created_by: string }[])[0];
  }

  async progress(id: string, p: ImportProgress): Promise<void> {
    await this.db.query(
      `UPDATE reading_import_jobs SET lines_done = $2, accepted = $3, unchanged = $4, rejected = $5
        WHERE id = $1 AND status = 'running'`,
      [id, p.done, p.accepted, p.unchanged, p.rejected],
    );
  }

  /** Done: the import record holds the per-line results; the file itself is no longer kept. */
  async complete(id: string, importId: string, p: ImportProgress): Promise<void> {
    await this.db.query(
      `UPDATE reading_import_jobs
          SET status = 'completed', import_id = $2, lines_done = $3, accepted = $4, unchanged = $5, rejected = $6,
              body = '', finished_at = now()
        WHERE id = $1`,
      [id, importId, p.done, p.accepted, p.unchanged, p.rejected],
    );
  }

  async fail(id: string, error: string, final: boolean): Promise<void> {
    await this.db.query(
      `UPDATE reading_import_jobs SET status = $3, error = $2, finished_at = CASE WHEN $3 = 'failed' THEN now() END
        WHERE id = $1 AND status <> 'completed'`,
      [id, error.slice(0, 2000), final ? 'failed' : 'queued'],
    );
  }

  /** A stored import with its per-line results. */
  async findImport(id: string): Promise<
    | {
        id: string;
        lines: number;
        accepted: number;
        unchanged: number;
        rejected: number;
        results: unknown[];
      }
    | undefined
  > {
    const [row] = await this.db.query(
      `SELECT id::text AS id, lines, accepted, unchanged, rejected, results FROM reading_imports WHERE id = $1`,
      [id],
    );
    return row;
  }
}
