import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Penalty run chunks become ranges of account ids (issue 8). A run used to find every debtor of the
 * day in one statement when it started (an aggregate of every charge line and opening balance, as
 * costly as the whole floor) and to split the debtors into chunks; now the run splits the accounts
 * into ranges of consecutive ids (one index-only scan), and each chunk finds the debtors of its range
 * when it runs, in the statement that accrues them. `account_ids` / `accounts` record the debtors a
 * chunk found (set when it is done); chunks recorded before this migration get the range of their
 * debtors.
 */
export class PenaltyRunChunkRanges1764530000000 implements MigrationInterface {
  name = 'PenaltyRunChunkRanges1764530000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE penalty_run_chunks ADD COLUMN first_account_id bigint, ADD COLUMN last_account_id bigint`,
    );
    await q.query(`
      UPDATE penalty_run_chunks c
         SET first_account_id = coalesce(r.lo, 0), last_account_id = coalesce(r.hi, -1)
        FROM (SELECT run_date, chunk_no, (SELECT min(x) FROM unnest(account_ids) x) AS lo,
                     (SELECT max(x) FROM unnest(account_ids) x) AS hi
                FROM penalty_run_chunks) r
       WHERE r.run_date = c.run_date AND r.chunk_no = c.chunk_no`);
    await q.query(`
      ALTER TABLE penalty_run_chunks
        ALTER COLUMN first_account_id SET NOT NULL,
        ALTER COLUMN last_account_id SET NOT NULL,
        ALTER COLUMN account_ids SET DEFAULT '{}',
        ALTER COLUMN accounts SET DEFAULT 0`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE penalty_run_chunks
        DROP COLUMN first_account_id, DROP COLUMN last_account_id,
        ALTER COLUMN account_ids DROP DEFAULT, ALTER COLUMN accounts DROP DEFAULT`);
  }
}
