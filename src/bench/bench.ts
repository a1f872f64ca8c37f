import 'reflect-metadata';
import { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createApiApp } from '../app.factory';
import { runMigrations } from '../database/data-source';
import { createDatabase, dropDatabase, EmbeddedDatabase, startEmbeddedPostgres } from '../database/embedded';
import { seedDemoEstate } from '../demo/demo-seed';
import { callApi, forkWorkers, stopWorkers, waitForBillingRun } from '../demo/processes';
import { ApiLoad, measureApiLoad } from './api-load';
import { BILLING_FLOOR_TABLE, FLOOR_TOTALS_SQL, runBillingFloor } from './billing-floor.sql';

/**
 * `npm run bench -- --size S|M|L [--json]`: seeds a deterministic estate set-based, bills one month
 * through the real path (HTTP API → BullMQ flow → separate worker processes → PostgreSQL), once with
 * one worker process and once with two, then computes the same lines with the plain-SQL floor, checks
 * that the totals are equal to the kopeck, and reports seconds and the ratio to the floor.
 * Targets only loopback. Workloads of later capabilities are reported as still to come.
 */
const SIZES: Record<string, number> = { S: 10_000, M: 100_000, L: 1_000_000 };
const PERIOD = '2026-10';

interface Args {
  size: string;
  json: boolean;
  workers: number[];
  keep: boolean;
}
interface RunMeasure {
  workers: number;
  seconds: number;
  lines: number;
  accounts: number;
  totals: Totals;
}
type Totals = { serviceCode: string; lines: number; amount: string }[];

function parseArgs(argv: string[]): Args {
  const size = (argv[argv.indexOf('--size') + 1] ?? 'S').toUpperCase();
  if (!argv.includes('--size') || !SIZES[size])
    throw new Error('usage: npm run bench -- --size S|M|L [--json] [--workers 1,2]');
  const w = argv.includes('--workers') ? argv[argv.indexOf('--workers') + 1] : '1,2';
  return {
    size,
    json: argv.includes('--json'),
    workers: w.split(',').map(Number),
    keep: argv.includes('--keep'),
  };
}

const log = (args: Args, m: string) => (args.json ? process.stderr : process.stdout).write(`${m}\n`);
const secondsSince = (t: number) => (Date.now() - t) / 1000;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const accounts = SIZES[args.size];
  const { url, cleanup } = await benchDatabase(args);
  process.env.DATABASE_URL = url;
  process.env.QUEUE_PREFIX = `abonent-bench-${randomBytes(3).toString('hex')}`;
  process.env.BOOTSTRAP_ADMIN_API_KEY = `bench-${randomBytes(24).toString('hex')}`;
  process.env.LOG_LEVEL = 'warn';
  process.env.BILLING_SWEEP_EVERY_SECONDS = '0';
  let app: INestApplication | undefined;
  try {
    await runMigrations(url);
    app = await createApiApp({ logs: false });
    await app.listen(0, '127.0.0.1');
    const db = app.get(DataSource);
    const t0 = Date.now();
    await seedDemoEstate(db, PERIOD, { buildings: accounts / 100, perBuilding: 100, hotWaterGaps: false });
    await db.query('ANALYZE');
    const seedSeconds = secondsSince(t0);
    log(args, `seeded ${accounts} accounts in ${Math.round(seedSeconds * 10) / 10} s`);
    const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const runs: RunMeasure[] = [];
    for (const w of args.workers) runs.push(await measureRun(args, db, base, w));
    const floor = await measureFloor(db);
    log(args, 'API under load: 300 requests/s for 10 s (ledger read, reading submission, payment post)');
    const api = await measureApiLoad(db);
    const report = { ...(await buildReport(db, args, accounts, seedSeconds, runs, floor)), api };
    if (args.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else printTable(report);
    if (!report.billingRun.totalsEqualFloor || report.billingRun.duplicateLines !== 0) process.exitCode = 1;
  } finally {
    await app?.close();
    await cleanup();
  }
}

async function benchDatabase(args: Args): Promise<{ url: string; cleanup: () => Promise<void> }> {
  const name = `abonent_bench_${args.size.toLowerCase()}`;
  if (process.env.DATABASE_URL) {
    const server = process.env.DATABASE_URL;
    await dropDatabase(server, name);
    const url = await createDatabase(server, name);
    log(
      args,
      `database: ${name} on the configured server; queue: ${process.env.REDIS_URL ? 'redis' : 'postgres'}`,
    );
    return { url, cleanup: () => (args.keep ? Promise.resolve() : dropDatabase(server, name)) };
  }
  const embedded: EmbeddedDatabase = await startEmbeddedPostgres(name);
  log(args, `database: embedded PostgreSQL; queue: ${process.env.REDIS_URL ? 'redis' : 'postgres'}`);
  return { url: embedded.url, cleanup: embedded.stop };
}

async function startWorkers(n: number): Promise<ChildProcess[]> {
  const workers = forkWorkers(n);
  await new Promise((r) => setTimeout(r, 2500)); // let them connect before the clock starts
  return workers;
}

/** One billing run through the API and `workers` worker processes, from trigger to last committed line. */
async function measureRun(args: Args, db: DataSource, base: string, workers: number): Promise<RunMeasure> {
  await db.query(`TRUNCATE charge_lines, billing_run_issues CASCADE`);
  const procs = await startWorkers(workers);
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
    log(
      args,
      `billing run with ${workers} worker process(es): ${Math.round(m.seconds * 100) / 100} s, ${m.lines} lines`,
    );
    return m;
  } finally {
    await stopWorkers(procs);
  }
}

async function measureFloor(db: DataSource): Promise<{ seconds: number; totals: Totals }> {
  await db.query(BILLING_FLOOR_TABLE);
  await db.query(`TRUNCATE bench_floor_lines`);
  const t0 = Date.now();
  await runBillingFloor(db, `${PERIOD}-01`);
  const seconds = secondsSince(t0);
  return { seconds, totals: await db.query(FLOOR_TOTALS_SQL) };
}

async function buildReport(
  db: DataSource,
  args: Args,
  accounts: number,
  seedSeconds: number,
  runs: RunMeasure[],
  floor: { seconds: number; totals: Totals },
) {
  const [{ v }] = await db.query(`SELECT version() AS v`);
  const settings: { name: string; setting: string; unit: string | null }[] = await db.query(
    `SELECT name, setting, unit FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'max_wal_size', 'synchronous_commit', 'fsync', 'max_connections')`,
  );
  const [dups] = await db.query(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM charge_lines GROUP BY period, account_id, service_code, zone HAVING count(*) > 1) x`,
  );
  const one = runs[0];
  const two = runs.find((r) => r.workers === 2);
  const round2 = (x: number) => Math.round(x * 100) / 100;
  return {
    size: args.size,
    machine: {
      cores: cpus().length,
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      postgres: v as string,
      settings: Object.fromEntries(settings.map((s) => [s.name, `${s.setting}${s.unit ?? ''}`])),
      queue: process.env.REDIS_URL ? 'redis' : 'postgres',
    },
    seedSeconds: round2(seedSeconds),
    billingRun: {
      accounts: one.accounts,
      chargeLines: one.lines,
      seconds: round2(one.seconds),
      floorSeconds: round2(floor.seconds),
      ratio: round2(one.seconds / floor.seconds),
      ...(two
        ? { secondsTwoWorkers: round2(two.seconds), ratioTwoWorkers: round2(two.seconds / floor.seconds) }
        : {}),
      accountsPerSecond: Math.round(one.accounts / one.seconds),
      totalsEqualFloor: runs.every((r) => sameTotals(r.totals, floor.totals)),
      duplicateLines: dups.n as number,
    },
    penalties: { implemented: false, note: 'issue 4' },
    export: { implemented: false, note: 'issue 6' },
    documents: { implemented: false, note: 'issue 5' },
  };
}

function sameTotals(a: Totals, b: Totals): boolean {
  const key = (t: Totals) => t.map((x) => `${x.serviceCode}|${x.lines}|${x.amount}`).join(';');
  return key(a) === key(b);
}

function printTable(r: Awaited<ReturnType<typeof buildReport>> & { api: ApiLoad }): void {
  const b = r.billingRun;
  const out = [
    '',
    `size ${r.size} · ${r.machine.cores} cores · ${r.machine.postgres.split(' on ')[0]} · queue ${r.machine.queue}`,
    `| workload | app s | floor s | ratio | notes |`,
    `|---|---|---|---|---|`,
    `| billing run (1 worker) | ${b.seconds} | ${b.floorSeconds} | ${b.ratio} | ${b.accounts} accounts, ${b.chargeLines} lines, ${b.accountsPerSecond} accounts/s |`,
    ...(b.secondsTwoWorkers !== undefined
      ? [`| billing run (2 workers) | ${b.secondsTwoWorkers} | ${b.floorSeconds} | ${b.ratioTwoWorkers} | |`]
      : []),
    `| penalties | — | — | — | comes with the penalty job (issue 4) |`,
    `| export | — | — | — | comes with the export workload (issue 6) |`,
    `| documents | — | — | — | comes with payment documents (issue 5) |`,
    `| api under load | p50 ${r.api.p50Ms} ms, p99 ${r.api.p99Ms} ms | — | — | ${r.api.rps} req/s of ${r.api.rate} asked, ${r.api.requests} requests, ${r.api.non2xx} not 2xx (not during a billing run yet) |`,
    '',
    `totals equal the floor to the kopeck: ${b.totalsEqualFloor}; duplicate lines: ${b.duplicateLines}; seeding ${r.seedSeconds} s`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
