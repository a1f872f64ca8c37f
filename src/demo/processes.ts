import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { isWorkerReady } from '../worker-ready';

/** Helpers shared by the demo and the benchmark: worker processes and calls to the local API. */

/**
 * Node options of a worker process (`npm run worker`, the compose file and the systemd unit in the
 * README start it with the same): a 64 MB semi-space. A billing batch allocates ~170 MB of short-lived
 * objects (decimals, parts, basis objects) and its lines stay alive until they are written; with V8's
 * default 16 MB semi-space that is ~113 scavenges per 10 batches of 20 buildings at M, with 64 MB ~29,
 * and the batch's JavaScript CPU fell 6–20 % (BENCHMARKS.md, billing, session 8). V8 sizes the young
 * generation when the process starts, so this is a command-line option, not something the worker
 * can set for itself.
 */
export const WORKER_NODE_OPTIONS = ['--max-semi-space-size=64'];

/** Starts `n` worker processes (dist/src/worker.js) with the current environment. */
export function forkWorkers(n: number): ChildProcess[] {
  return Array.from({ length: n }, () =>
    fork(join(__dirname, '..', 'worker.js'), [], {
      env: process.env,
      stdio: 'inherit',
      execArgv: [...process.execArgv, ...WORKER_NODE_OPTIONS],
    }),
  );
}

/**
 * Waits until every worker has said it is ready for jobs (its application up, its render threads
 * warm: worker-ready.ts), at most `timeoutMs`; false when one did not in time (it may still be
 * starting) or exited. A benchmark starts its clock only after this, so a measured job does not share
 * the cores with a worker still loading its modules and warming its threads — a production worker
 * is started once, not per job.
 */
export function workersReady(workers: ChildProcess[], timeoutMs = 60_000): Promise<boolean> {
  return Promise.all(
    workers.map(
      (w) =>
        new Promise<boolean>((resolve) => {
          const done = (ok: boolean) => {
            clearTimeout(timer);
            w.off('message', onMessage);
            w.off('exit', onExit);
            resolve(ok);
          };
          const onMessage = (m: unknown) => isWorkerReady(m) && done(true);
          const onExit = () => done(false);
          const timer = setTimeout(() => done(false), timeoutMs);
          w.on('message', onMessage);
          w.once('exit', onExit);
          if (w.exitCode !== null) done(false);
        }),
    ),
  ).then((all) => all.every(Boolean));
}

/**
 * Forks `n` workers and waits until they are ready for jobs (`workersReady`); when one is not, stops
 * them all and throws — the benchmark starts its clock only after this.
 */
export async function forkReadyWorkers(n: number, timeoutMs = 60_000): Promise<ChildProcess[]> {
  const workers = forkWorkers(n);
  if (await workersReady(workers, timeoutMs)) return workers;
  await stopWorkers(workers);
  throw new Error(`a worker process did not get ready within ${timeoutMs / 1000} s`);
}

/** SIGTERM, then wait (at most 10 s each) until the workers have closed their connections. */
export async function stopWorkers(workers: ChildProcess[]): Promise<void> {
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve) => {
          if (w.exitCode !== null) return resolve();
          const timer = setTimeout(resolve, 10_000);
          w.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          w.kill('SIGTERM');
        }),
    ),
  );
}

/** A JSON call to the API; a non-2xx answer throws with its body. */
export async function callApi(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

const FINAL = ['completed', 'completed_with_errors', 'failed'];

/** Polls a billing run until it is settled; `onProgress` sees every intermediate state. */
export async function waitForBillingRun(
  base: string,
  runId: string,
  headers: Record<string, string>,
  onProgress: (run: Record<string, unknown>) => void = () => {},
): Promise<Record<string, unknown>> {
  for (;;) {
    const run = await callApi(base, 'GET', `/api/v1/billing-runs/${runId}`, headers);
    if (FINAL.includes(run.status as string)) return run;
    onProgress(run);
    await new Promise((r) => setTimeout(r, 200));
  }
}
