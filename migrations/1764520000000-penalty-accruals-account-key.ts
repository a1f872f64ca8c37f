import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The account foreign key of penalty_accruals replaced by statement-level checks (as migration
 * 1764510000000 did for charge_lines).
 *
 * Why: the key runs one SPI lookup and one KEY SHARE row lock per inserted accrual. The nightly job
 * writes ~2 accruals per debtor, so at M a chunk of 5 000 accounts paid ~10 000 trigger calls
 * (~0.06 ms each, ~0.6 s of the chunk's INSERT) that the floor never pays.
 *
 * What replaces it, with the same guarantees:
 * - an AFTER INSERT / AFTER UPDATE statement trigger on penalty_accruals refuses the statement when
 *   one of its rows names an account that does not exist; before it looks, it takes the shared
 *   transaction advisory lock (7355, 0) once per statement;
 * - AFTER DELETE / AFTER UPDATE statement triggers on accounts that remove or re-key an account take
 *   the same lock exclusively, then refuse the statement when penalty accruals still reference a
 *   removed id (what NO ACTION did). The lock closes the race the key's row lock closed: a writer of
 *   accruals that checked first holds the shared lock until it commits, so the removal waits and
 *   then sees its rows; a removal that went first holds the exclusive lock until it commits, so the
 *   writer's check waits and then finds no account. Updates that keep every id (a closing date)
 *   take no lock and do not look at penalty_accruals.
 * Both raise SQLSTATE 23503 (foreign_key_violation) with constraint fk_penalty_accruals__account,
 * which the API maps to 422 REFERENCE_NOT_FOUND like the key they replace.
 */
export class PenaltyAccrualsAccountKey1764520000000 implements MigrationInterface {
  name = 'PenaltyAccrualsAccountKey1764520000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE penalty_accruals DROP CONSTRAINT penalty_accruals_account_id_fkey`);
    await q.query(`
      CREATE FUNCTION check_penalty_accruals_account() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock_shared(7355, 0);
        IF EXISTS (SELECT 1 FROM (SELECT DISTINCT account_id FROM new_rows) n
                    WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = n.account_id)) THEN
          RAISE EXCEPTION 'penalty accrual refers to an account that does not exist'
            USING ERRCODE = '23503', CONSTRAINT = 'fk_penalty_accruals__account';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION refuse_removing_penalised_accounts() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        gone bigint[];
      BEGIN
        SELECT array_agg(o.id) INTO gone FROM old_rows o WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = o.id);
        IF gone IS NULL THEN
          RETURN NULL;
        END IF;
        PERFORM pg_advisory_xact_lock(7355, 0);
        IF EXISTS (SELECT 1 FROM penalty_accruals p WHERE p.account_id = ANY (gone)) THEN
          RAISE EXCEPTION 'account is referenced by penalty accruals'
            USING ERRCODE = '23503', CONSTRAINT = 'fk_penalty_accruals__account';
        END IF;
        RETURN NULL;
      END $$`);
    for (const [op, ev] of [
      ['ins', 'INSERT'],
      ['upd', 'UPDATE'],
    ]) {
      await q.query(`
        CREATE TRIGGER tg_penalty_accruals__account_${op} AFTER ${ev} ON penalty_accruals
          REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION check_penalty_accruals_account()`);
    }
    for (const [op, ev] of [
      ['del', 'DELETE'],
      ['upd', 'UPDATE'],
    ]) {
      await q.query(`
        CREATE TRIGGER tg_accounts__penalised_${op} AFTER ${ev} ON accounts
          REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION refuse_removing_penalised_accounts()`);
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const op of ['del', 'upd']) await q.query(`DROP TRIGGER tg_accounts__penalised_${op} ON accounts`);
    for (const op of ['ins', 'upd']) {
      await q.query(`DROP TRIGGER tg_penalty_accruals__account_${op} ON penalty_accruals`);
    }
    await q.query(`DROP FUNCTION refuse_removing_penalised_accounts()`);
    await q.query(`DROP FUNCTION check_penalty_accruals_account()`);
    await q.query(
      `ALTER TABLE penalty_accruals ADD CONSTRAINT penalty_accruals_account_id_fkey
         FOREIGN KEY (account_id) REFERENCES accounts(id)`,
    );
  }
}
