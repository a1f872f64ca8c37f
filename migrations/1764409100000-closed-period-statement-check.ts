import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The closed-period guard of charge_lines checked once per statement instead of once per row: the
 * row trigger ran a plpgsql function and a billing_periods lookup for every line written or deleted
 * (about 1 500 per building and run: the old lines deleted, the new inserted). Three statement-level
 * AFTER triggers look at the distinct periods of the statement's transition tables and raise the
 * same error (P0001, constraint period_closed), which aborts the whole statement — nothing of it is
 * written, as before. PostgreSQL allows transition tables only on single-event triggers.
 */
export class ClosedPeriodStatementCheck1764409100000 implements MigrationInterface {
  name = 'ClosedPeriodStatementCheck1764409100000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER tg_charge_lines__closed_period ON charge_lines`);
    await q.query(`
      CREATE FUNCTION refuse_statement_on_closed_period() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- Nested IFs: plpgsql prepares a query only when it reaches it, and a DELETE has no new_rows.
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          IF EXISTS (SELECT 1 FROM billing_periods p
                      WHERE p.status = 'closed' AND p.period IN (SELECT DISTINCT n.period FROM new_rows n)) THEN
            RAISE EXCEPTION 'billing period is closed' USING ERRCODE = 'P0001', CONSTRAINT = 'period_closed';
          END IF;
        END IF;
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
          IF EXISTS (SELECT 1 FROM billing_periods p
                      WHERE p.status = 'closed' AND p.period IN (SELECT DISTINCT o.period FROM old_rows o)) THEN
            RAISE EXCEPTION 'billing period is closed' USING ERRCODE = 'P0001', CONSTRAINT = 'period_closed';
          END IF;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER tg_charge_lines__closed_period_ins AFTER INSERT ON charge_lines
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION refuse_statement_on_closed_period()`);
    await q.query(`
      CREATE TRIGGER tg_charge_lines__closed_period_upd AFTER UPDATE ON charge_lines
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_statement_on_closed_period()`);
    await q.query(`
      CREATE TRIGGER tg_charge_lines__closed_period_del AFTER DELETE ON charge_lines
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION refuse_statement_on_closed_period()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const op of ['ins', 'upd', 'del']) {
      await q.query(`DROP TRIGGER tg_charge_lines__closed_period_${op} ON charge_lines`);
    }
    await q.query(`DROP FUNCTION refuse_statement_on_closed_period()`);
    await q.query(`
      CREATE TRIGGER tg_charge_lines__closed_period BEFORE INSERT OR UPDATE OR DELETE ON charge_lines
        FOR EACH ROW EXECUTE FUNCTION refuse_write_to_closed_period()`);
  }
}
