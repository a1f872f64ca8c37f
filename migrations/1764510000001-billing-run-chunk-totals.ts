import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each done chunk keeps its lines' totals by service (`service_totals`: [{serviceCode, lines, amount}]),
 * written in the transaction that writes the lines. The progress of a running run
 * (GET /billing-runs/:id) sums the chunks instead of aggregating charge_lines by run_id: charge_lines
 * has no run_id index, so every poll was a parallel sequential scan of the whole table (360 ms at a
 * third of the M run, three processes each time) — and a client polling every 200 ms kept PostgreSQL
 * busy with it during the whole run. Chunks done before this column existed have NULL, and a run with
 * such a chunk is still aggregated from its lines.
 */
export class BillingRunChunkTotals1764510000001 implements MigrationInterface {
  name = 'BillingRunChunkTotals1764510000001';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE billing_run_chunks ADD COLUMN service_totals jsonb`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE billing_run_chunks DROP COLUMN service_totals`);
  }
}
