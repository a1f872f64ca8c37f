/**
 * Preloaded into the benchmark's API process (`node --require …/memory-probe.js`): samples
 * `process.memoryUsage()` every 20 ms and keeps the peaks of RSS, V8 heap (used and reserved) and the
 * memory outside the heap (external, array buffers), so a workload can tell retained objects from heap
 * sizing and from buffers. The parent asks over the fork's IPC channel: `{ probe: 'reset' | 'read' }`.
 * Sampling starts with the first 'reset' (a workload that never asks, such as the API under load, does
 * not pay for it).
 */
export interface MemoryPeaks {
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  arrayBuffersMb: number;
  samples: number;
}

const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;

function fresh(): MemoryPeaks {
  return { rssMb: 0, heapUsedMb: 0, heapTotalMb: 0, externalMb: 0, arrayBuffersMb: 0, samples: 0 };
}

if (process.send) {
  let peaks = fresh();
  const sample = () => {
    const m = process.memoryUsage();
    peaks.rssMb = Math.max(peaks.rssMb, mb(m.rss));
    peaks.heapUsedMb = Math.max(peaks.heapUsedMb, mb(m.heapUsed));
    peaks.heapTotalMb = Math.max(peaks.heapTotalMb, mb(m.heapTotal));
    peaks.externalMb = Math.max(peaks.externalMb, mb(m.external));
    peaks.arrayBuffersMb = Math.max(peaks.arrayBuffersMb, mb(m.arrayBuffers));
    peaks.samples += 1;
  };
  let timer: NodeJS.Timeout | undefined;
  process.on('message', (msg: { probe?: string }) => {
    if (msg?.probe === 'reset') {
      timer ??= setInterval(sample, 20).unref();
      peaks = fresh();
      sample();
      process.send!({ probe: 'reset', peaks });
    } else if (msg?.probe === 'read') {
      sample();
      process.send!({ probe: 'read', peaks });
    }
  });
  // The IPC channel must not keep the process alive after SIGTERM.
  process.channel?.unref();
}
