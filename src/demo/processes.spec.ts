import { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { WORKER_READY } from '../worker-ready';
import { workersReady } from './processes';

/** A forked worker as the benchmark sees it: IPC messages, an exit, an exit code. */
function aChild(): ChildProcess & EventEmitter {
  const child = new EventEmitter() as ChildProcess & EventEmitter;
  Object.assign(child, { exitCode: null });
  return child;
}

describe('workersReady (the benchmark starts its clock once its workers are ready)', () => {
  it('waits for every worker to say it is ready', async () => {
    const [a, b] = [aChild(), aChild()];
    let settled: boolean | undefined;
    const ready = workersReady([a, b], 5_000).then((ok) => (settled = ok));
    a.emit('message', { type: WORKER_READY });
    b.emit('message', { type: 'something else' });
    await new Promise((r) => setImmediate(r));
    expect(settled).toBeUndefined();
    b.emit('message', { type: WORKER_READY });
    await ready;
    expect(settled).toBe(true);
  });

  it('is false when a worker exits first, or does not get ready in time', async () => {
    const exits = aChild();
    const pending = workersReady([exits], 5_000);
    exits.emit('exit', 1);
    await expect(pending).resolves.toBe(false);
    await expect(workersReady([aChild()], 10)).resolves.toBe(false);
    const gone = Object.assign(aChild(), { exitCode: 0 });
    await expect(workersReady([gone], 5_000)).resolves.toBe(false);
  });
});
