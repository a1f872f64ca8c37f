/**
 * Preloaded into the benchmark's API process next to memory-probe (`node --require …/latency-probe.js`):
 * where a request's time goes under load, from inside the process. Between `{ probe: 'latency-reset' }`
 * and `{ probe: 'latency-read' }` over the fork's IPC channel it keeps
 * - the event-loop delay (perf_hooks.monitorEventLoopDelay): how late timers and I/O callbacks run —
 *   synchronous work, garbage collection, a CPU taken by other processes;
 * - garbage collection pauses (PerformanceObserver 'gc');
 * - pool waits: the time from `pool.connect()` to a connection, and the most connections in use and
 *   callers waiting at once (pg-pool, wrapped here);
 * - statement round trips by kind (BEGIN, COMMIT, the audit insert, the rest), from `query()` to the
 *   answer as the process sees it.
 * Nothing of it runs outside the benchmark; the wrappers only time, they change no argument or result.
 */
import { monitorEventLoopDelay, PerformanceObserver, constants } from 'node:perf_hooks';
import { round2 } from './round';

export interface Spread {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  totalMs: number;
}

export interface LatencyStats {
  eventLoopDelay: { p50Ms: number; p90Ms: number; p99Ms: number; maxMs: number; meanMs: number };
  gc: { minor: Spread; major: Spread; other: Spread };
  poolWait: Spread & { waitedOver1Ms: number; maxInUse: number; maxWaiting: number };
  statements: Record<string, Spread>;
}

function spread(values: number[]): Spread {
  if (values.length === 0) return { count: 0, p50Ms: 0, p99Ms: 0, maxMs: 0, totalMs: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
  return {
    count: sorted.length,
    p50Ms: round2(at(0.5)),
    p99Ms: round2(at(0.99)),
    maxMs: round2(sorted[sorted.length - 1]),
    totalMs: round2(sorted.reduce((s, v) => s + v, 0)),
  };
}

function kindOf(config: unknown): string {
  const text =
    typeof config === 'string'
      ? config
      : config && typeof config === 'object' && typeof (config as { text?: unknown }).text === 'string'
        ? (config as { text: string }).text
        : '';
  const head = text.trimStart().slice(0, 40).toUpperCase();
  if (head.startsWith('BEGIN') || head.startsWith('START TRANSACTION')) return 'begin';
  if (head.startsWith('COMMIT')) return 'commit';
  if (head.startsWith('ROLLBACK')) return 'rollback';
  // Before the audit: a payment's last statement writes its rows, its record and its audit entry.
  if (text.includes('INSERT INTO payment_allocations')) return 'allocations';
  if (text.includes('INSERT INTO audit_log')) return 'audit';
  if (text.includes('idempotency_claim')) return 'claim';
  if (text.includes('INSERT INTO payments')) return 'paymentInsert';
  if (text.includes('INSERT INTO idempotency_keys')) return 'idempotencyStore';
  return 'other';
}

const RESOLUTION_MS = 5;

if (process.send) {
  let on = false;
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  let gc: Record<'minor' | 'major' | 'other', number[]> = { minor: [], major: [], other: [] };
  let waits: number[] = [];
  let statements: Record<string, number[]> = {};
  let maxInUse = 0;
  let maxWaiting = 0;

  new PerformanceObserver((list) => {
    if (!on) return;
    for (const e of list.getEntries()) {
      const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind;
      const bucket =
        kind === constants.NODE_PERFORMANCE_GC_MINOR
          ? 'minor'
          : kind === constants.NODE_PERFORMANCE_GC_MAJOR
            ? 'major'
            : 'other';
      gc[bucket].push(e.duration);
    }
  }).observe({ entryTypes: ['gc'] });

  try {
    // The application's own pg (one copy in node_modules): the probe is loaded before it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pg = require('pg') as typeof import('pg');
    type Connect = (this: PoolLike, cb?: (...a: unknown[]) => void) => unknown;
    interface PoolLike {
      totalCount: number;
      idleCount: number;
      waitingCount: number;
    }
    const poolProto = pg.Pool.prototype as unknown as { connect: Connect };
    const connect = poolProto.connect;
    poolProto.connect = function (this: PoolLike, cb?: (...a: unknown[]) => void) {
      if (!on) return connect.call(this, cb);
      const t0 = performance.now();
      const note = () => {
        waits.push(performance.now() - t0);
        maxInUse = Math.max(maxInUse, this.totalCount - this.idleCount);
      };
      const r = connect.call(
        this,
        cb
          ? (...a: unknown[]) => {
              note();
              cb(...a);
            }
          : undefined,
      );
      maxWaiting = Math.max(maxWaiting, this.waitingCount);
      if (!cb && r && typeof (r as Promise<unknown>).then === 'function')
        (r as Promise<unknown>).then(note, note);
      return r;
    };
    type Query = (this: unknown, config: unknown, values?: unknown, cb?: unknown) => unknown;
    const clientProto = pg.Client.prototype as unknown as { query: Query };
    const query = clientProto.query;
    clientProto.query = function (this: unknown, config: unknown, values?: unknown, cb?: unknown) {
      const t0 = performance.now();
      const r = query.call(this, config, values, cb);
      if (on && r && typeof (r as Promise<unknown>).then === 'function') {
        const kind = kindOf(config);
        const note = () => (statements[kind] ??= []).push(performance.now() - t0);
        (r as Promise<unknown>).then(note, note);
      }
      return r;
    };
  } catch {
    // no pg here: event loop and GC only
  }

  process.on('message', (msg: { probe?: string }) => {
    if (msg?.probe === 'latency-reset') {
      gc = { minor: [], major: [], other: [] };
      waits = [];
      statements = {};
      maxInUse = 0;
      maxWaiting = 0;
      histogram.reset();
      histogram.enable();
      on = true;
      process.send!({ probe: 'latency-reset', stats: null });
    } else if (msg?.probe === 'latency-read') {
      on = false;
      histogram.disable();
      // The histogram holds the intervals of a 5 ms timer: the delay is what exceeds 5 ms.
      const ms = (ns: number) => round2(Math.max(0, ns / 1e6 - RESOLUTION_MS));
      const stats: LatencyStats = {
        eventLoopDelay: {
          p50Ms: ms(histogram.percentile(50)),
          p90Ms: ms(histogram.percentile(90)),
          p99Ms: ms(histogram.percentile(99)),
          maxMs: ms(histogram.max),
          meanMs: ms(histogram.mean),
        },
        gc: { minor: spread(gc.minor), major: spread(gc.major), other: spread(gc.other) },
        poolWait: {
          ...spread(waits),
          waitedOver1Ms: waits.filter((w) => w > 1).length,
          maxInUse,
          maxWaiting,
        },
        statements: Object.fromEntries(Object.entries(statements).map(([k, v]) => [k, spread(v)])),
      };
      process.send!({ probe: 'latency-read', stats });
    }
  });
  process.channel?.unref();
}
