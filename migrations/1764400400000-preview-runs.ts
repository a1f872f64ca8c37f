import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Preview runs and account re-runs: a preview computes the whole run into its own table without
 * touching final data; a run may be limited to accounts (set-aside accounts re-run after a fix).
 */
export class PreviewRuns1764400400000 implements MigrationInterface {
  name = 'PreviewRuns1764400400000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE billing_runs ADD COLUMN mode text NOT NULL DEFAULT 'final' CHECK (mode IN ('final', 'preview'))`,
    );
    await q.query(`ALTER TABLE billing_runs ADD COLUMN account_ids bigint[]`);
    // Previews do not block each other or a final run; final runs stay one at a time per period.
    await q.query(`DROP INDEX uq_billing_runs__active_period`);
    await q.query(
      `CREATE UNIQUE INDEX uq_billing_runs__active_period ON billing_runs (period) WHERE status IN ('queued', 'running') AND mode = 'final'`,
    );
    await q.query(`
      CREATE TABLE preview_charge_lines (
        id                  bigserial PRIMARY KEY,
        run_id              bigint NOT NULL REFERENCES billing_runs(id) ON DELETE CASCADE,
        period              date NOT NULL,
        account_id          bigint NOT NULL,
        building_id         bigint NOT NULL,
        service_code        text NOT NULL,
        zone                text,
        part                smallint NOT NULL DEFAULT 1,
        method              text NOT NULL,
        volume              numeric(16,6) NOT NULL,
        unit                text NOT NULL,
        tariff              numeric(14,6) NOT NULL,
        tariff_id           bigint,
        coefficient         numeric(6,3),
        coefficient_amount  numeric(14,2) NOT NULL DEFAULT 0,
        amount              numeric(14,2) NOT NULL,
        basis               jsonb NOT NULL,
        created_at          timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_preview_charge_lines__run_account_service_zone_part
          UNIQUE NULLS NOT DISTINCT (run_id, account_id, service_code, zone, part)
      )`);
    await q.query(
      `CREATE INDEX ix_preview_charge_lines__run_building ON preview_charge_lines (run_id, building_id)`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE preview_charge_lines`);
    await q.query(`DROP INDEX uq_billing_runs__active_period`);
    await q.query(
      `CREATE UNIQUE INDEX uq_billing_runs__active_period ON billing_runs (period) WHERE status IN ('queued', 'running')`,
    );
    await q.query(`ALTER TABLE billing_runs DROP COLUMN account_ids, DROP COLUMN mode`);
  }
}
