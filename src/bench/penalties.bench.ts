import { DataSource } from 'typeorm';
import { callApi } from '../demo/processes';
import { lastOverduePeriod } from '../modules/penalties/domain/account-inputs.build';
import { dueDateOf } from '../modules/penalties/domain/due-date.calc';
import { PenaltyRules } from '../modules/penalties/domain/penalty-rules.types';
import { penaltyRateOn } from '../modules/penalties/domain/rate.rules';
import { addMonths } from '../shared/period';
import { round2 } from './round';

/**
 * The nightly penalty workload (issue 8): the real job (POST /penalty-runs → one BullMQ job per chunk
 * of debtors → worker processes → penalty_accruals) against its floor, one set-based `INSERT … SELECT`
 * accruing the same debts. The estate's debts are opening balances (principal) of ten past months for
 * every fifth account, plus whatever the billing workload charged; no payment is allocated before the
 * run date (the API workload, which posts payments, runs after this one), so every debt is owed whole
 * up to the run date at the run date's rate — the case the floor computes.
 */
export const PENALTY_AS_OF = '2026-11-27';

/** Principal brought over for every fifth account: ten months, 2025-10 … 2026-07, amounts varying. */
export async function seedPenaltyDebts(db: DataSource, period: string): Promise<void> {
  await db.query(
    `INSERT INTO opening_balances (account_id, period, service_code, kind, amount, source, created_by)
     SELECT a.id, g.p::date, 'maintenance', 'principal', 800 + (a.id % 97) * 13.37 + g.k * 41.05, 'bench', 'bench'
       FROM accounts a
       CROSS JOIN LATERAL generate_series($1::date, $2::date, interval '1 month') WITH ORDINALITY AS g(p, k)
      WHERE a.id % 5 = 0
     ON CONFLICT DO NOTHING`,
    [`${addMonths(period, -12)}-01`, `${addMonths(period, -3)}-01`],
  );
}

const FLOOR_TABLE = `
  CREATE TABLE IF NOT EXISTS bench_floor_penalties (
    account_id bigint NOT NULL, period date NOT NULL, amount numeric(14,2) NOT NULL)`;

/**
 * The floor: per account and debt period, the booked principal (charge lines + opening balances) of
 * the periods already due, times the delay days in each charged band of the fraction table, times
 * the rate on the run date, rounded half-up per band row — the engine's rows for a debt nobody paid.
 * Due dates (one per period) and the rate come from the same rule tables through the same pure rule
 * functions; they are parameters, a dozen values, not per-account work.
 */
const FLOOR_SQL = `
INSERT INTO bench_floor_penalties (account_id, period, amount)
WITH debt AS (
  SELECT account_id, period, sum(amount) AS amount FROM (
    SELECT account_id, period, amount FROM charge_lines WHERE period <= $4::date
    UNION ALL
    SELECT account_id, period, amount FROM opening_balances WHERE kind = 'principal' AND period <= $4::date) x
   GROUP BY account_id, period HAVING sum(amount) > 0),
due AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS d(period date, due date)),
band AS (SELECT * FROM jsonb_to_recordset($2::jsonb) AS f(from_day int, to_day int, denominator int))
SELECT debt.account_id, debt.period, sum(round(debt.amount * b.days * $3::numeric / (band.denominator * 100), 2))
  FROM debt JOIN due ON due.period = debt.period CROSS JOIN band
  CROSS JOIN LATERAL (
    SELECT least(coalesce(due.due + band.to_day, $5::date), $5::date) - (due.due + band.from_day) + 1 AS days) b
 WHERE due.due < $5::date AND b.days > 0
 GROUP BY debt.account_id, debt.period`;

export interface PenaltiesMeasure {
  debtors: number;
  accrualRows: number;
  seconds: number;
  floorSeconds: number;
  ratio: number;
  total: string;
  floorTotal: string;
  totalsEqualFloor: boolean;
}

export async function measurePenalties(
  db: DataSource,
  base: string,
  rules: PenaltyRules,
  log: (m: string) => void,
): Promise<PenaltiesMeasure> {
  await db.query(`TRUNCATE penalty_accruals, penalty_run_chunks, penalty_runs CASCADE`);
  const [paid] = await db.query(`SELECT count(*)::int AS n FROM payments`);
  if ((paid.n as number) > 0) {
    // The floor accrues every debt whole; the job rightly counts the payments of an earlier API workload
    // (a kept database, --reuse), so then the totals differ by design.
    log(`${paid.n as number} payments posted already (an earlier API workload): the floor assumes none`);
  }
  await warmBooks(db);
  const auth = { 'X-API-Key': process.env.BOOTSTRAP_ADMIN_API_KEY! };
  await callApi(base, 'POST', '/api/v1/penalty-runs', auth, { asOf: PENALTY_AS_OF });
  let run: Record<string, unknown>;
  for (;;) {
    run = await callApi(base, 'GET', `/api/v1/penalty-runs/${PENALTY_AS_OF}`, auth);
    if (run.status !== 'running') break;
    await new Promise((r) => setTimeout(r, 200));
  }
  if (run.status !== 'completed') throw new Error(`penalty run ended ${String(run.status)}`);
  const [t] = await db.query(
    `SELECT extract(epoch FROM finished_at - started_at)::float8 AS s, accounts_total AS debtors
       FROM penalty_runs WHERE run_date = $1`,
    [PENALTY_AS_OF],
  );
  const [app] = await db.query(
    `SELECT coalesce(sum(amount), 0)::text AS total, count(*) FILTER (WHERE amount > 0)::int AS n
       FROM penalty_accruals WHERE as_of = $1`,
    [PENALTY_AS_OF],
  );
  log(`penalty run: ${round2(Number(t.s))} s, ${t.debtors as number} debtors, ${app.n as number} accruals`);

  const floor = await runPenaltyFloor(db, rules, PENALTY_AS_OF);
  const seconds = Number(t.s);
  return {
    debtors: t.debtors as number,
    accrualRows: app.n as number,
    seconds: round2(seconds),
    floorSeconds: round2(floor.seconds),
    ratio: round2(seconds / floor.seconds),
    total: app.total as string,
    floorTotal: floor.total as string,
    totalsEqualFloor: app.total === floor.total && app.n === floor.n,
  };
}

/** The books both sides read: the job through these indexes, the floor by sequential scans. */
const BOOKS = [
  'charge_lines',
  'ix_charge_lines__account_period',
  'opening_balances',
  'uq_opening_balances__account_period_service_kind',
];

/**
 * Reads the books once before the job, so the job and the floor start from the same cache state: the
 * floor runs right after the job and finds every page the job has just read in the OS cache, while
 * the job, on a host that pages out file cache unused for a minute (DAMON reclaim on the Firecracker
 * VMs of 2026-11-29), read its first chunks from the disk — 407 ms against 71 ms for the charge lines
 * of the first 5 000 accounts, cold and again. pg_prewarm where the server has it, else plain scans
 * of the tables (the indexes then stay as they are).
 */
async function warmBooks(db: DataSource): Promise<void> {
  try {
    await db.query(`CREATE EXTENSION IF NOT EXISTS pg_prewarm`);
    for (const rel of BOOKS) await db.query(`SELECT pg_prewarm($1::regclass, 'read')`, [rel]);
  } catch {
    await db.query(`SELECT sum(amount) FROM charge_lines`);
    await db.query(`SELECT sum(amount) FROM opening_balances`);
  }
}

/**
 * Runs the floor for the run date into bench_floor_penalties (created if missing, emptied first);
 * returns its time, its total and the number of (account, period) accruals above zero.
 */
export async function runPenaltyFloor(
  db: DataSource,
  rules: PenaltyRules,
  asOf: string,
): Promise<{ seconds: number; total: string; n: number }> {
  await db.query(FLOOR_TABLE);
  await db.query(`TRUNCATE bench_floor_penalties`);
  const lastPeriod = lastOverduePeriod({ asOf, ...rules });
  const periods: { period: string }[] = await db.query(
    `SELECT DISTINCT to_char(period, 'YYYY-MM') AS period FROM opening_balances
      UNION SELECT DISTINCT to_char(period, 'YYYY-MM') FROM charge_lines`,
  );
  const due = periods.map(({ period }) => ({ period: `${period}-01`, due: dueDateOf({ period, ...rules }) }));
  const bands = bandsOn(asOf, rules);
  const rate = penaltyRateOn(asOf, rules).toString();
  const t0 = Date.now();
  await db.query(FLOOR_SQL, [JSON.stringify(due), JSON.stringify(bands), rate, `${lastPeriod}-01`, asOf]);
  const seconds = (Date.now() - t0) / 1000;
  const [floor] = await db.query(
    `SELECT coalesce(sum(amount), 0)::text AS total, count(*) FILTER (WHERE amount > 0)::int AS n FROM bench_floor_penalties`,
  );
  return { seconds, total: floor.total as string, n: floor.n as number };
}

/** The charged bands of the fraction set in force on the date (free days have no denominator). */
function bandsOn(
  date: string,
  rules: PenaltyRules,
): { from_day: number; to_day: number | null; denominator: number }[] {
  const setFrom = rules.fractions
    .filter((f) => f.validFrom <= date)
    .reduce((a, f) => (f.validFrom > a ? f.validFrom : a), '');
  return rules.fractions
    .filter((f) => f.validFrom === setFrom && f.denominator !== null)
    .map((f) => ({ from_day: f.fromDay, to_day: f.toDay, denominator: f.denominator! }));
}
