import { execFileSync } from 'node:child_process';
import { getPriority } from 'node:os';
import { loadConfig } from 'src/config/configuration';
import {
  BackendPriority,
  describeOwnPriority,
  isBackendOf,
  isLocalServer,
  lowerOwnPriority,
  PriorityOs,
} from './batch-priority';

/** A fake OS: nice values by id, visible command lines, and ids whose renice is refused. */
function fakeOs(
  nice: Record<number, number>,
  cmdlines: Record<number, string> = {},
  refused: number[] = [],
): PriorityOs & { set: [number, number][] } {
  const set: [number, number][] = [];
  return {
    set,
    getPriority: (id) => {
      if (!(id in nice)) throw new Error(`ESRCH ${id}`);
      return nice[id];
    },
    setPriority: (id, value) => {
      if (refused.includes(id)) throw new Error('EACCES: permission denied');
      set.push([id, value]);
      nice[id] = value;
    },
    threads: () => Object.keys(nice).map(Number),
    cmdline: (pid) => cmdlines[pid] ?? null,
  };
}

describe('WORKER_NICE', () => {
  const base = { DATABASE_URL: 'postgres://u@h/db' };

  it('is 10 by default, the number given otherwise, and refused outside 0..19 or not a whole number', () => {
    expect(loadConfig(base).worker).toEqual({ nice: 10 });
    expect(loadConfig({ ...base, WORKER_NICE: '0' }).worker).toEqual({ nice: 0 });
    expect(loadConfig({ ...base, WORKER_NICE: '19' }).worker).toEqual({ nice: 19 });
    expect(loadConfig({ ...base, WORKER_NICE: '' }).worker).toEqual({ nice: 10 });
    for (const bad of ['-1', '20', 'low', '5.5']) {
      expect(() => loadConfig({ ...base, WORKER_NICE: bad })).toThrow(/WORKER_NICE:/);
    }
  });
});

describe('lowerOwnPriority', () => {
  it('gives every thread the nice value, leaves threads already niced further, counts refusals', () => {
    const os = fakeOs({ 100: 0, 101: 0, 102: 15, 103: 10 }, {}, [101]);
    expect(lowerOwnPriority(10, os)).toEqual({
      nice: 10,
      lowered: 1,
      unchanged: 2,
      failed: 1,
      error: 'EACCES: permission denied',
    });
    expect(os.set).toEqual([[100, 10]]);
  });

  it('does nothing at 0', () => {
    const os = fakeOs({ 100: 0 });
    expect(lowerOwnPriority(0, os)).toEqual({ nice: 0, lowered: 0, unchanged: 0, failed: 0 });
    expect(os.set).toEqual([]);
  });

  it('is told in one log line', () => {
    expect(describeOwnPriority({ nice: 10, lowered: 11, unchanged: 0, failed: 0 })).toBe(
      'worker threads at nice 10: 11 lowered',
    );
    expect(describeOwnPriority({ nice: 10, lowered: 1, unchanged: 2, failed: 1, error: 'EACCES' })).toBe(
      'worker threads at nice 10: 1 lowered, 2 already at that nice value or lower priority, 1 refused (EACCES)',
    );
    expect(describeOwnPriority({ nice: 0, lowered: 0, unchanged: 0, failed: 0 })).toBe(
      'worker priority unchanged (WORKER_NICE=0)',
    );
  });

  it('really lowers the priority of every thread of a process (in a child: nice cannot be taken back)', () => {
    const script = `
      const { lowerOwnPriority, systemOs } = require(${JSON.stringify(require.resolve('./batch-priority'))});
      const { getPriority } = require('node:os');
      const o = lowerOwnPriority(7);
      const threads = systemOs.threads();
      process.stdout.write(JSON.stringify({ o, threads: threads.length, nice: threads.map((t) => getPriority(t)) }));`;
    const out = JSON.parse(
      execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
        encoding: 'utf8',
      }),
    ) as { o: { lowered: number; unchanged: number; failed: number }; threads: number; nice: number[] };
    const expected = Math.max(7, getPriority(0));
    expect(out.threads).toBeGreaterThan(1); // V8's platform threads are there from the start
    expect(out.nice).toEqual(Array.from({ length: out.threads }, () => expected));
    expect(out.o.lowered + out.o.unchanged).toBe(out.threads);
    expect(out.o.failed).toBe(0);
  });
});

describe('which server and which process are ours', () => {
  it('a local server is loopback, localhost or a Unix socket', () => {
    for (const h of [
      '127.0.0.1',
      '127.1.2.3',
      'localhost',
      'LOCALHOST',
      '::1',
      '[::1]',
      '/var/run/postgresql',
      undefined,
    ])
      expect(isLocalServer(h)).toBe(true);
    for (const h of ['db.internal', '10.0.0.5', 'postgres', '::2', '128.0.0.1', '127.0.0.1.example.org'])
      expect(isLocalServer(h)).toBe(false);
  });

  it('a backend is recognised by its process title naming our client port, or [local] over a socket', () => {
    const title = 'postgres: 15/main: postgres bench_apib 127.0.0.1(50894) INSERT';
    expect(isBackendOf(title, 50894)).toBe(true);
    expect(isBackendOf('postgres: abonent abonent ::1(40001) idle', 40001)).toBe(true);
    expect(isBackendOf('postgres: abonent abonent 127.0.0.1(40001)', 40001)).toBe(true);
    expect(isBackendOf(title, 5089)).toBe(false);
    expect(isBackendOf(title, 508940)).toBe(false);
    expect(isBackendOf(title, undefined)).toBe(false);
    expect(isBackendOf('postgres: 15/main: abonent abonent [local] idle in transaction', undefined)).toBe(
      true,
    );
    expect(isBackendOf('postgres: 15/main: abonent abonent [local] idle', 50894)).toBe(false);
    // The postmaster (or a backend with update_process_title off) and unrelated processes are not ours.
    expect(isBackendOf('/usr/lib/postgresql/15/bin/postgres -D /var/lib/postgresql/15/main', 50894)).toBe(
      false,
    );
    expect(isBackendOf('node dist/src/main.js 127.0.0.1(50894)', 50894)).toBe(false);
    expect(isBackendOf(null, 50894)).toBe(false);
  });
});

describe('BackendPriority', () => {
  const tcp = (pid: number, port: number, host = '127.0.0.1') => ({
    processID: pid,
    host,
    connection: { stream: { localPort: port } },
  });
  const titles = {
    501: 'postgres: 15/main: abonent abonent 127.0.0.1(41001) idle',
    502: 'postgres: 15/main: abonent abonent 127.0.0.1(41002) idle',
    503: 'postgres: 15/main: abonent abonent [local] idle',
    504: 'postgres: 15/main: abonent abonent 127.0.0.1(41004) idle',
  };

  it('renices the backend of each connection once, on its first checkout, and logs each outcome once', () => {
    const os = fakeOs({ 501: 0, 502: 0, 503: 0, 504: 12 }, titles);
    const log: string[] = [];
    const b = new BackendPriority(10, (m) => log.push(m), os);
    const first = tcp(501, 41001);
    expect(b.onAcquire(first)).toBe('reniced');
    expect(b.onAcquire(first)).toBeUndefined();
    expect(b.onAcquire(tcp(502, 41002))).toBe('reniced');
    expect(b.onAcquire({ processID: 503, host: '/var/run/postgresql' })).toBe('reniced');
    expect(b.onAcquire(tcp(504, 41004))).toBe('unchanged');
    expect(os.set).toEqual([
      [501, 10],
      [502, 10],
      [503, 10],
    ]);
    expect(log).toEqual([
      'database sessions of this worker: backend processes reniced to 10 (first: pid 501)',
      'database sessions of this worker: backend pid 504 already runs at nice 10 or lower priority',
    ]);
  });

  it('leaves remote servers, processes that are not our backend, and refusals alone', () => {
    const os = fakeOs({ 501: 0, 502: 0 }, titles, [502]);
    const log: string[] = [];
    const b = new BackendPriority(10, (m) => log.push(m), os);
    expect(b.onAcquire(tcp(501, 41001, 'db.internal'))).toBe('remote');
    // pid 501 is here, but its title names another client port: another server's backend.
    expect(b.onAcquire(tcp(501, 49999))).toBe('not-visible');
    expect(b.onAcquire(tcp(777, 41001))).toBe('not-visible');
    expect(b.onAcquire({ processID: 501, host: '127.0.0.1' })).toBe('not-visible');
    expect(b.onAcquire({ processID: null, host: '127.0.0.1' })).toBe('remote');
    expect(b.onAcquire(tcp(502, 41002))).toBe('failed');
    expect(os.set).toEqual([]);
    expect(b.lastError).toBe('EACCES: permission denied');
    expect(log).toEqual([
      'database sessions of this worker keep their priority: the server is not on this machine (give its batch role a lower priority there if needed)',
      'database sessions of this worker keep their priority: backend pid 501 is not visible as our PostgreSQL backend here (another container or PID namespace, or update_process_title off)',
      "database sessions of this worker keep their priority: renicing backend pid 502 was refused: EACCES: permission denied (run the worker as the server's OS user or with CAP_SYS_NICE, or renice the server's batch sessions otherwise)",
    ]);
  });

  it('does nothing at 0', () => {
    const os = fakeOs({ 501: 0 }, titles);
    const b = new BackendPriority(0, () => {}, os);
    expect(b.onAcquire(tcp(501, 41001))).toBeUndefined();
    expect(os.set).toEqual([]);
  });
});
