import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A penalty run records when the latest earlier run started (principal allocated since then may lower
 * totals already stored, so its accounts are looked at again). Runs only move forward, so that value
 * is fixed when the run is inserted; each chunk used to read it again. Runs recorded before this
 * migration get the same value from the runs before them.
 */
export class PenaltyRunPreviousStart1764540000000 implements MigrationInterface {
  name = 'PenaltyRunPreviousStart1764540000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE penalty_runs ADD COLUMN previous_run_started_at timestamptz`);
    await q.query(`
      UPDATE penalty_runs r
         SET previous_run_started_at = (SELECT p.started_at FROM penalty_runs p WHERE p.run_date < r.run_date
                                         ORDER BY p.run_date DESC LIMIT 1)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE penalty_runs DROP COLUMN previous_run_started_at`);
  }
}
