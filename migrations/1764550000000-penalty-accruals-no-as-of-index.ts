import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * penalty_accruals loses its index on `as_of`. No query looks accruals up by date: the nightly job
 * reads an account range's earlier totals through the unique (account_id, period, as_of) key, and the
 * penalty line of a payment document reads every total up to its close date (a scan). The index was
 * only written — two million entries a night at a million debtors — and dropping it made the nightly
 * job ~9 % faster at M (five alternating pairs, BENCHMARKS.md, penalties, session 9).
 */
export class PenaltyAccrualsNoAsOfIndex1764550000000 implements MigrationInterface {
  name = 'PenaltyAccrualsNoAsOfIndex1764550000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS ix_penalty_accruals__as_of`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_penalty_accruals__as_of ON penalty_accruals (as_of)`);
  }
}
