import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg } from 'node:os';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { callApi } from '../demo/processes';
import { startApiProcess } from './api-process';
import type { LatencyStats } from './latency-probe';
import { round2 } from './round';

export interface ApiLoad {
  rate: number;
  seconds: number;
  requests: number;
  rps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  errors: number;
  /** CPU time of the API process per request served (load-independent cost; 1000 / it ≈ req/s per core). */
  apiCpuMsPerRequest: number | null;
  /**
   * CPU time of the API's PostgreSQL backends (application_name 'abonent' on the bench database,
   * /proc of the server's processes, so only where the server runs on this machine) per request served.
   */
  pgCpuMsPerRequest?: number | null;
  /** Per kind of request: p50, p90 and p99 in ms. */
  byKind: Record<string, { p50Ms: number; p90Ms: number; p99Ms: number; maxMs: number }>;
  /**
   * How late the generator sent the requests (actual send − planned moment), p50/p99/max in ms: a
   * generator starved of CPU counts its own lateness in every latency above.
   */
  sendLagMs: { p50: number; p99: number; max: number };
  /**
   * CPU time of the load generator (this bench process: sending, parsing answers, and the samplers of
   * BENCH_API_PG_WAITS) per request, over the measured window: on a shared machine it is CPU the API and
   * PostgreSQL do not get.
   */
  generatorCpuMsPerRequest?: number;
  /**
   * The warm-up (BENCH_API_WARMUP_S seconds, default 3, at the same rate, not counted above): a freshly
   * started API process (code not yet optimised by V8, pool connections opening, their backends' caches
   * and prepared statements empty) answered these. Reported so the cold start stays visible.
   */
  warmUp?: { seconds: number; requests: number; p50Ms: number; p99Ms: number; maxMs: number };
  /** 1-minute load average of the machine before and after the run. */
  loadAverage: [number, number];
  /** Inside the API process during the run (latency-probe): event loop, GC, pool waits, statements. */
  inside?: LatencyStats | null;
  /**
   * BENCH_API_PG_WAITS=1: what the API's PostgreSQL backends were doing, sampled every 10 ms
   * (pg_stat_activity of application_name 'abonent' on the bench database): samples per wait event ('CPU' = active, no wait;
   * 'idle in transaction' = waiting for the API inside a transaction).
   */
  pgWaits?: Record<string, number>;
  /**
   * BENCH_API_TIMELINE=1: the run in 250 ms slots (from the first planned request): requests planned
   * in the slot, how many took over 50 ms and the slowest; with BENCH_API_PG_WAITS=1 also what the
   * worker's backends (those at a nice value above 0) were doing, as the most frequent state of the
   * slot's samples, and the WAL written (kB).
   */
  timeline?: TimelineSlot[];
  timelineStartEpochMs?: number;
  /** With the timeline, during a billing run: when each batch of the run started, ms from the same origin. */
  batchStartsMs?: number[];
}

export interface TimelineSlot {
  atMs: number;
  requests: number;
  over50: number;
  maxMs: number;
  worker?: string;
  apiWaits?: string;
  walKb?: number;
}

interface Target {
  account_id: string;
  meter_id: string;
  taken_on: string;
  value: string;
}

interface Spec {
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/**
 * The API under load (issue 8): a specialist's balance read (the account ledger), a reading submission
 * (a resubmission, answered idempotently) and a payment post (a fresh Idempotency-Key each), in equal
 * parts, against an API process of its own (as in production) on loopback.
 *
 * The generator is an open model: request i is sent at start + i / rate whether or not earlier ones
 * have been answered, and its latency counts from that planned moment (so a stalled server is not
 * hidden by a generator that waits for it — "coordinated omission"). The run is bounded by
 * `seconds`, and every request has a 10 s timeout.
 */
export async function measureApiLoad(db: DataSource, rate = 300, seconds = 10): Promise<ApiLoad> {
  const target = await prepareApiLoad(db);
  try {
    const warmUp = await target.warmUp(rate);
    return { ...(await target.fire(rate, seconds)), ...(warmUp ? { warmUp } : {}) };
  } finally {
    await target.stop();
  }
}

/** The API process started and the requests prepared, so the load can begin at a chosen moment. */
export async function prepareApiLoad(db: DataSource): Promise<{
  fire: (rate?: number, seconds?: number) => Promise<ApiLoad>;
  warmUp: (rate?: number) => Promise<ApiLoad['warmUp'] | null>;
  stop: () => Promise<void>;
}> {
  const api = await startApiProcess();
  try {
    const specs = await prepare(api.base, db);
    let sent = 0;
    const fromSent = (i: number): Spec => specs(sent + i);
    const warmUp = async (rate = 300): Promise<ApiLoad['warmUp'] | null> => {
      const seconds = warmUpSeconds();
      if (seconds === 0) return null;
      const w = await load(api.base, fromSent, rate, seconds);
      sent += w.requests + WARM_BURST;
      return { seconds, requests: w.requests, p50Ms: w.p50Ms, p99Ms: w.p99Ms, maxMs: w.maxMs };
    };
    const fire = async (rate = 300, seconds = 10): Promise<ApiLoad> => {
      const load0 = loadavg()[0];
      const waits = process.env.BENCH_API_PG_WAITS === '1' ? await samplePgWaits() : null;
      const timeline = process.env.BENCH_API_TIMELINE === '1';
      await api.latency('reset').catch(() => null);
      const pg0 = await backendCpuMs();
      const cpu0 = api.cpuMs();
      const result = await load(api.base, fromSent, rate, seconds);
      sent += result.requests + WARM_BURST;
      const cpu1 = api.cpuMs();
      const pg1 = await backendCpuMs();
      const inside = await api.latency('read').catch(() => null);
      const sampled = waits ? await waits.stop() : undefined;
      const pgWaits = sampled?.counts;
      const perRequest = cpu0 !== null && cpu1 !== null ? (cpu1 - cpu0) / result.requests : null;
      const { raw, startEpochMs, ...rest } = result;
      return {
        ...rest,
        apiCpuMsPerRequest: perRequest === null ? null : round2(perRequest),
        pgCpuMsPerRequest:
          pg0 && pg1
            ? Math.round(
                ([...pg1].reduce((sum, [pid, ms]) => sum + ms - (pg0.get(pid) ?? 0), 0) / result.requests) *
                  100,
              ) / 100
            : null,
        loadAverage: [load0, loadavg()[0]],
        inside,
        ...(pgWaits ? { pgWaits } : {}),
        ...(timeline
          ? {
              timeline: slotsOf(raw, startEpochMs, sampled?.samples ?? []),
              timelineStartEpochMs: startEpochMs,
            }
          : {}),
      };
    };
    return { fire, warmUp, stop: api.stop };
  } catch (e) {
    await api.stop();
    throw e;
  }
}

/**
 * CPU time (ms) used so far by each PostgreSQL backend of the API on the bench database, by pid; null
 * when their /proc entries cannot be read (a server elsewhere). A backend started during the run
 * counts from 0.
 */
async function backendCpuMs(): Promise<Map<number, number> | null> {
  const client = new Client({ connectionString: process.env.DATABASE_URL, application_name: 'bench-cpu' });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE application_name = 'abonent' AND datname = current_database()`,
    );
    const out = new Map<number, number>();
    for (const { pid } of rows) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        out.set(pid, (Number(f[11]) + Number(f[12])) * 10);
      } catch {
        return null;
      }
    }
    return out;
  } finally {
    await client.end();
  }
}

interface PgSample {
  at: number;
  api: string[];
  worker: string[];
  walLsn: bigint;
}

const niceOf = (pid: number): number => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  } catch {
    return 0;
  }
};

/**
 * Samples the wait events of the API's PostgreSQL backends every 10 ms until `stop`. Backends of the
 * worker (same application_name, but reniced to WORKER_NICE) are counted apart, as `worker <state>`.
 */
async function samplePgWaits(): Promise<{
  stop: () => Promise<{ counts: Record<string, number>; samples: PgSample[] }>;
}> {
  const client = new Client({ connectionString: process.env.DATABASE_URL, application_name: 'bench-waits' });
  await client.connect();
  const counts: Record<string, number> = {};
  const samples: PgSample[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const at = Date.now();
      const { rows } = await client.query<{ pid: number; app: string; w: string; q: string; lsn: string }>(
        `SELECT pid, application_name AS app, CASE WHEN state = 'idle in transaction' THEN 'idle in transaction'
                     ELSE coalesce(wait_event_type || ':' || wait_event, 'CPU') END AS w,
                left(regexp_replace(query, '\\s+', ' ', 'g'), 40) AS q,
                pg_current_wal_lsn()::text AS lsn
           FROM pg_stat_activity
          WHERE application_name IN ('abonent', 'abonent-worker') AND datname = current_database()
            AND state IN ('active', 'idle in transaction')`,
      );
      const sample: PgSample = { at, api: [], worker: [], walLsn: 0n };
      for (const r of rows) {
        const worker = r.app === 'abonent-worker' || niceOf(r.pid) > 0;
        const key = worker ? `worker ${r.w}` : r.w;
        counts[key] = (counts[key] ?? 0) + 1;
        if (worker) sample.worker.push(`${r.w} ${r.q}`);
        else sample.api.push(r.w);
      }
      const lsn = rows[0]?.lsn;
      if (lsn) {
        const [hi, lo] = lsn.split('/');
        sample.walLsn = (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
      }
      samples.push(sample);
      counts.samples = (counts.samples ?? 0) + 1;
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      await client.end();
      return { counts, samples };
    },
  };
}

const SLOT_MS = 250;

function mostFrequent(values: string[]): string | undefined {
  if (!values.length) return undefined;
  const n = new Map<string, number>();
  for (const v of values) n.set(v, (n.get(v) ?? 0) + 1);
  const top = [...n].sort((a, b) => b[1] - a[1]).slice(0, 2);
  return top.map(([v, c]) => `${v} ×${c}`).join(' | ');
}

function slotsOf(
  raw: { at: number; ms: number }[],
  startEpochMs: number,
  samples: PgSample[],
): TimelineSlot[] {
  const slots: TimelineSlot[] = [];
  const slot = (atMs: number): TimelineSlot => {
    const i = Math.max(0, Math.floor(atMs / SLOT_MS));
    while (slots.length <= i) slots.push({ atMs: slots.length * SLOT_MS, requests: 0, over50: 0, maxMs: 0 });
    return slots[i];
  };
  for (const r of raw) {
    const s = slot(r.at);
    s.requests += 1;
    if (r.ms > 50) s.over50 += 1;
    s.maxMs = Math.max(s.maxMs, Math.round(r.ms));
  }
  const bySlot = new Map<number, PgSample[]>();
  for (const p of samples) {
    const i = Math.floor((p.at - startEpochMs) / SLOT_MS);
    if (i < 0 || i >= slots.length) continue;
    bySlot.set(i, [...(bySlot.get(i) ?? []), p]);
  }
  for (const [i, ps] of bySlot) {
    slots[i].worker = mostFrequent(ps.flatMap((p) => (p.worker.length ? p.worker : ['none'])));
    slots[i].apiWaits = mostFrequent(
      ps.flatMap((p) => p.api.filter((w) => w !== 'idle in transaction' && w !== 'CPU')),
    );
    const l = ps.filter((p) => p.walLsn > 0n);
    if (l.length > 1) slots[i].walKb = Number((l[l.length - 1].walLsn - l[0].walLsn) / 1024n);
  }
  return slots;
}

async function prepare(base: string, db: DataSource): Promise<(i: number) => Spec> {
  const admin = { 'X-API-Key': process.env.BOOTSTRAP_ADMIN_API_KEY! };
  const login = `bench-${randomBytes(3).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  await callApi(base, 'POST', '/api/v1/users', admin, {
    login,
    fullName: 'Bench',
    role: 'specialist',
    password,
  });
  const { accessToken } = await callApi(base, 'POST', '/api/v1/auth/login', {}, { login, password });
  const targets: Target[] = await db.query(
    `SELECT a.id AS account_id, m.id AS meter_id, to_char(r.taken_on, 'YYYY-MM-DD') AS taken_on, r.value::text AS value
       FROM accounts a JOIN meters m ON m.premises_id = a.premises_id AND m.service_code = 'cold_water'
       JOIN LATERAL (SELECT taken_on, value FROM meter_readings WHERE meter_id = m.id ORDER BY taken_on DESC LIMIT 1) r ON true
      ORDER BY a.id LIMIT 1000`,
  );
  const headers = { authorization: `Bearer ${accessToken as string}`, 'content-type': 'application/json' };
  const spec = (i: number): Spec => {
    const t = targets[(i * 7919) % targets.length];
    switch (i % 3) {
      case 0:
        return {
          kind: 'ledger',
          method: 'GET',
          path: `/api/v1/accounts/${t.account_id}/ledger?from=2026-10&to=2026-10`,
          headers,
        };
      case 1:
        return {
          kind: 'reading',
          method: 'POST',
          path: `/api/v1/meters/${t.meter_id}/readings`,
          headers,
          body: JSON.stringify({ values: { T1: t.value }, takenOn: t.taken_on, channel: 'subscriber' }),
        };
      default:
        return {
          kind: 'payment',
          method: 'POST',
          path: '/api/v1/payments',
          headers: { ...headers, 'idempotency-key': randomBytes(12).toString('hex') },
          body: JSON.stringify({
            accountId: t.account_id,
            amount: '100.00',
            paidOn: '2026-11-05',
            channel: 'online',
          }),
        };
    }
  };
  return spec;
}

async function load(
  base: string,
  spec: (i: number) => Spec,
  rate: number,
  seconds: number,
): Promise<
  Omit<ApiLoad, 'apiCpuMsPerRequest' | 'loadAverage'> & {
    raw: { at: number; ms: number }[];
    startEpochMs: number;
  }
> {
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  // A burst that opens connections before the clock starts, not counted.
  await Promise.all(Array.from({ length: WARM_BURST }, (_, i) => send(base, agent, spec(i))));
  const cpu0 = process.cpuUsage();

  const total = Math.round(rate * seconds);
  const latencies: { kind: string; ms: number; at: number }[] = [];
  let non2xx = 0;
  let errors = 0;
  const start = performance.now();
  const startEpochMs = Date.now();
  const pending: Promise<void>[] = [];
  const lags: number[] = [];
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (next < total && start + (next * 1000) / rate <= now) {
        const planned = start + (next * 1000) / rate;
        lags.push(now - planned);
        const s = spec(next + WARM_BURST);
        next += 1;
        pending.push(
          send(base, agent, s).then((status) => {
            const ms = performance.now() - planned;
            latencies.push({ kind: s.kind, ms, at: planned - start });
            if (status === 0) errors += 1;
            else if (status < 200 || status > 299) non2xx += 1;
          }),
        );
      }
      if (next >= total) return resolve();
      setTimeout(tick, Math.max(0, start + (next * 1000) / rate - performance.now()));
    };
    tick();
  });
  await Promise.all(pending);
  const elapsed = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  agent.destroy();
  const all = latencies.map((l) => l.ms);
  const byKind: ApiLoad['byKind'] = {};
  for (const kind of ['ledger', 'reading', 'payment']) {
    const ms = latencies.filter((l) => l.kind === kind).map((l) => l.ms);
    byKind[kind] = {
      p50Ms: percentile(ms, 50),
      p90Ms: percentile(ms, 90),
      p99Ms: percentile(ms, 99),
      maxMs: percentile(ms, 100),
    };
  }
  return {
    rate,
    seconds,
    requests: latencies.length,
    rps: Math.round(latencies.length / elapsed),
    p50Ms: percentile(all, 50),
    p90Ms: percentile(all, 90),
    p99Ms: percentile(all, 99),
    maxMs: percentile(all, 100),
    non2xx,
    errors,
    byKind,
    sendLagMs: { p50: percentile(lags, 50), p99: percentile(lags, 99), max: percentile(lags, 100) },
    generatorCpuMsPerRequest: round2((cpu.user + cpu.system) / 1000 / Math.max(1, latencies.length)),
    raw: latencies.map(({ at, ms }) => ({ at, ms })),
    startEpochMs,
  };
}

/** Requests sent at once before a load's clock starts (connections), not counted. */
const WARM_BURST = 30;

/** BENCH_API_WARMUP_S: seconds of load at the target rate before the measured window (default 3; 0 = none). */
export function warmUpSeconds(): number {
  const raw = process.env.BENCH_API_WARMUP_S;
  if (raw === undefined || raw === '') return 3;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > 60) throw new Error(`BENCH_API_WARMUP_S: 0–60 seconds, got ${raw}`);
  return n;
}

/** Status of the answer (0 for a transport error or a timeout); the body is read and dropped. */
function send(base: string, agent: Agent, s: Spec): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      `${base}${s.path}`,
      { method: s.method, headers: s.headers, agent, timeout: 10_000 },
      (res) => {
        res.on('data', () => {});
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(0));
    req.end(s.body);
  });
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[idx] * 10) / 10;
}
