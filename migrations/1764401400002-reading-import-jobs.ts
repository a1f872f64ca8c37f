import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Large readings files run as a BullMQ job: the job row keeps the file (so the worker needs nothing
 * but the id) and the progress the API shows (lines done of total, accepted, unchanged, rejected);
 * the finished import is the usual reading_imports record with its per-line results.
 */
export class ReadingImportJobs1764401400002 implements MigrationInterface {
  name = 'ReadingImportJobs1764401400002';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reading_import_jobs (
        id           bigserial PRIMARY KEY,
        file_name    text,
        sha256       char(64) NOT NULL,
        body         text NOT NULL,
        status       text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'completed', 'failed')),
        lines_total  integer NOT NULL CHECK (lines_total >= 0),
        lines_done   integer NOT NULL DEFAULT 0 CHECK (lines_done >= 0),
        accepted     integer NOT NULL DEFAULT 0,
        unchanged    integer NOT NULL DEFAULT 0,
        rejected     integer NOT NULL DEFAULT 0,
        attempts     integer NOT NULL DEFAULT 0,
        import_id    bigint REFERENCES reading_imports(id),
        error        text,
        created_by   text NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        started_at   timestamptz,
        finished_at  timestamptz,
        CONSTRAINT ck_reading_import_jobs__done CHECK ((status = 'completed') = (import_id IS NOT NULL))
      )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reading_import_jobs`);
  }
}
