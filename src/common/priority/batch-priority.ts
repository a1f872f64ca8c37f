import { readdirSync, readFileSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/**
 * Interactive requests keep the CPU ahead of batch work on a shared machine (issue 8: the API's p99
 * while a billing run is active). A worker process runs at a lower CPU priority — a nice value, as
 * `Nice=` of a systemd unit or `nice -n` would give it — and so do, best-effort, the PostgreSQL
 * backends serving its sessions when the server runs on the same machine: on two cores the worker's
 * backend takes as much CPU as the worker itself. The scheduler then gives the API process and its
 * backends the CPU they ask for, and the batch the rest; nothing waits or sleeps, so the batch runs at
 * full speed whenever the API is idle.
 *
 * Never a correctness dependency: a nice value that cannot be set (no permission, a remote or
 * containerised server whose processes are not visible here) is reported once and the work goes on.
 */

/** What the functions below need from the operating system (replaced in tests). */
export interface PriorityOs {
  getPriority(id: number): number;
  setPriority(id: number, nice: number): void;
  /** Thread ids of this process (on Linux a nice value belongs to a thread, not to the process). */
  threads(): number[];
  /** The command line of a process as it shows (PostgreSQL's process title), or null if not visible. */
  cmdline(pid: number): string | null;
}

export const systemOs: PriorityOs = {
  getPriority: (id) => getPriority(id),
  setPriority: (id, nice) => setPriority(id, nice),
  threads: () => {
    try {
      return readdirSync('/proc/self/task').map(Number).filter(Number.isInteger);
    } catch {
      return [0]; // no /proc: the calling thread (setpriority(0) on other systems means the process)
    }
  },
  cmdline: (pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    } catch {
      return null;
    }
  },
};

export interface OwnPriority {
  nice: number;
  /** Threads given the nice value now. */
  lowered: number;
  /** Threads already at that nice value or lower in priority (e.g. a unit's own Nice=), left alone. */
  unchanged: number;
  failed: number;
  error?: string;
}

/**
 * Gives every thread of this process the nice value `nice` (0 = leave everything as it is). A thread
 * already niced further (a systemd `Nice=15` with `WORKER_NICE=10`) keeps its value: priority is only
 * ever lowered, which needs no privilege. Threads started later inherit the value of the thread that
 * starts them (the main thread, niced here).
 */
export function lowerOwnPriority(nice: number, os: PriorityOs = systemOs): OwnPriority {
  const out: OwnPriority = { nice, lowered: 0, unchanged: 0, failed: 0 };
  if (nice <= 0) return out;
  for (const tid of os.threads()) {
    try {
      if (os.getPriority(tid) >= nice) out.unchanged += 1;
      else {
        os.setPriority(tid, nice);
        out.lowered += 1;
      }
    } catch (e) {
      out.failed += 1;
      out.error ??= message(e);
    }
  }
  return out;
}

/** The worker's log line for `lowerOwnPriority`'s outcome. */
export function describeOwnPriority(o: OwnPriority): string {
  if (o.nice <= 0) return 'worker priority unchanged (WORKER_NICE=0)';
  const parts = [`worker threads at nice ${o.nice}: ${o.lowered} lowered`];
  if (o.unchanged) parts.push(`${o.unchanged} already at that nice value or lower priority`);
  if (o.failed) parts.push(`${o.failed} refused (${o.error ?? 'unknown error'})`);
  return parts.join(', ');
}

/** A server on this machine: loopback address, `localhost` or a Unix socket directory. */
export function isLocalServer(host: string | undefined): boolean {
  if (!host) return true; // pg's default: the local Unix socket
  if (host.startsWith('/')) return true;
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * Whether a process title is that of the PostgreSQL backend serving our connection: PostgreSQL's
 * title (`update_process_title`, on by default) reads `postgres: [cluster: ]user db host(port)
 * activity`, where port is the client's side of the TCP connection — our socket's local port — or
 * `[local]` for a Unix socket. A pid taken from `pg_backend_pid()` is the server's; this check keeps
 * us from renicing an unrelated process that happens to carry that pid here (another PID namespace).
 */
export function isBackendOf(cmdline: string | null, localPort: number | undefined): boolean {
  if (!cmdline?.startsWith('postgres: ')) return false;
  if (localPort === undefined) return / \[local\](\s|$)/.test(cmdline);
  return new RegExp(`\\S\\(${localPort}\\)(\\s|$)`).test(cmdline);
}

/** The part of pg's Client this needs (`processID` comes with the server's BackendKeyData). */
export interface PgClientLike {
  processID?: number | null;
  host?: string;
  connection?: { stream?: { localPort?: number } };
}

export type BackendOutcome = 'reniced' | 'unchanged' | 'remote' | 'not-visible' | 'failed';

/**
 * Renices the backend of each pool connection once, on its first checkout (pg-pool's `acquire`
 * event, so connections opened before the hook are covered too).
 */
export class BackendPriority {
  private readonly handled = new WeakSet<object>();
  private readonly reported = new Set<BackendOutcome>();
  /** The error of the last renice that failed (e.g. EPERM: the server runs as another OS user). */
  lastError?: string;

  constructor(
    private readonly nice: number,
    private readonly log: (m: string) => void,
    private readonly os: PriorityOs = systemOs,
  ) {}

  /** The outcome for a connection seen for the first time; undefined for one already handled or when off. */
  onAcquire(client: PgClientLike): BackendOutcome | undefined {
    if (this.nice <= 0 || this.handled.has(client)) return undefined;
    this.handled.add(client);
    const outcome = this.renice(client);
    if (!this.reported.has(outcome)) {
      this.reported.add(outcome);
      this.log(describeBackend(outcome, this.nice, client, this.lastError));
    }
    return outcome;
  }

  private renice(client: PgClientLike): BackendOutcome {
    const pid = client.processID;
    if (!pid || !isLocalServer(client.host)) return 'remote';
    const tcp = client.host !== undefined && !client.host.startsWith('/');
    const port = tcp ? client.connection?.stream?.localPort : undefined;
    if ((tcp && port === undefined) || !isBackendOf(this.os.cmdline(pid), port)) return 'not-visible';
    try {
      if (this.os.getPriority(pid) >= this.nice) return 'unchanged';
      this.os.setPriority(pid, this.nice);
      return 'reniced';
    } catch (e) {
      this.lastError = message(e);
      return 'failed';
    }
  }
}

function describeBackend(
  outcome: BackendOutcome,
  nice: number,
  client: PgClientLike,
  error: string | undefined,
): string {
  const pid = String(client.processID);
  switch (outcome) {
    case 'reniced':
      return `database sessions of this worker: backend processes reniced to ${nice} (first: pid ${pid})`;
    case 'unchanged':
      return `database sessions of this worker: backend pid ${pid} already runs at nice ${nice} or lower priority`;
    case 'remote':
      return 'database sessions of this worker keep their priority: the server is not on this machine (give its batch role a lower priority there if needed)';
    case 'not-visible':
      return `database sessions of this worker keep their priority: backend pid ${pid} is not visible as our PostgreSQL backend here (another container or PID namespace, or update_process_title off)`;
    case 'failed':
      return `database sessions of this worker keep their priority: renicing backend pid ${pid} was refused: ${error ?? 'unknown error'} (run the worker as the server's OS user or with CAP_SYS_NICE, or renice the server's batch sessions otherwise)`;
  }
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));
