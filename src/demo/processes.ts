import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { isWorkerReady } from '../worker-ready';

/** Helpers shared by the demo and the benchmark: worker processes and calls to the local API. */

/** Starts `n` worker processes (dist/src/worker.js) with the current environment. */
export function forkWorkers(n: number): ChildProcess[] {
  return Array.from({ length: n }, () =>
    fork(join(__dirname, '..', 'worker.js'), [], { env: process.env, stdio: 'inherit' }),
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
