import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recalculation deltas in the settlement-centre change feed: a delta line marks the key of the period
 * it corrects (corrected_period, account, service) as changed by its transaction, so an incremental
 * pull of that period returns the row (with the delta) exactly once. Lines are insert-only (their
 * trigger refuses edits), so one statement-level INSERT trigger is enough. The index serves the
 * export's per-row lookup of the deltas.
 */
export class ExportRecalculations1764401400001 implements MigrationInterface {
  name = 'ExportRecalculations1764401400001';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX ix_recalculation_lines__corrected ON recalculation_lines (account_id, corrected_period, service_code)`,
    );
    await q.query(`
      CREATE FUNCTION track_recalculation_consumption_changes() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO consumption_changes AS c (period, account_id, service_code, xid, changed_at)
        SELECT DISTINCT corrected_period, account_id, service_code, pg_current_xact_id(), now() FROM new_rows
         ORDER BY 1, 2, 3
        ON CONFLICT ON CONSTRAINT pk_consumption_changes DO UPDATE
           SET xid = EXCLUDED.xid, changed_at = EXCLUDED.changed_at
         WHERE c.xid <> EXCLUDED.xid;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER tg_recalculation_lines__changes_ins AFTER INSERT ON recalculation_lines
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION track_recalculation_consumption_changes()`);
    // Rows already exported lacked their deltas: mark their keys changed by this transaction.
    await q.query(`
      INSERT INTO consumption_changes AS c (period, account_id, service_code, xid)
      SELECT DISTINCT corrected_period, account_id, service_code, pg_current_xact_id() FROM recalculation_lines
      ON CONFLICT ON CONSTRAINT pk_consumption_changes DO UPDATE SET xid = EXCLUDED.xid, changed_at = now()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER tg_recalculation_lines__changes_ins ON recalculation_lines`);
    await q.query(`DROP FUNCTION track_recalculation_consumption_changes()`);
    await q.query(`DROP INDEX ix_recalculation_lines__corrected`);
  }
}
