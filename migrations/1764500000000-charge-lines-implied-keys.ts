import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The building, service and tariff foreign keys of charge_lines replaced by set-based checks.
 *
 * Why: a foreign key is checked by a row trigger that runs one lookup (and takes a KEY SHARE row lock)
 * per line. A billing run writes ~7 lines per account; on the benchmark's S data (20 buildings,
 * 14 666 lines, EXPLAIN ANALYZE of the batch INSERT) the five FK triggers took 637 ms of a 1 072 ms
 * insert — the building, service and tariff ones 394 ms of it. Those three are implied: the building
 * is the account's (premises → building), and the service and tariff are the ones the run loaded from
 * their tables in the same transaction. The account and run foreign keys stay.
 *
 * What replaces them, so no integrity is lost on either side:
 * - AFTER INSERT / AFTER UPDATE statement triggers on charge_lines check every new row of the statement
 *   with one join over the transition table: the building must be the account's building (stronger than
 *   the old key, which accepted any existing building), the service and the tariff must exist;
 * - AFTER DELETE / AFTER UPDATE statement triggers on buildings, services and tariffs refuse to remove
 *   or re-key a row that charge lines still reference (what NO ACTION did).
 * Both raise SQLSTATE 23503 (foreign_key_violation) with constraint fk_charge_lines__implied, which the
 * API maps to 422 REFERENCE_NOT_FOUND like the keys they replace.
 */
export class ChargeLinesImpliedKeys1764500000000 implements MigrationInterface {
  name = 'ChargeLinesImpliedKeys1764500000000';

  public async up(q: QueryRunner): Promise<void> {
    for (const c of ['building_id', 'service_code', 'tariff_id']) {
      await q.query(`ALTER TABLE charge_lines DROP CONSTRAINT charge_lines_${c}_fkey`);
    }
    await q.query(`
      CREATE FUNCTION check_charge_lines_implied_keys() RETURNS trigger LANGUAGE plpgsql AS $$
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
    await q.query(`
      CREATE TRIGGER tg_charge_lines__implied_keys_ins AFTER INSERT ON charge_lines
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION check_charge_lines_implied_keys()`);
    await q.query(`
      CREATE TRIGGER tg_charge_lines__implied_keys_upd AFTER UPDATE ON charge_lines
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION check_charge_lines_implied_keys()`);
    await q.query(`
      CREATE FUNCTION refuse_removing_charged_keys() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- Nested IFs: plpgsql prepares a query only when it reaches it.
        IF TG_TABLE_NAME = 'buildings' THEN
          IF EXISTS (SELECT 1 FROM old_rows o WHERE NOT EXISTS (SELECT 1 FROM buildings b WHERE b.id = o.id)
                        AND EXISTS (SELECT 1 FROM charge_lines c WHERE c.building_id = o.id)) THEN
            RAISE EXCEPTION 'building is referenced by charge lines' USING ERRCODE = '23503', CONSTRAINT = 'fk_charge_lines__implied';
          END IF;
        ELSIF TG_TABLE_NAME = 'services' THEN
          IF EXISTS (SELECT 1 FROM old_rows o WHERE NOT EXISTS (SELECT 1 FROM services s WHERE s.code = o.code)
                        AND EXISTS (SELECT 1 FROM charge_lines c WHERE c.service_code = o.code)) THEN
            RAISE EXCEPTION 'service is referenced by charge lines' USING ERRCODE = '23503', CONSTRAINT = 'fk_charge_lines__implied';
          END IF;
        ELSE
          IF EXISTS (SELECT 1 FROM old_rows o WHERE NOT EXISTS (SELECT 1 FROM tariffs t WHERE t.id = o.id)
                        AND EXISTS (SELECT 1 FROM charge_lines c WHERE c.tariff_id = o.id)) THEN
            RAISE EXCEPTION 'tariff is referenced by charge lines' USING ERRCODE = '23503', CONSTRAINT = 'fk_charge_lines__implied';
          END IF;
        END IF;
        RETURN NULL;
      END $$`);
    for (const t of ['buildings', 'services', 'tariffs']) {
      for (const [op, ev] of [
        ['del', 'DELETE'],
        ['upd', 'UPDATE'],
      ]) {
        await q.query(`
          CREATE TRIGGER tg_${t}__charged_keys_${op} AFTER ${ev} ON ${t}
            REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION refuse_removing_charged_keys()`);
      }
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const t of ['buildings', 'services', 'tariffs']) {
      for (const op of ['del', 'upd']) await q.query(`DROP TRIGGER tg_${t}__charged_keys_${op} ON ${t}`);
    }
    await q.query(`DROP FUNCTION refuse_removing_charged_keys()`);
    for (const op of ['ins', 'upd'])
      await q.query(`DROP TRIGGER tg_charge_lines__implied_keys_${op} ON charge_lines`);
    await q.query(`DROP FUNCTION check_charge_lines_implied_keys()`);
    await q.query(`ALTER TABLE charge_lines ADD FOREIGN KEY (building_id) REFERENCES buildings(id)`);
    await q.query(`ALTER TABLE charge_lines ADD FOREIGN KEY (service_code) REFERENCES services(code)`);
    await q.query(`ALTER TABLE charge_lines ADD FOREIGN KEY (tariff_id) REFERENCES tariffs(id)`);
  }
}
