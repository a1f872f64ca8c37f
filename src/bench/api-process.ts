import { ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { LatencyStats } from './latency-probe';
import type { MemoryPeaks } from './memory-probe';

/** An API process of the benchmark's own (dist/src/main.js), as in production, on loopback. */
export interface ApiProcess {
  base: string;
  pid: number;
  /** Peak resident memory of the process so far (VmHWM), in MB; null where /proc is not there. */
  peakRssMb(): number | null;
  /** CPU time (user + system) the process has used so far, in ms; null where /proc is not there. */
  cpuMs(): number | null;
  /**
   * Peaks of `process.memoryUsage()` sampled inside the process (memory-probe) since the last
   * `reset` (RSS, V8 heap used and reserved, external, array buffers).
   */
  memory(op: 'reset' | 'read'): Promise<MemoryPeaks>;
  /**
   * Event-loop delay, GC pauses, pool waits and statement round trips inside the process (latency-probe)
   * between 'reset' and 'read'; null from 'reset'.
   */
  latency(op: 'reset' | 'read'): Promise<LatencyStats | null>;
  stop(): Promise<void>;
}

export async function startApiProcess(env: Record<string, string> = {}): Promise<ApiProcess> {
  const port = await freePort();
  // BENCH_API_MAIN: another build's main.js under the same load generator (an A/B of two builds).
  const main = process.env.BENCH_API_MAIN || join(__dirname, '..', 'main.js');
  const child: ChildProcess = fork(main, [], {
    env: { ...process.env, ...env, PORT: String(port) },
    // For profiling the API under load, e.g. BENCH_API_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof".
    // API_PROCESSES in the environment runs that many API processes (the CPU time counts them all).
    execArgv: [
      ...process.execArgv,
      '--require',
      join(__dirname, 'memory-probe.js'),
      '--require',
      join(__dirname, 'latency-probe.js'),
      ...(process.env.BENCH_API_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
    ],
    stdio: 'inherit',
  });
  const base = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  try {
    await waitForHealth(base);
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    base,
    pid: child.pid!,
    peakRssMb: () => peakRssMb(child.pid!),
    cpuMs: () => cpuMs(child.pid!),
    memory: (op) => ask<{ peaks: MemoryPeaks }>(child, op, 'peaks').then((m) => m.peaks),
    latency: (op) =>
      ask<{ stats: LatencyStats | null }>(child, `latency-${op}`, 'stats').then((m) => m.stats),
    stop,
  };
}

/** Sends `{ probe: op }` to a probe in the child and waits for its answer (the message carrying `field`). */
function ask<T>(child: ChildProcess, op: string, field: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onMessage = (m: { probe?: string } & Record<string, unknown>) => {
      if (m?.probe !== op || !(field in m)) return;
      child.off('message', onMessage);
      clearTimeout(timer);
      resolve(m as unknown as T);
    };
    const timer = setTimeout(() => {
      child.off('message', onMessage);
      reject(new Error(`the API process did not answer the probe (${op})`));
    }, 5000);
    child.on('message', onMessage);
    child.send({ probe: op });
  });
}

function peakRssMb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}

/**
 * utime + stime of /proc/<pid>/stat (fields 14 and 15, in clock ticks of 10 ms on Linux), plus those
 * of its running child processes (the API processes of API_PROCESSES > 1).
 */
function cpuMs(pid: number): number | null {
  const own = cpuMsOf(pid);
  if (own === null) return null;
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .split(' ')
      .filter(Boolean)
      .map(Number);
  } catch {
    // no children file: the process alone
  }
  return children.reduce((sum, c) => sum + (cpuMsOf(c) ?? 0), own);
}

function cpuMsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

async function waitForHealth(base: string): Promise<void> {
  for (let i = 0; i < 150; i += 1) {
    const ok = await fetch(`${base}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the API process did not become healthy');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}
