import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One round trip instead of two for an idempotent request: `idempotency_claim` takes the
 * transaction-scoped advisory lock of the key and then reads the stored answer. A plpgsql function
 * runs each statement with a fresh snapshot (READ COMMITTED), so the read happens after the lock is
 * granted and sees an answer a concurrent holder of the key has just committed — exactly as the two
 * separate statements did. No row: the key is new (and now locked until the transaction ends).
 */
export class IdempotencyClaimFunction1764503000000 implements MigrationInterface {
  name = 'IdempotencyClaimFunction1764503000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION idempotency_claim(p_namespace int, p_scope text, p_principal text, p_key text)
      RETURNS TABLE (request_sha256 text, status_code int, response json)
      LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(p_namespace, hashtext(p_scope || E'\\n' || p_principal || E'\\n' || p_key));
        RETURN QUERY
          SELECT k.request_sha256::text, k.status_code::int, k.response
            FROM idempotency_keys k
           WHERE k.scope = p_scope AND k.principal = p_principal AND k.key = p_key;
      END $$`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION idempotency_claim(int, text, text, text)`);
  }
}
