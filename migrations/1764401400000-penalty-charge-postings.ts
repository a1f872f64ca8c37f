import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Closing a billing period asks for its penalty lines: one posting row per period, recorded in the
 * closing transaction. It waits until the nightly penalty run of the period's last day has completed
 * (lines are never posted from incomplete accruals), then the lines are created (the unique key of
 * penalty_charges keeps them once per account and period) and the row is marked posted.
 */
export class PenaltyChargePostings1764401400000 implements MigrationInterface {
  name = 'PenaltyChargePostings1764401400000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE penalty_charge_postings (
        period        date PRIMARY KEY CHECK (extract(day FROM period) = 1),
        close_date    date NOT NULL,
        status        text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'posted', 'failed')),
        requested_by  text NOT NULL,
        requested_at  timestamptz NOT NULL DEFAULT now(),
        posted_at     timestamptz,
        created       integer,
        error_code    text,
        error         text,
        CONSTRAINT ck_penalty_charge_postings__posted CHECK ((status = 'posted') = (posted_at IS NOT NULL))
      )`);
    await q.query(
      `CREATE INDEX ix_penalty_charge_postings__waiting ON penalty_charge_postings (close_date) WHERE status = 'waiting'`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE penalty_charge_postings`);
  }
}
