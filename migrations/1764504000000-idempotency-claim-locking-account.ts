import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `idempotency_claim` that also locks an account row (a payment post): the advisory lock of the
 * key, then the account row FOR UPDATE, then the stored answer — each statement of a plpgsql
 * function with a fresh snapshot (READ COMMITTED), so the lookup sees what a concurrent holder of the
 * key or the account has just committed, and the caller's next statement (taken after both locks)
 * reads the account's figures as they are. Locks in the same order as before (key, then account).
 * One row always: account_found, and the stored answer's columns (null when the key is new).
 */
export class IdempotencyClaimLockingAccount1764504000000 implements MigrationInterface {
  name = 'IdempotencyClaimLockingAccount1764504000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION idempotency_claim_locking_account(
        p_namespace int, p_scope text, p_principal text, p_key text, p_account bigint)
      RETURNS TABLE (account_found boolean, request_sha256 text, status_code int, response json)
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        v_found boolean;
      BEGIN
        PERFORM pg_advisory_xact_lock(p_namespace, hashtext(p_scope || E'\\n' || p_principal || E'\\n' || p_key));
        PERFORM 1 FROM accounts WHERE id = p_account FOR UPDATE;
        v_found := FOUND;
        RETURN QUERY
          SELECT v_found, k.request_sha256::text, k.status_code::int, k.response
            FROM (SELECT 1) one
            LEFT JOIN idempotency_keys k ON k.scope = p_scope AND k.principal = p_principal AND k.key = p_key;
      END $$`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION idempotency_claim_locking_account(int, text, text, text, bigint)`);
  }
}
