/**
 * Cooperative yielding of batch work to the API (issue 8), on top of the worker's CPU priority
 * (batch-priority.ts), which orders only CPU time: when the API is short of something else — disk
 * (WAL flushes behind a batch's writes), locks, the database's CPU where the worker cannot renice
 * its backends — the billing worker pauses between batches while the API's requests are slow.
 *
 * Every API process counts the requests it answered and how many took longer than
 * `BATCH_YIELD_SLOW_MS`, and once a second adds them to a Redis hash named by that second (all API
 * processes of a cluster add to the same one; it expires after 10 s). Before a batch, the billing
 * worker reads the last full second: when more than 1 % of at least 20 requests were slow, it waits
 * as long as its last batch took (at most 2 s), so while the API is pressed the batch takes at most
 * about half the time it would, and it never stops: a run's progress goes on being made and
 * reported. Off (0) by default; needs Redis (the queue's).
 */

/** Requests an API process answered since the last flush, and how many were slow. */
export interface ApiPressure {
  requests: number;
  slow: number;
}

export class ApiPressureCounter {
  private requests = 0;
  private slow = 0;

  constructor(private readonly slowMs: number) {}

  record(ms: number): void {
    this.requests += 1;
    if (ms > this.slowMs) this.slow += 1;
  }

  /** The counts since the last drain (then zero). */
  drain(): ApiPressure {
    const out = { requests: this.requests, slow: this.slow };
    this.requests = 0;
    this.slow = 0;
    return out;
  }
}

/** The Redis hash of one second (Unix seconds) under the queue prefix. */
export const apiPressureKey = (prefix: string, second: number): string => `${prefix}:api-pressure:${second}`;

export interface YieldPolicy {
  /** Share of slow requests above which the API counts as pressed. */
  slowShare: number;
  /** Fewer requests than this in the second say nothing (an idle API with one slow export). */
  minRequests: number;
  maxPauseMs: number;
  /** The pause when no batch has been timed yet. */
  firstPauseMs: number;
}

export const DEFAULT_YIELD_POLICY: YieldPolicy = {
  slowShare: 0.01,
  minRequests: 20,
  maxPauseMs: 2000,
  firstPauseMs: 250,
};

/** How long the next batch waits before it starts (0: the API is not pressed, or nothing is known). */
export function batchPauseMs(
  pressure: ApiPressure | null,
  lastBatchMs: number | null,
  policy: YieldPolicy = DEFAULT_YIELD_POLICY,
): number {
  if (!pressure || pressure.requests < policy.minRequests) return 0;
  if (pressure.slow <= pressure.requests * policy.slowShare) return 0;
  return Math.min(policy.maxPauseMs, Math.max(0, Math.round(lastBatchMs ?? policy.firstPauseMs)));
}

/** A Redis hash as HGETALL returns it (empty object for a missing key), as counts. */
export function parsePressure(hash: Record<string, string> | null | undefined): ApiPressure | null {
  if (!hash || hash.requests === undefined) return null;
  const requests = Number(hash.requests);
  const slow = Number(hash.slow ?? 0);
  if (!Number.isSafeInteger(requests) || !Number.isSafeInteger(slow)) return null;
  return { requests, slow };
}
