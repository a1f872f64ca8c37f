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
 * 4. one INSERT … SELECT FROM unnest(arrays) of every line of the batch;
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

/** Every line of the batch in one statement: one array per column, unnested in step by PostgreSQL. */
async function insertLines(
  m: EntityManager,
  table: string,
  runId: string,
  start: string,
  batch: BuildingLines[],
): Promise<void> {
  const n = batch.reduce((k, b) => k + b.lines.length, 0);
  if (n === 0) return;
  const cols = {
    building: new Array<string>(n),
    account: new Array<string>(n),
    service: new Array<string>(n),
    zone: new Array<string | null>(n),
    part: new Array<number>(n),
    method: new Array<string>(n),
    volume: new Array<string>(n),
    unit: new Array<string>(n),
    tariff: new Array<string>(n),
    tariffId: new Array<string>(n),
    coefficient: new Array<string | null>(n),
    coefficientAmount: new Array<string>(n),
    amount: new Array<string>(n),
    basis: new Array<string>(n),
  };
  let i = 0;
  for (const b of batch) {
    for (const l of b.lines) {
      cols.building[i] = b.buildingId;
      cols.account[i] = l.accountId;
      cols.service[i] = l.serviceCode;
      cols.zone[i] = l.zone;
      cols.part[i] = l.part;
      cols.method[i] = l.method;
      cols.volume[i] = l.volume;
      cols.unit[i] = l.unit;
      cols.tariff[i] = l.tariff;
      cols.tariffId[i] = l.tariffId;
      cols.coefficient[i] = l.coefficient;
      cols.coefficientAmount[i] = l.coefficientAmount;
      cols.amount[i] = l.amount;
      cols.basis[i] = JSON.stringify(l.basis);
      i += 1;
    }
  }
  await m.query(
    `INSERT INTO ${table} (period, run_id, building_id, account_id, service_code, zone, part, method, volume, unit,
                           tariff, tariff_id, coefficient, coefficient_amount, amount, basis)
     SELECT $1::date, $2::bigint, x.* FROM unnest($3::bigint[], $4::bigint[], $5::text[], $6::text[], $7::smallint[],
            $8::text[], $9::numeric[], $10::text[], $11::numeric[], $12::bigint[], $13::numeric[], $14::numeric[],
            $15::numeric[], $16::jsonb[]) AS x`,
    [
      start,
      runId,
      cols.building,
      cols.account,
      cols.service,
      cols.zone,
      cols.part,
      cols.method,
      cols.volume,
      cols.unit,
      cols.tariff,
      cols.tariffId,
      cols.coefficient,
      cols.coefficientAmount,
      cols.amount,
      cols.basis,
    ],
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
