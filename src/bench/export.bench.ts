import { request } from 'node:http';
import { Client } from 'pg';
import { PERIOD_ROWS_SQL } from '../modules/exports/consumption.sql';
import { startApiProcess } from './api-process';
import type { MemoryPeaks } from './memory-probe';
import { round2 } from './round';

/**
 * The settlement-centre export workload (issue 8): the whole period's CSV downloaded through the real
 * API (its own process, so its peak RSS is its own) against the floor, `COPY (the same query) TO
 * STDOUT WITH (FORMAT csv)` read over the PostgreSQL protocol by the same driver (every CopyData
 * frame counted, nothing kept). Both read the same rows with personal data (the bootstrap admin).
 */
export interface ExportMeasure {
  rows: number;
  bytes: number;
  seconds: number;
  floorSeconds: number;
  ratio: number;
  rowsPerSecond: number;
  floorRowsPerSecond: number;
  peakRssMb: number | null;
  idleRssMb: number | null;
  /** Sampled inside the API process: before the download, and the peaks during it. */
  memoryBefore: MemoryPeaks;
  memoryDuring: MemoryPeaks;
  /** The same period as JSONL (server-side cursor, rows built in JS): seconds and memory peaks. */
  jsonl: { seconds: number; bytes: number; memoryDuring: MemoryPeaks } | null;
  rowsEqualFloor: boolean;
}

export async function measureExport(url: string, period: string): Promise<ExportMeasure> {
  const api = await startApiProcess({ EXPORT_RATE_LIMIT_PER_MINUTE: '1000' });
  let app: { rows: number; bytes: number; seconds: number };
  let idleRssMb: number | null;
  let peakRssMb: number | null;
  let memoryBefore: MemoryPeaks;
  let memoryDuring: MemoryPeaks;
  let jsonl: ExportMeasure['jsonl'] = null;
  try {
    // A warm-up request (authentication, the first query plans) so "before" is the idle server.
    await download(`${api.base}/api/v1/exports/consumption/manifest?period=1990-01&format=csv`);
    idleRssMb = api.peakRssMb();
    memoryBefore = await api.memory('reset');
    app = await download(`${api.base}/api/v1/exports/consumption?period=${period}&format=csv`);
    memoryDuring = await api.memory('read');
    peakRssMb = api.peakRssMb();
    if (process.env.BENCH_EXPORT_JSONL !== '0') {
      await api.memory('reset');
      const j = await download(`${api.base}/api/v1/exports/consumption?period=${period}&format=jsonl`);
      jsonl = { seconds: round2(j.seconds), bytes: j.bytes, memoryDuring: await api.memory('read') };
    }
  } finally {
    await api.stop();
  }
  const floor = await copyOut(url, period);
  const dataRows = app.rows - 1; // the header line
  return {
    rows: dataRows,
    bytes: app.bytes,
    seconds: round2(app.seconds),
    floorSeconds: round2(floor.seconds),
    ratio: round2(app.seconds / floor.seconds),
    rowsPerSecond: Math.round(dataRows / app.seconds),
    floorRowsPerSecond: Math.round(floor.rows / floor.seconds),
    peakRssMb,
    idleRssMb,
    memoryBefore,
    memoryDuring,
    jsonl,
    rowsEqualFloor: dataRows === floor.rows,
  };
}

/** The file through HTTP: rows are counted as newlines outside quoted fields' content (none here). */
function download(url: string): Promise<{ rows: number; bytes: number; seconds: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { 'X-API-Key': process.env.BOOTSTRAP_ADMIN_API_KEY! } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`export answered ${res.statusCode}`));
      let rows = 0;
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows += 1;
      });
      res.on('end', () => {
        const declared = Number(res.trailers['x-export-rows'] ?? NaN);
        resolve({
          rows: Number.isNaN(declared) ? rows : declared + 1,
          bytes,
          seconds: (performance.now() - t0) / 1000,
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** The export query with its parameters written in (COPY takes none): whole period, personal data on. */
export function exportCopySql(period: string): string {
  const values: Record<string, string> = {
    '1': `'${period}-01'`,
    '2': `'0'`,
    '3': `''`,
    '4': 'true',
    '5': 'NULL',
  };
  const sql = PERIOD_ROWS_SQL.replace(/\$([1-5])\b/g, (_, n: string) => values[n]);
  return `COPY (${sql}) TO STDOUT WITH (FORMAT csv)`;
}

async function copyOut(url: string, period: string): Promise<{ rows: number; seconds: number }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    let rows = 0;
    // node-postgres parses every message and emits it by name; a plain query ignores the CopyData.
    const conn = (client as unknown as { connection: NodeJS.EventEmitter }).connection;
    const onData = () => {
      rows += 1;
    };
    conn.on('copyData', onData);
    const t0 = performance.now();
    await client.query(exportCopySql(period));
    const seconds = (performance.now() - t0) / 1000;
    conn.off('copyData', onData);
    return { rows, seconds };
  } finally {
    await client.end();
  }
}
