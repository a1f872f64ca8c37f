import { EntityManager } from 'typeorm';
import { ChargeIssue, ChargeLine } from './domain/charge-lines.calc';

/** One building's computed lines and issues; `retry` when its chunk was attempted before. */
export interface BuildingLines {
  buildingId: string;
  lines: ChargeLine[];
  issues: ChargeIssue[];
  retry: boolean;
}

interface RunScope {
  id: string;
  mode: 'final' | 'preview';
  accountIds: string[] | null;
}

const tableOf = (mode: RunScope['mode']): string =>
  mode === 'preview' ? 'preview_charge_lines' : 'charge_lines';

/**
 * Replaces the batch's lines of the period with the run's in at most five statements whatever the
 * batch size (in the caller's transaction, under the buildings' advisory locks):
 * 1. which buildings already have lines in scope (final: the period's; preview: this run's) — a first
 *    run of a period has none, and then no DELETE runs at all (a DELETE fires the statement triggers
 *    of the change feed and the closed-period check even when it removes nothing);
 * 2. DELETE of those buildings' lines only;
 * 3. DELETE of this run's issues for the batch, only when a chunk is retried (issues are written in the
 *    transaction that marks the chunk done, so a first attempt cannot find any);
 * 4. one INSERT … SELECT FROM jsonb_to_recordset of every line of the batch;
 * 5. one INSERT of every issue.
 * The unique keys (period, account, service, zone, part) still refuse any duplicate.
 */
export async function replaceBatchLines(
  m: EntityManager,
  run: RunScope,
  period: string,
  batch: BuildingLines[],
): Promise<void> {
  const start = `${period}-01`;
  const table = tableOf(run.mode);
  const scope = run.mode === 'preview' ? `run_id = $1` : `period = $1`;
  const key = run.mode === 'preview' ? run.id : start;
  const ids = batch.map((b) => b.buildingId);
  const existing: { id: string }[] = await m.query(
    `SELECT b::text AS id FROM unnest($2::bigint[]) AS b
      WHERE EXISTS (SELECT 1 FROM ${table} WHERE ${scope} AND building_id = b
                       AND ($3::bigint[] IS NULL OR account_id = ANY($3::bigint[])))`,
    [key, ids, run.accountIds],
  );
  if (existing.length) {
    await m.query(
      `DELETE FROM ${table} WHERE ${scope} AND building_id = ANY($2::bigint[])
          AND ($3::bigint[] IS NULL OR account_id = ANY($3::bigint[]))`,
      [key, existing.map((e) => e.id), run.accountIds],
    );
  }
  const retried = batch.filter((b) => b.retry).map((b) => b.buildingId);
  if (retried.length) {
    await m.query(`DELETE FROM billing_run_issues WHERE run_id = $1 AND building_id = ANY($2::bigint[])`, [
      run.id,
      retried,
    ]);
  }
  await insertLines(m, table, run.id, start, batch);
  await insertIssues(m, run.id, batch);
}

/**
 * Every line of the batch in one statement: one JSON document parsed once by PostgreSQL. Measured on the
 * S data (20 buildings, 14 666 lines): node-postgres serialises JS arrays for `unnest($n::type[])`
 * element by element in JavaScript (585 ms for three of the fourteen columns, on the worker's CPU),
 * while JSON.stringify of the whole batch takes 93 ms and jsonb_to_recordset about 130 ms in the server.
 */
async function insertLines(
  m: EntityManager,
  table: string,
  runId: string,
  start: string,
  batch: BuildingLines[],
): Promise<void> {
  if (!batch.some((b) => b.lines.length)) return;
  // The building id is written once per building; the lines keep their calculated shape.
  const doc = JSON.stringify(batch.map((b) => ({ b: b.buildingId, l: b.lines })));
  await m.query(
    `INSERT INTO ${table} (period, run_id, building_id, account_id, service_code, zone, part, method, volume, unit,
                           tariff, tariff_id, coefficient, coefficient_amount, amount, basis)
     SELECT $1::date, $2::bigint, g.b, x."accountId", x."serviceCode", x.zone, x.part, x.method, x.volume, x.unit,
            x.tariff, x."tariffId", x.coefficient, x."coefficientAmount", x.amount, x.basis
       FROM jsonb_to_recordset($3::jsonb) AS g(b bigint, l jsonb)
      CROSS JOIN LATERAL jsonb_to_recordset(g.l) AS x("accountId" bigint, "serviceCode" text, zone text, part smallint,
            method text, volume numeric, unit text, tariff numeric, "tariffId" bigint, coefficient numeric,
            "coefficientAmount" numeric, amount numeric, basis jsonb)`,
    [start, runId, doc],
  );
}

async function insertIssues(m: EntityManager, runId: string, batch: BuildingLines[]): Promise<void> {
  const rows = batch.flatMap((b) => b.issues.map((i) => ({ ...i, buildingId: b.buildingId })));
  if (!rows.length) return;
  await m.query(
    `INSERT INTO billing_run_issues (run_id, building_id, account_id, service_code, code, message)
     SELECT $1, b, a, s, c, msg FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[]) AS x(b, a, s, c, msg)`,
    [
      runId,
      rows.map((r) => r.buildingId),
      rows.map((r) => r.accountId),
      rows.map((r) => r.serviceCode),
      rows.map((r) => r.code),
      rows.map((r) => r.message),
    ],
  );
}
