/**
 * What a worker process forked with an IPC channel (the demo, the benchmark) sends its parent once it
 * is ready for jobs: the application is up (queues consumed) and its render threads have drawn their
 * warm-up documents. A worker started otherwise (systemd, a container) has no channel and sends nothing.
 */
export const WORKER_READY = 'abonent-worker-ready';

export interface WorkerReadyMessage {
  type: typeof WORKER_READY;
}

export const isWorkerReady = (m: unknown): m is WorkerReadyMessage =>
  typeof m === 'object' && m !== null && (m as { type?: unknown }).type === WORKER_READY;
