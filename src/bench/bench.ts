import 'reflect-metadata';
import { benchDocuments } from '../modules/documents/documents.bench';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Client } from 'pg';
import { createApiApp } from '../app.factory';
import { loadConfig } from '../config/configuration';
import { dataSourceOptions, runMigrations } from '../database/data-source';
import { createDatabase, dropDatabase, EmbeddedDatabase, startEmbeddedPostgres } from '../database/embedded';
import { seedDemoEstate } from '../demo/demo-seed';
import { callApi, forkReadyWorkers, stopWorkers, waitForBillingRun } from '../demo/processes';
import { PenaltyRulesService } from '../modules/penalties/rules/penalty-rules.service';
import { ApiLoad, measureApiLoad, prepareApiLoad } from './api-load';
import { ExportMeasure, measureExport } from './export.bench';
import { measureHostSpeed } from './host-speed';
import { measurePenalties, PenaltiesMeasure, seedPenaltyDebts } from './penalties.bench';
import { BILLING_FLOOR_TABLE, FLOOR_TOTALS_SQL, runBillingFloor } from './billing-floor.sql';
import { round2 } from './round';

/**
 * `npm run bench -- --size S|M|L [--json]`: seeds a deterministic estate set-based, bills one month
 * through the real path (HTTP API → BullMQ flow → separate worker processes → PostgreSQL), once with
 * one worker process and once with two, then computes the same lines with the plain-SQL floor, checks
 * that the totals are equal to the kopeck, and reports seconds and the ratio to the floor.
 * Targets only loopback. Workloads of later capabilities are reported as still to come.
 */
const SIZES: Record<string, number> = { S: 10_000, M: 100_000, L: 1_000_000 };
const PERIOD = '2026-10';
const WORKLOADS = ['billingRun', 'penalties', 'export', 'documents', 'api'] as const;
type Workload = (typeof WORKLOADS)[number];
const ALIASES: Record<string, Workload> = {
  billing: 'billingRun',
  billingrun: 'billingRun',
  exports: 'export',
};

interface Args {
  size: string;
  json: boolean;
  workers: number[];
  keep: boolean;
  /**
   * Reuse the benchmark database of an earlier `--keep` run when it holds this size already billed:
   * no seeding and no unmeasured billing run (e.g. `--only export --keep --reuse` for both sizes).
   */
  reuse: boolean;
  only: Set<Workload>;
  /** Also measure the API while a billing run is active (on by default; `--no-api-during-billing`). */
  apiDuringBilling: boolean;
}
interface RunMeasure {
  workers: number;
  seconds: number;
  lines: number;
  accounts: number;
  totals: Totals;
}
type Totals = { serviceCode: string; lines: number; amount: string }[];

const USAGE =
  'usage: npm run bench -- --size S|M|L [--json] [--workers 1,2] [--only billingRun,penalties,export,documents,api] [--no-api-during-billing] [--keep] [--reuse]';

function parseArgs(argv: string[]): Args {
  const size = (argv[argv.indexOf('--size') + 1] ?? 'S').toUpperCase();
  if (!argv.includes('--size') || !SIZES[size]) throw new Error(USAGE);
  const w = argv.includes('--workers') ? argv[argv.indexOf('--workers') + 1] : '1,2';
  const onlyArg = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : WORKLOADS.join(',');
  const only = new Set<Workload>();
  for (const name of onlyArg.split(',').filter(Boolean)) {
    const found =
      WORKLOADS.find((x) => x.toLowerCase() === name.toLowerCase()) ?? ALIASES[name.toLowerCase()];
    if (!found) throw new Error(`unknown workload "${name}"; ${USAGE}`);
    only.add(found);
  }
  return {
    size,
    json: argv.includes('--json'),
    workers: w.split(',').map(Number),
    keep: argv.includes('--keep'),
    reuse: argv.includes('--reuse'),
    only,
    apiDuringBilling: !argv.includes('--no-api-during-billing'),
  };
}

const log = (args: Args, m: string) => (args.json ? process.stderr : process.stdout).write(`${m}\n`);
const secondsSince = (t: number) => (Date.now() - t) / 1000;

/** What a workload hook gets: the bench database, the in-process API and the seeded period. */
export interface BenchContext {
  db: DataSource;
  /** Base URL of the in-process API (trigger and poll). */
  base: string;
  /** Connection string of the bench database. */
  url: string;
  period: string;
  size: string;
  accounts: number;
  log: (m: string) => void;
}

// ─── DOCUMENTS WORKLOAD HOOK (issue 5) ────────────────────────────────────────────────────────────
// Batch issue of payment documents (src/modules/documents/documents.bench.ts) through the API, the
// queue and one worker process, against minimal one-page PDFs with the same font. Printed as the
// table's `documents` row and as `documents` in the JSON.
export interface DocumentsMeasure {
  documents: number;
  seconds: number;
  floorSeconds: number;
  ratio: number;
  perSecond: number;
  [extra: string]: unknown;
}
type DocumentsHook = (ctx: BenchContext) => Promise<DocumentsMeasure>;
const runDocuments: DocumentsHook | undefined = async (ctx) => {
  ctx.log('documents: batch issue of 500 payment documents (1 worker process), then the minimal-PDF floor');
  return {
    ...(await benchDocuments({
      db: ctx.db,
      baseUrl: ctx.base,
      headers: { 'X-API-Key': process.env.BOOTSTRAP_ADMIN_API_KEY! },
      period: ctx.period,
      limit: 500,
      workers: 1,
    })),
  };
};
// ─── END OF THE DOCUMENTS HOOK ────────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const accounts = SIZES[args.size];
  const { url, cleanup, reused } = await benchDatabase(args);
  process.env.DATABASE_URL = url;
  process.env.QUEUE_PREFIX = `abonent-bench-${randomBytes(3).toString('hex')}`;
  process.env.BOOTSTRAP_ADMIN_API_KEY = `bench-${randomBytes(24).toString('hex')}`;
  process.env.LOG_LEVEL = 'warn';
  process.env.BILLING_SWEEP_EVERY_SECONDS = '0';
  process.env.PENALTY_NIGHTLY_CRON = 'off';
  let app: INestApplication | undefined;
  let report: Report | undefined;
  try {
    await runMigrations(url);
    app = await createApiApp({ logs: false });
    await app.listen(0, '127.0.0.1');
    const db = app.get(DataSource);
    const t0 = Date.now();
    const billed = reused;
    if (billed) {
      log(args, `reusing the database: ${accounts} accounts, period ${PERIOD} billed`);
    } else {
      // Seeding M or L on a busy machine outlasts the pool's statement timeout: its own connections.
      const options = dataSourceOptions(url, 4);
      const seedDb = new DataSource({ ...options, extra: { ...options.extra, statement_timeout: 0 } });
      await seedDb.initialize();
      try {
        await seedDemoEstate(seedDb, PERIOD, {
          buildings: accounts / 100,
          perBuilding: 100,
          hotWaterGaps: false,
        });
        await seedPenaltyDebts(seedDb, PERIOD);
        await seedDb.query('ANALYZE');
      } finally {
        await seedDb.destroy();
      }
    }
    const seedSeconds = secondsSince(t0);
    log(args, `seeded ${accounts} accounts in ${Math.round(seedSeconds * 10) / 10} s`);
    const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const ctx: BenchContext = {
      db,
      base,
      url,
      period: PERIOD,
      size: args.size,
      accounts,
      log: (m) => log(args, m),
    };
    report = { size: args.size, machine: await machine(db), seedSeconds: round2(seedSeconds) };

    if (args.only.has('billingRun')) {
      const runs: RunMeasure[] = [];
      await settleSeededTables(args, url);
      for (const w of args.workers) runs.push(await measureRun(args, db, base, w));
      const floor = await measureFloor(args, db);
      report.billingRun = await billingReport(db, runs, floor);
    } else if (billed) {
      log(args, 'the period is billed already (--reuse)');
    } else if (args.only.has('penalties') || args.only.has('export') || args.only.has('documents')) {
      log(args, 'billing the period once (not measured) for the penalty and export workloads');
      await measureRun(args, db, base, 1);
    }
    if (args.only.has('penalties')) {
      const procs = await forkReadyWorkers(1);
      try {
        const rules = await app.get(PenaltyRulesService).loadRules();
        report.penalties = await measurePenalties(db, base, rules, ctx.log);
      } finally {
        await stopWorkers(procs);
      }
    }
    if (args.only.has('export')) {
      log(args, 'export: the period as CSV through the API, then COPY of the same query');
      report.export = await measureExport(url, PERIOD);
    }
    if (args.only.has('documents')) {
      report.documents = runDocuments
        ? await runDocuments(ctx)
        : {
            measured: false,
            note: 'payment documents (issue 5): wired by the lead, see the hook in bench.ts',
          };
    }
    if (args.only.has('api')) {
      // BENCH_API_RATE: another rate than the target's 300 requests/s (e.g. to compare builds on a loaded machine).
      const rate = Number(process.env.BENCH_API_RATE) || 300;
      log(
        args,
        `API under load: ${rate} requests/s for 10 s (ledger read, reading submission, payment post)`,
      );
      report.api = await measureApiLoad(db, rate);
      if (args.apiDuringBilling) report.api.duringBillingRun = await measureApiDuringBilling(args, db, base);
    }
    if (args.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else printTable(report);
    const b = report.billingRun;
    if (b && (!b.totalsEqualFloor || b.duplicateLines !== 0)) process.exitCode = 1;
    if (report.penalties && !report.penalties.totalsEqualFloor) process.exitCode = 1;
    if (report.export && !report.export.rowsEqualFloor) process.exitCode = 1;
  } catch (e) {
    // A workload that fails (at L, a timeout, say) must not lose the figures measured before it.
    if (report) process.stderr.write(`measured before the failure: ${JSON.stringify(report)}\n`);
    throw e;
  } finally {
    await app?.close();
    await cleanup();
  }
}

/**
 * The API under the same load while a billing run (one worker process) is active: the run is
 * started, the load begins a second later and lasts 10 s (or until the run ends, whichever is first
 * — the load is bounded either way), then the run is awaited. The run is a first run of the period,
 * as the billing workload's (no lines, no change-feed keys, a CHECKPOINT before), so its seconds
 * compare with that workload's whether or not the database was reused; the worker runs at the
 * WORKER_NICE of the environment (default 10), reported as `workerNice`.
 */
async function measureApiDuringBilling(
  args: Args,
  db: DataSource,
  base: string,
): Promise<ApiLoad & { billingSeconds: number; billingActiveThroughout: boolean; workerNice: number }> {
  await asFirstRunOfPeriod(args, db);
  const workerNice = loadConfig().worker.nice;
  const target = await prepareApiLoad(db);
  // The API warmed at the same rate before the run starts (its cold start is reported apart).
  const warmUp = await target.warmUp();
  const procs = await forkReadyWorkers(1);
  try {
    const auth = { 'X-API-Key': process.env.BOOTSTRAP_ADMIN_API_KEY! };
    const created = await callApi(base, 'POST', '/api/v1/billing-runs', auth, { period: PERIOD });
    await new Promise((r) => setTimeout(r, 1000));
    log(args, 'API under load during a billing run (1 worker process)');
    const load = await target.fire();
    const loadEndedAt = Date.now();
    const run = await waitForBillingRun(base, created.id as string, auth);
    if (run.status !== 'completed') throw new Error(`run ended ${run.status as string}`);
    const [t] = await db.query(
      `SELECT extract(epoch FROM finished_at - created_at)::float8 AS s,
              extract(epoch FROM finished_at)::float8 * 1000 AS finished_ms
         FROM billing_runs WHERE id = $1`,
      [created.id],
    );
    if (load.timelineStartEpochMs !== undefined) {
      const starts: { ms: number }[] = await db.query(
        `SELECT DISTINCT extract(epoch FROM started_at)::float8 * 1000 AS ms FROM billing_run_chunks WHERE run_id = $1 ORDER BY 1`,
        [created.id],
      );
      load.batchStartsMs = starts.map((s) => Math.round(Number(s.ms) - load.timelineStartEpochMs!));
    }
    return {
      ...load,
      ...(warmUp ? { warmUp } : {}),
      billingSeconds: round2(Number(t.s)),
      billingActiveThroughout: Number(t.finished_ms) >= loadEndedAt,
      workerNice,
    };
  } finally {
    await stopWorkers(procs);
    await target.stop();
  }
}

async function benchDatabase(
  args: Args,
): Promise<{ url: string; cleanup: () => Promise<void>; reused: boolean }> {
  // BENCH_DB_NAME lets several benchmark runs share one server without dropping each other's data.
  const name = process.env.BENCH_DB_NAME ?? `abonent_bench_${args.size.toLowerCase()}`;
  if (process.env.DATABASE_URL) {
    const server = process.env.DATABASE_URL;
    const u = new URL(server);
    u.pathname = `/${name}`;
    if (
      args.reuse &&
      (await databaseExists(server, name)) &&
      (await alreadyBilled(u.toString(), SIZES[args.size]))
    ) {
      log(args, `database: ${name} (reused)`);
      const url = u.toString();
      return {
        url,
        reused: true,
        cleanup: () => (args.keep ? Promise.resolve() : dropDatabase(server, name)),
      };
    }
    await dropDatabase(server, name);
    const url = await createDatabase(server, name);
    log(
      args,
      `database: ${name} on the configured server; queue: ${process.env.REDIS_URL ? 'redis' : 'postgres'}`,
    );
    return {
      url,
      reused: false,
      cleanup: () => (args.keep ? Promise.resolve() : dropDatabase(server, name)),
    };
  }
  const embedded: EmbeddedDatabase = await startEmbeddedPostgres(name);
  log(args, `database: embedded PostgreSQL; queue: ${process.env.REDIS_URL ? 'redis' : 'postgres'}`);
  return { url: embedded.url, cleanup: embedded.stop, reused: false };
}

async function databaseExists(server: string, name: string): Promise<boolean> {
  const admin = new Client({ connectionString: server });
  await admin.connect();
  try {
    const r = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
    return r.rowCount === 1;
  } finally {
    await admin.end();
  }
}

/** The kept database holds exactly this size with the period billed (else it is made afresh). */
async function alreadyBilled(url: string, accounts: number): Promise<boolean> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ ready: boolean }>(
      `SELECT to_regclass('charge_lines') IS NOT NULL AND to_regclass('accounts') IS NOT NULL AS ready`,
    );
    if (!rows[0].ready) return false;
    const r = await client.query<{ accounts: number; lines: number }>(
      `SELECT (SELECT count(*) FROM accounts)::int AS accounts,
              (SELECT count(*) FROM charge_lines WHERE period = $1::date)::int AS lines`,
      [`${PERIOD}-01`],
    );
    return r.rows[0].accounts === accounts && r.rows[0].lines > 0;
  } finally {
    await client.end();
  }
}

/**
 * Benchmark hygiene, the same for the application and the floor: the seeded tables are vacuumed and
 * analysed once before the billing workload (so the first measured run does not pay for setting the
 * hint bits and visibility map of freshly seeded rows — with autovacuum off nobody else would), and a
 * CHECKPOINT precedes every measured run and the floor, so neither writes back the other's (or the
 * seeding's) dirty buffers nor starts in the middle of a checkpoint. Without the right to CHECKPOINT
 * (PostgreSQL 15: superuser or pg_checkpoint) the bench says so and goes on.
 */
async function settleSeededTables(args: Args, url: string): Promise<void> {
  const t0 = Date.now();
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    // The kept lines of an earlier run go first (each measured run truncates them anyway).
    await client.query(`TRUNCATE charge_lines, billing_run_issues, consumption_changes CASCADE`);
    await client.query(`SET statement_timeout = 0`);
    await client.query(`VACUUM (ANALYZE)`);
  } finally {
    await client.end();
  }
  log(args, `VACUUM (ANALYZE) of the seeded database: ${Math.round(secondsSince(t0) * 10) / 10} s`);
}

async function checkpoint(args: Args, db: DataSource): Promise<void> {
  try {
    await db.query(`CHECKPOINT`);
  } catch (e) {
    log(
      args,
      `CHECKPOINT not possible (${e instanceof Error ? e.message : String(e)}); measuring without it`,
    );
  }
}

/**
 * Every measured run is the first run of the period, as after seeding: no lines, and no change-feed
 * keys (TRUNCATE fires no DELETE trigger, so an earlier run's keys would turn this run's feed inserts
 * into updates of 700 000 rows — a re-run's cost, not the monthly run's), after a CHECKPOINT.
 */
async function asFirstRunOfPeriod(args: Args, db: DataSource): Promise<void> {
  await db.query(`TRUNCATE charge_lines, billing_run_issues, consumption_changes CASCADE`);
  await checkpoint(args, db);
}

/** One billing run through the API and `workers` worker processes, from trigger to last committed line. */
async function measureRun(args: Args, db: DataSource, base: string, workers: number): Promise<RunMeasure> {
  await asFirstRunOfPeriod(args, db);
  const procs = await forkReadyWorkers(workers);
  try {
    const auth = { 'X-API-Key': process.env.BOOTSTRAP_ADMIN_API_KEY! };
    const created = await callApi(base, 'POST', '/api/v1/billing-runs', auth, { period: PERIOD });
    const run = await waitForBillingRun(base, created.id as string, auth);
    if (run.status !== 'completed')
      throw new Error(`run ended ${run.status as string}: ${JSON.stringify(run.failedBuildings)}`);
    const [t] = await db.query(
      `SELECT extract(epoch FROM finished_at - created_at)::text AS s FROM billing_runs WHERE id = $1`,
      [created.id],
    );
    const m = {
      workers,
      seconds: Number(t.s),
      lines: run.lines as number,
      accounts: run.accountsBilled as number,
      totals: run.totals as Totals,
    };
    log(args, `billing run with ${workers} worker process(es): ${round2(m.seconds)} s, ${m.lines} lines`);
    return m;
  } finally {
    await stopWorkers(procs);
  }
}

async function measureFloor(args: Args, db: DataSource): Promise<{ seconds: number; totals: Totals }> {
  await db.query(BILLING_FLOOR_TABLE);
  await db.query(`TRUNCATE bench_floor_lines`);
  await checkpoint(args, db);
  const t0 = Date.now();
  await runBillingFloor(db, `${PERIOD}-01`);
  const seconds = secondsSince(t0);
  return { seconds, totals: await db.query(FLOOR_TOTALS_SQL) };
}

interface BillingReport {
  accounts: number;
  chargeLines: number;
  seconds: number;
  floorSeconds: number;
  ratio: number;
  secondsTwoWorkers?: number;
  ratioTwoWorkers?: number;
  accountsPerSecond: number;
  totalsEqualFloor: boolean;
  duplicateLines: number;
}
interface Report {
  size: string;
  machine: Awaited<ReturnType<typeof machine>>;
  seedSeconds: number;
  billingRun?: BillingReport;
  penalties?: PenaltiesMeasure;
  export?: ExportMeasure;
  documents?: DocumentsMeasure | { measured: false; note: string };
  api?: ApiLoad & {
    duringBillingRun?: ApiLoad & {
      billingSeconds: number;
      billingActiveThroughout: boolean;
      workerNice: number;
    };
  };
}

async function machine(db: DataSource) {
  const [{ v }] = await db.query(`SELECT version() AS v`);
  const settings: { name: string; setting: string; unit: string | null }[] = await db.query(
    `SELECT name, setting, unit FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'max_wal_size', 'synchronous_commit', 'fsync', 'max_connections')`,
  );
  return {
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    postgres: v as string,
    settings: Object.fromEntries(settings.map((s) => [s.name, `${s.setting}${s.unit ?? ''}`])),
    queue: process.env.REDIS_URL ? 'redis' : 'postgres',
    // Linux groups a session's processes for CPU fairness (autogroup): then the worker's lower priority
    // only counts among our own processes, and all PostgreSQL backends share one group (BENCHMARKS.md).
    schedAutogroup: linuxSetting('/proc/sys/kernel/sched_autogroup_enabled'),
    // Fixed work timed on the host before the workloads: how fast the host is today (host-speed.ts).
    hostSpeed: await measureHostSpeed(db),
  };
}

function linuxSetting(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

async function billingReport(
  db: DataSource,
  runs: RunMeasure[],
  floor: { seconds: number; totals: Totals },
): Promise<BillingReport> {
  const [dups] = await db.query(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM charge_lines GROUP BY period, account_id, service_code, zone HAVING count(*) > 1) x`,
  );
  const one = runs[0];
  const two = runs.find((r) => r.workers === 2);
  return {
    accounts: one.accounts,
    chargeLines: one.lines,
    seconds: round2(one.seconds),
    floorSeconds: round2(floor.seconds),
    ratio: round2(one.seconds / floor.seconds),
    ...(two && two !== one
      ? { secondsTwoWorkers: round2(two.seconds), ratioTwoWorkers: round2(two.seconds / floor.seconds) }
      : {}),
    accountsPerSecond: Math.round(one.accounts / one.seconds),
    totalsEqualFloor: runs.every((r) => sameTotals(r.totals, floor.totals)),
    duplicateLines: dups.n as number,
  };
}

function sameTotals(a: Totals, b: Totals): boolean {
  const key = (t: Totals) => t.map((x) => `${x.serviceCode}|${x.lines}|${x.amount}`).join(';');
  return key(a) === key(b);
}

function printTable(r: Report): void {
  const out = [
    '',
    `size ${r.size} · ${r.machine.cores} cores · ${r.machine.postgres.split(' on ')[0]} · queue ${r.machine.queue}`,
    `host speed (fixed work, ms): decimal.js ${r.machine.hostSpeed.jsMs} · zlib ${r.machine.hostSpeed.zlibMs} · ` +
      `PostgreSQL aggregate ${r.machine.hostSpeed.pgMs} · round trip ${r.machine.hostSpeed.pgRoundTripMs}`,
    `| workload | app | floor | ratio | notes |`,
    `|---|---|---|---|---|`,
  ];
  const b = r.billingRun;
  if (b) {
    out.push(
      `| billing run (1 worker) | ${b.seconds} s | ${b.floorSeconds} s | ${b.ratio} | ${b.accounts} accounts, ${b.chargeLines} lines, ${b.accountsPerSecond} accounts/s; totals = floor: ${b.totalsEqualFloor}, duplicates: ${b.duplicateLines} |`,
    );
    if (b.secondsTwoWorkers !== undefined)
      out.push(
        `| billing run (2 workers) | ${b.secondsTwoWorkers} s | ${b.floorSeconds} s | ${b.ratioTwoWorkers} | |`,
      );
  }
  const p = r.penalties;
  if (p)
    out.push(
      `| penalties (nightly job, 1 worker) | ${p.seconds} s | ${p.floorSeconds} s | ${p.ratio} | ${p.debtors} debtors, ${p.accrualRows} accruals, total ${p.total} (floor ${p.floorTotal}); equal: ${p.totalsEqualFloor} |`,
    );
  const e = r.export;
  if (e)
    out.push(
      `| export (CSV via API) | ${e.seconds} s | ${e.floorSeconds} s | ${e.ratio} | ${e.rows} rows, ${e.rowsPerSecond} rows/s (COPY ${e.floorRowsPerSecond} rows/s), API peak RSS ${e.peakRssMb} MB (${e.idleRssMb} MB before); during the download: RSS ${e.memoryDuring.rssMb} MB, heap used ${e.memoryDuring.heapUsedMb} MB of ${e.memoryDuring.heapTotalMb} MB, external ${e.memoryDuring.externalMb} MB (before: RSS ${e.memoryBefore.rssMb}, heap ${e.memoryBefore.heapUsedMb}/${e.memoryBefore.heapTotalMb}); rows = floor: ${e.rowsEqualFloor} |`,
    );
  if (e?.jsonl)
    out.push(
      `| export (JSONL via API, cursor) | ${e.jsonl.seconds} s | — | — | ${e.jsonl.bytes} bytes; during the download: RSS ${e.jsonl.memoryDuring.rssMb} MB, heap used ${e.jsonl.memoryDuring.heapUsedMb} MB of ${e.jsonl.memoryDuring.heapTotalMb} MB, external ${e.jsonl.memoryDuring.externalMb} MB |`,
    );
  const d = r.documents;
  if (d)
    out.push(
      !('seconds' in d)
        ? `| documents | — | — | — | ${d.note} |`
        : `| documents | ${d.seconds} s | ${d.floorSeconds} s | ${d.ratio} | ${d.documents} documents, ${d.perSecond}/s |`,
    );
  const a = r.api;
  if (a) {
    const row = (name: string, x: ApiLoad, note = '') =>
      `| ${name} | p50 ${x.p50Ms} ms, p99 ${x.p99Ms} ms | — | — | ${x.rps} req/s of ${x.rate} asked (open model), ${x.requests} requests, ${x.non2xx} not 2xx, ${x.errors} errors, API CPU ${x.apiCpuMsPerRequest} ms/request, generator CPU ${x.generatorCpuMsPerRequest ?? '—'} ms/request${x.warmUp ? `, after a ${x.warmUp.seconds} s warm-up at the same rate (p99 ${x.warmUp.p99Ms} ms)` : ''}; p99 ledger ${x.byKind.ledger.p99Ms} / reading ${x.byKind.reading.p99Ms} / payment ${x.byKind.payment.p99Ms} ms${note} |`;
    out.push(row('api under load', a));
    if (a.duringBillingRun)
      out.push(
        row(
          'api under load, billing run active',
          a.duringBillingRun,
          `; the run took ${a.duringBillingRun.billingSeconds} s${a.duringBillingRun.billingActiveThroughout ? '' : ' (ended before the load did)'}, worker at nice ${a.duringBillingRun.workerNice}`,
        ),
      );
  }
  out.push('', `seeding ${r.seedSeconds} s`);
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
