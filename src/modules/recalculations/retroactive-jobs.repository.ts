import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { RetroactiveJobDto } from './dto/retroactive-job.dto';

export interface JobRow {
  id: string;
  revision: string;
  from_period: string;
  to_period: string;
  service_codes: string[] | null;
  posting_period: string | null;
  reason: string;
  status: string;
  buildings_total: number;
  buildings_done: number;
  buildings_failed: number;
  documents: number;
  amount: string;
  requested_by: { kind: string; id: string; name: string; role: string };
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

interface BuildingRow {
  building_id: string;
  status: string;
  documents: number;
  amount: string;
  skipped: number;
  error: string | null;
  attempts: number;
}

const JOB = `id::text, revision, to_char(from_period, 'YYYY-MM') AS from_period, to_char(to_period, 'YYYY-MM') AS to_period,
  service_codes, to_char(posting_period, 'YYYY-MM') AS posting_period, reason, status, buildings_total, buildings_done,
  buildings_failed, documents, amount::text, requested_by, created_at, started_at, finished_at`;

/** Rows of retroactive jobs and their buildings (the database is the guard: unique revision, one row per building). */
@Injectable()
export class RetroactiveJobsRepository {
  constructor(private readonly db: DataSource) {}

  /** Inserts the job and its buildings; undefined when the revision exists already. */
  async insert(
    m: EntityManager,
    j: {
      revision: string;
      fromPeriod: string;
      toPeriod: string;
      serviceCodes: string[] | null;
      postingPeriod: string | null;
      reason: string;
      buildingIds: string[];
      requestedBy: Record<string, string>;
    },
  ): Promise<string | undefined> {
    const [row] = await m.query(
      `INSERT INTO retroactive_jobs (revision, from_period, to_period, service_codes, posting_period, reason,
                                     buildings_total, requested_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (revision) DO NOTHING RETURNING id::text`,
      [
        j.revision,
        `${j.fromPeriod}-01`,
        `${j.toPeriod}-01`,
        j.serviceCodes,
        j.postingPeriod ? `${j.postingPeriod}-01` : null,
        j.reason,
        j.buildingIds.length,
        JSON.stringify(j.requestedBy),
      ],
    );
    if (!row) return undefined;
    await m.query(
      `INSERT INTO retroactive_job_buildings (job_id, building_id) SELECT $1, b FROM unnest($2::bigint[]) AS b`,
      [row.id, j.buildingIds],
    );
    return row.id;
  }

  async find(m: EntityManager, id: string): Promise<JobRow | undefined> {
    const [row] = await m.query(`SELECT ${JOB} FROM retroactive_jobs WHERE id = $1`, [id]);
    return row;
  }

  async byRevision(m: EntityManager, revision: string): Promise<JobRow | undefined> {
    const [row] = await m.query(`SELECT ${JOB} FROM retroactive_jobs WHERE revision = $1 FOR UPDATE`, [
      revision,
    ]);
    return row;
  }

  async buildingIds(m: EntityManager, jobId: string, statuses?: string[]): Promise<string[]> {
    const rows: { b: string }[] = await m.query(
      `SELECT building_id::text AS b FROM retroactive_job_buildings
        WHERE job_id = $1 AND ($2::text[] IS NULL OR status = ANY($2)) ORDER BY building_id`,
      [jobId, statuses ?? null],
    );
    return rows.map((r) => r.b);
  }

  /** Failed buildings back to pending (the same revision posted again); returns how many. */
  async reopenFailed(m: EntityManager, jobId: string): Promise<number> {
    const rows = await m.query(
      `UPDATE retroactive_job_buildings SET status = 'pending', error = NULL
        WHERE job_id = $1 AND status = 'failed' RETURNING building_id`,
      [jobId],
    );
    if (rows.length) {
      await m.query(`UPDATE retroactive_jobs SET status = 'queued', finished_at = NULL WHERE id = $1`, [
        jobId,
      ]);
    }
    return rows.length;
  }

  /** The worker takes the job: running (first start kept). Undefined for an unknown job. */
  async start(jobId: string): Promise<JobRow | undefined> {
    await this.db.query(
      `UPDATE retroactive_jobs SET status = 'running', started_at = coalesce(started_at, now())
        WHERE id = $1 AND status IN ('queued', 'running')`,
      [jobId],
    );
    return this.find(this.db.manager, jobId);
  }

  /** Locks a pending building of the job; false when it is done (or taken) already. */
  async claimBuilding(m: EntityManager, jobId: string, buildingId: string): Promise<boolean> {
    const rows = await m.query(
      `SELECT 1 FROM retroactive_job_buildings WHERE job_id = $1 AND building_id = $2 AND status = 'pending'
          FOR UPDATE SKIP LOCKED`,
      [jobId, buildingId],
    );
    return rows.length > 0;
  }

  async markDone(
    m: EntityManager,
    jobId: string,
    buildingId: string,
    out: { documents: number; amount: string; skipped: unknown[] },
  ): Promise<void> {
    await m.query(
      `UPDATE retroactive_job_buildings
          SET status = 'done', documents = $3, amount = $4, skipped = $5, attempts = attempts + 1, finished_at = now()
        WHERE job_id = $1 AND building_id = $2`,
      [jobId, buildingId, out.documents, out.amount, JSON.stringify(out.skipped)],
    );
  }

  async markFailed(jobId: string, buildingId: string, error: string): Promise<void> {
    await this.db.query(
      `UPDATE retroactive_job_buildings SET status = 'failed', error = $3, attempts = attempts + 1, finished_at = now()
        WHERE job_id = $1 AND building_id = $2 AND status = 'pending'`,
      [jobId, buildingId, error.slice(0, 2000)],
    );
  }

  /** Progress from the building rows; the job completes when none is pending. */
  async settle(jobId: string): Promise<JobRow> {
    await this.db.query(
      `UPDATE retroactive_jobs j
          SET buildings_done = c.done, buildings_failed = c.failed, documents = c.documents, amount = c.amount,
              status = CASE WHEN c.pending > 0 THEN j.status WHEN c.failed > 0 THEN 'completed_with_errors' ELSE 'completed' END,
              finished_at = CASE WHEN c.pending > 0 THEN NULL ELSE coalesce(j.finished_at, now()) END
         FROM (SELECT count(*) FILTER (WHERE status = 'done')::int AS done,
                      count(*) FILTER (WHERE status = 'failed')::int AS failed,
                      count(*) FILTER (WHERE status = 'pending')::int AS pending,
                      coalesce(sum(documents), 0)::int AS documents, coalesce(sum(amount), 0) AS amount
                 FROM retroactive_job_buildings WHERE job_id = $1) c
        WHERE j.id = $1`,
      [jobId],
    );
    return (await this.find(this.db.manager, jobId))!;
  }

  async dto(m: EntityManager, id: string): Promise<RetroactiveJobDto | undefined> {
    const job = await this.find(m, id);
    if (!job) return undefined;
    const buildings: BuildingRow[] = await m.query(
      `SELECT building_id::text, status, documents, amount::text, jsonb_array_length(skipped) AS skipped, error, attempts
         FROM retroactive_job_buildings b WHERE job_id = $1 ORDER BY b.building_id`,
      [id],
    );
    return {
      id: job.id,
      revision: job.revision,
      fromPeriod: job.from_period,
      toPeriod: job.to_period,
      serviceCodes: job.service_codes,
      postingPeriod: job.posting_period,
      reason: job.reason,
      status: job.status,
      progress: {
        buildingsTotal: job.buildings_total,
        buildingsDone: job.buildings_done,
        buildingsFailed: job.buildings_failed,
      },
      documents: job.documents,
      amount: job.amount,
      requestedBy: job.requested_by.name,
      createdAt: job.created_at.toISOString(),
      startedAt: job.started_at?.toISOString() ?? null,
      finishedAt: job.finished_at?.toISOString() ?? null,
      buildings: buildings.map((b) => ({
        buildingId: b.building_id,
        status: b.status,
        documents: b.documents,
        amount: b.amount,
        skipped: b.skipped,
        error: b.error,
        attempts: b.attempts,
      })),
    };
  }
}
