import Decimal from 'decimal.js';
import { deflateSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { round2 } from './round';

/**
 * A fixed amount of work timed on the host before the workloads, so that figures from different days
 * can be told apart from the host's own speed (issue 8). The benchmark runs on shared virtual
 * machines whose speed moves from day to day: the same build billed M in 25.6 s one day and 37.1 s
 * the next, and the floors moved with it. Each figure is the best of a few repetitions (the least
 * disturbed one), in milliseconds:
 * - `jsMs`: 20 000 money operations with decimal.js in this process (the engines' kind of work);
 * - `zlibMs`: deflating 4 MB of fixed bytes (native code, as in the documents' PDFs);
 * - `pgMs`: a numeric aggregate over a million generated rows in one PostgreSQL backend;
 * - `pgRoundTripMs`: the median of 200 `SELECT 1` round trips, the cost of waking a backend and being
 *   woken (on a virtual machine, what every API statement pays).
 * The figures describe the host, not the application: compare them between runs before comparing the
 * workloads' seconds.
 */
export interface HostSpeed {
  jsMs: number;
  zlibMs: number;
  pgMs: number;
  pgRoundTripMs: number;
}

export async function measureHostSpeed(db: DataSource): Promise<HostSpeed> {
  decimalWork(); // once untimed: the first run also compiles the code
  const jsMs = await bestOf(5, decimalWork);
  const bytes = fixedBytes(4 * 2 ** 20);
  const zlibMs = await bestOf(3, () => deflateSync(bytes, { level: 6 }).length);
  const pgMs = await bestOf(3, () =>
    db.query(`SELECT sum(i::numeric * 1.0725) FROM generate_series(1, 1000000) AS g(i)`),
  );
  const trips: number[] = [];
  await db.transaction(async (m) => {
    // One connection for all of them; the first trips open it and are not counted.
    for (let i = 0; i < 220; i++) {
      const t0 = performance.now();
      await m.query('SELECT 1');
      if (i >= 20) trips.push(performance.now() - t0);
    }
  });
  trips.sort((a, b) => a - b);
  return {
    jsMs: round2(jsMs),
    zlibMs: round2(zlibMs),
    pgMs: round2(pgMs),
    pgRoundTripMs: Math.round(trips[Math.floor(trips.length / 2)] * 1000) / 1000,
  };
}

/** The least time of `n` runs of `work` (awaited when it returns a promise), in milliseconds. */
export async function bestOf(n: number, work: () => unknown): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await work();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/** 20 000 amounts: tariff × volume, half-up to the kopeck, summed; the result is fixed (see spec). */
export function decimalWork(): string {
  let sum = new Decimal(0);
  const tariff = new Decimal('48.37');
  for (let i = 1; i <= 20_000; i++) {
    sum = sum.plus(tariff.times(new Decimal(i).div(1000)).toDecimalPlaces(2, Decimal.ROUND_HALF_UP));
  }
  return sum.toFixed(2);
}

/** Deterministic bytes that compress about as well as a PDF page's content (a linear congruence). */
export function fixedBytes(length: number): Buffer {
  const out = Buffer.alloc(length);
  let x = 12345;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff;
    out[i] = 32 + ((x >>> 16) % 48);
  }
  return out;
}
