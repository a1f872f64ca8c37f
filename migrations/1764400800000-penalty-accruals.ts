import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The nightly penalty job and penalty lines: a run per calculation date with one chunk row per group
 * of accounts, the accrued penalty per account, debt period and date (cumulative total to date, so a
 * missed night is caught up by the next one), and the penalty line charged per account and billing
 * period at period close. The unique keys are the idempotency guards.
 */
export class PenaltyAccruals1764400800000 implements MigrationInterface {
  name = 'PenaltyAccruals1764400800000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE penalty_runs (
        run_date        date PRIMARY KEY,
        status          text NOT NULL DEFAULT 'running'
                        CHECK (status IN ('running', 'completed', 'completed_with_errors')),
        accounts_total  integer NOT NULL DEFAULT 0,
        accounts_done   integer NOT NULL DEFAULT 0,
        chunks_total    integer NOT NULL DEFAULT 0,
        chunks_done     integer NOT NULL DEFAULT 0,
        chunks_failed   integer NOT NULL DEFAULT 0,
        rows_written    integer NOT NULL DEFAULT 0,
        requested_by    text NOT NULL,
        started_at      timestamptz NOT NULL DEFAULT now(),
        finished_at     timestamptz
      )`);

    // The accounts of a chunk are fixed when the run starts: every debtor is in exactly one chunk.
    await q.query(`
      CREATE TABLE penalty_run_chunks (
        run_date      date NOT NULL REFERENCES penalty_runs(run_date),
        chunk_no      integer NOT NULL,
        account_ids   bigint[] NOT NULL,
        accounts      integer NOT NULL,
        status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'failed')),
        attempts      integer NOT NULL DEFAULT 0,
        rows_written  integer NOT NULL DEFAULT 0,
        error         text,
        started_at    timestamptz,
        finished_at   timestamptz,
        CONSTRAINT pk_penalty_run_chunks PRIMARY KEY (run_date, chunk_no)
      )`);

    // Penalty accrued on an account's debt of a period up to and including as_of (roubles): the total
    // to date, with the statement rows; increment = amount − the previous total of that debt. A row is
    // written only when the total changed, so a paid-off debt stops adding rows.
    await q.query(`
      CREATE TABLE penalty_accruals (
        id          bigserial PRIMARY KEY,
        account_id  bigint NOT NULL REFERENCES accounts(id),
        period      date NOT NULL CHECK (extract(day FROM period) = 1),
        as_of       date NOT NULL,
        amount      numeric(14,2) NOT NULL,
        increment   numeric(14,2) NOT NULL,
        rows        jsonb NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_penalty_accruals__account_period_as_of UNIQUE (account_id, period, as_of)
      )`);
    await q.query(`CREATE INDEX ix_penalty_accruals__as_of ON penalty_accruals (as_of)`);

    // The penalty line of a payment document: accrued at the close date (the period's last day) minus
    // what earlier lines charged, per debt period in lines [{debtPeriod, accrued, previouslyCharged, amount}].
    await q.query(`
      CREATE TABLE penalty_charges (
        id          bigserial PRIMARY KEY,
        account_id  bigint NOT NULL REFERENCES accounts(id),
        period      date NOT NULL CHECK (extract(day FROM period) = 1),
        close_date  date NOT NULL,
        amount      numeric(14,2) NOT NULL,
        lines       jsonb NOT NULL,
        created_by  text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_penalty_charges__account_period UNIQUE (account_id, period)
      )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const t of ['penalty_charges', 'penalty_accruals', 'penalty_run_chunks', 'penalty_runs']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
