import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The run and account foreign keys of charge_lines replaced by the statement-level check of
 * migration 1764500000000 (which already covered building, service and tariff).
 *
 * Why: a foreign key runs one SPI lookup and one KEY SHARE row lock per inserted line. A billing run
 * writes ~7 lines per account and every line of a run points at the same billing_runs row, so at M
 * (733 333 lines) the two keys were ~1.5 million trigger calls inside the bulk INSERTs. EXPLAIN
 * ANALYZE of one 20-building INSERT (14 667 lines) on the M data, three alternating pairs: the account
 * key 297–345 ms and the run key 252–268 ms; the statement 1 647–2 152 ms with the keys, 1 004–1 338 ms
 * without them (this migration). Locking the statement's distinct accounts FOR KEY SHARE instead was
 * measured too and gave most of the gain back (1 600–1 950 ms: one lock record per account).
 *
 * What replaces them, with the same guarantees:
 * - the AFTER INSERT / AFTER UPDATE statement trigger KEY SHARE-locks the statement's distinct runs
 *   once (what the run key did line by line: a concurrent DELETE of the run waits, then fails) and
 *   refuses the statement when one is missing; a missing account already fails its building check
 *   (no premises, no building);
 * - AFTER DELETE / AFTER UPDATE statement triggers on billing_runs and accounts refuse to remove or
 *   re-key a row that charge lines still reference (what NO ACTION did). For accounts the race the
 *   row lock closed is closed by the building's advisory lock instead: charge lines are only written
 *   under pg_advisory_xact_lock(7354, building) (BillingRunsRepository.lockBuildings), which the
 *   account trigger takes before it looks for lines. charge_lines has no index on run_id (nor had
 *   it with the key): removing a run scans, which no code path does.
 * Both raise SQLSTATE 23503 (foreign_key_violation) with constraint fk_charge_lines__implied, which the
 * API maps to 422 REFERENCE_NOT_FOUND like the keys they replace.
 */
export class ChargeLinesRunAccountKeys1764510000000 implements MigrationInterface {
  name = 'ChargeLinesRunAccountKeys1764510000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE charge_lines DROP CONSTRAINT charge_lines_account_id_fkey`);
    await q.query(`ALTER TABLE charge_lines DROP CONSTRAINT charge_lines_run_id_fkey`);
    await q.query(`
      CREATE OR REPLACE FUNCTION check_charge_lines_implied_keys() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        wanted int;
        locked int;
      BEGIN
        -- The run rows are locked as the key did (one row per statement, not per line); an account's
        -- existence is checked by the join below (a missing account has no building).
        SELECT count(DISTINCT run_id) INTO wanted FROM new_rows;
        SELECT count(*) INTO locked FROM (
          SELECT 1 FROM billing_runs r WHERE r.id IN (SELECT run_id FROM new_rows) ORDER BY r.id FOR KEY SHARE) x;
        IF locked < wanted THEN
          RAISE EXCEPTION 'charge line refers to a billing run that does not exist'
            USING ERRCODE = '23503', CONSTRAINT = 'fk_charge_lines__implied';
        END IF;
        IF EXISTS (SELECT 1 FROM new_rows n
                     LEFT JOIN accounts a ON a.id = n.account_id LEFT JOIN premises p ON p.id = a.premises_id
                    WHERE p.building_id IS DISTINCT FROM n.building_id
                       OR NOT EXISTS (SELECT 1 FROM services s WHERE s.code = n.service_code)
                       OR (n.tariff_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM tariffs t WHERE t.id = n.tariff_id))) THEN
          RAISE EXCEPTION 'charge line refers to a building, service or tariff that does not exist or is not its account''s'
            USING ERRCODE = '23503', CONSTRAINT = 'fk_charge_lines__implied';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION refuse_removing_charged_runs_accounts() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        gone bigint[];
      BEGIN
        -- Ids that no longer exist after the statement; most updates (a run's status, an account's
        -- closing date) keep every id, and then charge_lines is not looked at at all.
        IF TG_TABLE_NAME = 'billing_runs' THEN
          SELECT array_agg(o.id) INTO gone FROM old_rows o WHERE NOT EXISTS (SELECT 1 FROM billing_runs r WHERE r.id = o.id);
          IF gone IS NOT NULL AND EXISTS (SELECT 1 FROM charge_lines c WHERE c.run_id = ANY (gone)) THEN
            RAISE EXCEPTION 'billing run is referenced by charge lines' USING ERRCODE = '23503', CONSTRAINT = 'fk_charge_lines__implied';
          END IF;
        ELSE
          SELECT array_agg(o.id) INTO gone FROM old_rows o WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = o.id);
          IF gone IS NULL THEN
            RETURN NULL;
          END IF;
          -- Charge lines are written only under their building's advisory lock (7354, building id) until
          -- commit: waiting for it here makes a concurrent billing of the building either visible below
          -- (committed) or later than this statement (and then its check finds no account).
          PERFORM pg_advisory_xact_lock(7354, b::int)
             FROM (SELECT DISTINCT p.building_id AS b FROM old_rows o JOIN premises p ON p.id = o.premises_id
                    WHERE o.id = ANY (gone) ORDER BY 1) x;
          IF EXISTS (SELECT 1 FROM charge_lines c WHERE c.account_id = ANY (gone)) THEN
            RAISE EXCEPTION 'account is referenced by charge lines' USING ERRCODE = '23503', CONSTRAINT = 'fk_charge_lines__implied';
          END IF;
        END IF;
        RETURN NULL;
      END $$`);
    for (const t of ['billing_runs', 'accounts']) {
      for (const [op, ev] of [
        ['del', 'DELETE'],
        ['upd', 'UPDATE'],
      ]) {
        await q.query(`
          CREATE TRIGGER tg_${t}__charged_keys_${op} AFTER ${ev} ON ${t}
            REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION refuse_removing_charged_runs_accounts()`);
      }
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const t of ['billing_runs', 'accounts']) {
      for (const op of ['del', 'upd']) await q.query(`DROP TRIGGER tg_${t}__charged_keys_${op} ON ${t}`);
    }
    await q.query(`DROP FUNCTION refuse_removing_charged_runs_accounts()`);
    await q.query(`
      CREATE OR REPLACE FUNCTION check_charge_lines_implied_keys() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM new_rows n
                     LEFT JOIN accounts a ON a.id = n.account_id LEFT JOIN premises p ON p.id = a.premises_id
                    WHERE p.building_id IS DISTINCT FROM n.building_id
                       OR NOT EXISTS (SELECT 1 FROM services s WHERE s.code = n.service_code)
                       OR (n.tariff_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM tariffs t WHERE t.id = n.tariff_id))) THEN
          RAISE EXCEPTION 'charge line refers to a building, service or tariff that does not exist or is not its account''s'
            USING ERRCODE = '23503', CONSTRAINT = 'fk_charge_lines__implied';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`ALTER TABLE charge_lines ADD FOREIGN KEY (account_id) REFERENCES accounts(id)`);
    await q.query(`ALTER TABLE charge_lines ADD FOREIGN KEY (run_id) REFERENCES billing_runs(id)`);
  }
}
