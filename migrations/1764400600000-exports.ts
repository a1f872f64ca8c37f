import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Settlement-centre exchange.
 *
 * - consumption_changes: one row per (period, account, service) ever billed, holding the id of the
 *   LAST transaction that wrote any of its charge lines (xid8). Statement-level triggers with
 *   transition tables upsert the distinct keys of each statement, so a billing chunk (one INSERT of a
 *   building's ~700 lines) costs one extra INSERT … ON CONFLICT. The pull API compares these xids with
 *   PostgreSQL snapshots (pg_current_snapshot / pg_visible_in_snapshot): a cursor holds the snapshot of
 *   the previous pull, so a correction is returned once whatever the commit order of concurrent writers
 *   (a sequence number would be assigned before commit and let a slow transaction slip behind a cursor).
 *   Bounded: a re-run updates the key's row instead of appending.
 * - export_pulls: every pull or download by a client (who, period, rows, cursor in and out, when).
 * - rate_limit_buckets: token buckets for the exports rate limit when no Redis is configured.
 */
export class Exports1764400600000 implements MigrationInterface {
  name = 'Exports1764400600000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE consumption_changes (
        period        date NOT NULL,
        account_id    bigint NOT NULL,
        service_code  text NOT NULL,
        xid           xid8 NOT NULL,
        changed_at    timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_consumption_changes PRIMARY KEY (period, account_id, service_code)
      )`);
    await q.query(`CREATE INDEX ix_consumption_changes__xid ON consumption_changes (xid)`);
    // Keys already billed before this migration count as changed by the migrating transaction.
    await q.query(`
      INSERT INTO consumption_changes (period, account_id, service_code, xid)
      SELECT DISTINCT period, account_id, service_code, pg_current_xact_id() FROM charge_lines`);
    // Extension point: recalculation lines (or any other table with period, account_id and
    // service_code columns) can be tracked by attaching the same three triggers to it.
    await q.query(`
      CREATE FUNCTION track_consumption_changes() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          INSERT INTO consumption_changes AS c (period, account_id, service_code, xid, changed_at)
          SELECT DISTINCT period, account_id, service_code, pg_current_xact_id(), now() FROM new_rows
           ORDER BY 1, 2, 3
          ON CONFLICT ON CONSTRAINT pk_consumption_changes DO UPDATE
             SET xid = EXCLUDED.xid, changed_at = EXCLUDED.changed_at
           WHERE c.xid <> EXCLUDED.xid;
        END IF;
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
          INSERT INTO consumption_changes AS c (period, account_id, service_code, xid, changed_at)
          SELECT DISTINCT period, account_id, service_code, pg_current_xact_id(), now() FROM old_rows
           ORDER BY 1, 2, 3
          ON CONFLICT ON CONSTRAINT pk_consumption_changes DO UPDATE
             SET xid = EXCLUDED.xid, changed_at = EXCLUDED.changed_at
           WHERE c.xid <> EXCLUDED.xid;
        END IF;
        RETURN NULL;
      END $$`);
    // PostgreSQL allows transition tables only on single-event triggers: one trigger per event.
    await q.query(`
      CREATE TRIGGER tg_charge_lines__changes_ins AFTER INSERT ON charge_lines
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION track_consumption_changes()`);
    await q.query(`
      CREATE TRIGGER tg_charge_lines__changes_upd AFTER UPDATE ON charge_lines
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION track_consumption_changes()`);
    await q.query(`
      CREATE TRIGGER tg_charge_lines__changes_del AFTER DELETE ON charge_lines
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION track_consumption_changes()`);

    await q.query(`
      CREATE TABLE export_pulls (
        id              bigserial PRIMARY KEY,
        at              timestamptz NOT NULL DEFAULT now(),
        principal_kind  text NOT NULL,
        principal_id    text NOT NULL,
        principal_name  text NOT NULL,
        kind            text NOT NULL CHECK (kind IN ('download', 'manifest', 'page', 'changes')),
        period          date,
        format          text,
        rows            integer NOT NULL CHECK (rows >= 0),
        cursor_in       text,
        cursor_out      text,
        not_modified    boolean NOT NULL DEFAULT false,
        personal_data   boolean NOT NULL
      )`);
    await q.query(`CREATE INDEX ix_export_pulls__principal ON export_pulls (principal_id, id)`);

    await q.query(`
      CREATE TABLE rate_limit_buckets (
        key          text PRIMARY KEY,
        tokens       double precision NOT NULL,
        refilled_at  timestamptz NOT NULL,
        allowed      boolean NOT NULL
      )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rate_limit_buckets`);
    await q.query(`DROP TABLE export_pulls`);
    for (const t of ['ins', 'upd', 'del']) {
      await q.query(`DROP TRIGGER tg_charge_lines__changes_${t} ON charge_lines`);
    }
    await q.query(`DROP FUNCTION track_consumption_changes()`);
    await q.query(`DROP TABLE consumption_changes`);
  }
}
