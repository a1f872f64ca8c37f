import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retroactive recalculation as a queued job over several buildings (decree 354 para 31 "г"):
 * - retroactive_jobs: one row per rule revision applied (`revision` is unique: posting the same
 *   revision again returns the same job and never recomputes a finished building), its periods,
 *   services, who asked, status and progress counters;
 * - retroactive_job_buildings: one row per building; a building's documents and its `done` mark
 *   commit in one transaction, so a retried or repeated job posts each building once;
 * - manual_approval_rules: the amount above which a manual correction needs a second user's approval
 *   (maker-checker), as data with validity (was only the MANUAL_RECALC_APPROVAL_THRESHOLD setting,
 *   which stays the fallback when no row is in force).
 */
export class RetroactiveJobs1764401500000 implements MigrationInterface {
  name = 'RetroactiveJobs1764401500000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE retroactive_jobs (
        id                 bigserial PRIMARY KEY,
        revision           text NOT NULL CHECK (length(revision) BETWEEN 1 AND 200),
        from_period        date NOT NULL CHECK (extract(day FROM from_period) = 1),
        to_period          date NOT NULL CHECK (extract(day FROM to_period) = 1),
        service_codes      text[],
        posting_period     date CHECK (extract(day FROM posting_period) = 1),
        reason             text NOT NULL,
        status             text NOT NULL DEFAULT 'queued'
                             CHECK (status IN ('queued', 'running', 'completed', 'completed_with_errors')),
        buildings_total    integer NOT NULL CHECK (buildings_total > 0),
        buildings_done     integer NOT NULL DEFAULT 0,
        buildings_failed   integer NOT NULL DEFAULT 0,
        documents          integer NOT NULL DEFAULT 0,
        amount             numeric(14,2) NOT NULL DEFAULT 0,
        requested_by       jsonb NOT NULL,
        created_at         timestamptz NOT NULL DEFAULT now(),
        started_at         timestamptz,
        finished_at        timestamptz,
        CONSTRAINT uq_retroactive_jobs__revision UNIQUE (revision),
        CONSTRAINT ck_retroactive_jobs__periods CHECK (from_period <= to_period)
      )`);
    await q.query(`
      CREATE TABLE retroactive_job_buildings (
        job_id        bigint NOT NULL REFERENCES retroactive_jobs(id),
        building_id   bigint NOT NULL REFERENCES buildings(id),
        status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
        documents     integer NOT NULL DEFAULT 0,
        amount        numeric(14,2) NOT NULL DEFAULT 0,
        skipped       jsonb NOT NULL DEFAULT '[]',
        error         text,
        attempts      integer NOT NULL DEFAULT 0,
        finished_at   timestamptz,
        CONSTRAINT pk_retroactive_job_buildings PRIMARY KEY (job_id, building_id)
      )`);
    await q.query(`
      CREATE TABLE manual_approval_rules (
        id          bigserial PRIMARY KEY,
        threshold   numeric(14,2) NOT NULL CHECK (threshold >= 0),
        valid_from  date NOT NULL,
        valid_to    date,
        source      text NOT NULL,
        CONSTRAINT ck_manual_approval_rules__range CHECK (valid_to IS NULL OR valid_to >= valid_from),
        CONSTRAINT ex_manual_approval_rules__overlap EXCLUDE USING gist (daterange(valid_from, valid_to, '[]') WITH &&)
      )`);
    await q.query(`
      INSERT INTO manual_approval_rules (threshold, valid_from, source)
      VALUES (1000.00, '2011-09-01', 'project default: a manual correction above 1000.00 (absolute) needs a supervisor''s approval')`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE manual_approval_rules`);
    await q.query(`DROP TABLE retroactive_job_buildings`);
    await q.query(`DROP TABLE retroactive_jobs`);
  }
}
