import cluster, { Worker } from 'node:cluster';
import { randomBytes } from 'node:crypto';

/** A message between API processes: a principal evicted in one process is evicted in all. */
export interface PrincipalEvictMessage {
  principalEvict: { kind: string; id: string };
}

export function isPrincipalEvict(m: unknown): m is PrincipalEvictMessage {
  const e = (m as Partial<PrincipalEvictMessage> | null)?.principalEvict;
  return !!e && typeof e.kind === 'string' && typeof e.id === 'string';
}

/**
 * The environment of the API processes of one cluster: they must verify each other's tokens, so
 * without a configured JWT_SECRET they share one random secret (a lone process makes its own).
 */
export function workerEnv(
  env: NodeJS.ProcessEnv,
  secret = randomBytes(32).toString('hex'),
): NodeJS.ProcessEnv {
  return env.JWT_SECRET ? { ...env } : { ...env, JWT_SECRET: secret };
}

/**
 * The primary of API_PROCESSES > 1: forks that many API processes on the same port (node:cluster
 * hands connections out in turn), relays principal evictions between them, starts a process again
 * when one dies, and on SIGTERM/SIGINT stops them all and exits when they have.
 */
export function runApiCluster(processes: number, env: NodeJS.ProcessEnv = process.env): void {
  const childEnv = workerEnv(env);
  let stopping = false;
  const fork = (): Worker => {
    const w = cluster.fork(childEnv);
    w.on('message', (m: unknown) => {
      if (!isPrincipalEvict(m)) return;
      for (const other of Object.values(cluster.workers ?? {})) if (other && other !== w) other.send(m);
    });
    return w;
  };
  for (let i = 0; i < processes; i += 1) fork();
  cluster.on('exit', (w, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(`API process ${w.process.pid} exited (${signal ?? code}); starting another`);
    setTimeout(fork, 1000);
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) process.exit(0);
    for (const w of workers) w?.process.kill(signal);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

/** In an API process of a cluster: tells the others (through the primary) to evict a principal. */
export function broadcastPrincipalEvict(kind: string, id: string): void {
  if (cluster.isWorker && process.send)
    process.send({ principalEvict: { kind, id } } satisfies PrincipalEvictMessage);
}
