import 'reflect-metadata';
import { WORKER_METADATA } from '@nestjs/bullmq/dist/bull.constants';
import { BillingBuildingProcessor } from './billing-building.processor';
import { BUILDING_JOB_LOCK_MS } from './billing-runs.queue';

describe('BillingBuildingProcessor worker options', () => {
  it('holds a batch job lock for two minutes (BullMQ default 30 s lost batches under load)', () => {
    expect(BUILDING_JOB_LOCK_MS).toBe(120_000);
    expect(Reflect.getMetadata(WORKER_METADATA, BillingBuildingProcessor)).toEqual({ lockDuration: 120_000 });
  });
});

jest.mock('../domain/charge-lines.calc', () => ({
  calculateChargeLines: () => ({ lines: [], issues: [] }),
}));

describe('BillingBuildingProcessor batch commit (issue 8)', () => {
  /** Statements in order: the batch transaction's, then those after it on the pool. */
  function harness(flushedAfterPolls: number) {
    const log: string[] = [];
    let polls = 0;
    const m = { query: (sql: string) => (log.push(`tx: ${sql}`), Promise.resolve([])) };
    const db = {
      transaction: async <T>(work: (mm: typeof m) => Promise<T>): Promise<T> => {
        log.push('BEGIN');
        const out = await work(m);
        log.push('COMMIT');
        return out;
      },
      query: (sql: string, params?: unknown[]) => {
        if (sql.includes('pg_current_xact_id')) {
          log.push('synchronous commit of an empty transaction');
          return Promise.resolve([{}]);
        }
        if (sql.includes('pg_current_wal_insert_lsn')) {
          log.push('insert position');
          return Promise.resolve([{ lsn: '0/3000060' }]);
        }
        log.push(`flushed past ${String(params?.[0])}?`);
        return Promise.resolve([{ flushed: ++polls >= flushedAfterPolls }]);
      },
    };
    const chunk = { id: '11', run_id: '7', building_id: '5', status: 'running', attempts: 1 };
    const repo = {
      startChunks: () => Promise.resolve([chunk]),
      lockBuildings: (mm: typeof m) => mm.query('lock buildings'),
      replaceBatchLines: (mm: typeof m) => mm.query('write lines'),
      completeChunks: (mm: typeof m) => mm.query('mark done'),
    };
    const inputs = { loadMany: () => Promise.resolve(new Map([['5', {}]])) };
    const yielder = { beforeBatch: () => Promise.resolve(0), batchDone: () => undefined };
    const processor = new BillingBuildingProcessor(
      db as never,
      repo as never,
      inputs as never,
      {} as never,
      yielder as never,
    );
    const job = {
      data: {
        runId: '7',
        chunks: [{ chunkId: '11', buildingId: '5' }],
        period: '2026-10',
        mode: 'final',
        accountIds: null,
      },
      attemptsMade: 0,
      opts: {},
    };
    return { log, run: () => processor.process(job as never) };
  }

  it('commits without flushing the WAL itself, and reports the chunks done once the server flushed past the commit', async () => {
    const { log, run } = harness(3);
    expect(await run()).toEqual({ buildings: 1, accounts: 0, lines: 0, issues: 0, total: '0.00' });
    expect(log).toEqual([
      'BEGIN',
      "tx: SELECT set_config('jit', 'off', true), set_config('synchronous_commit', 'off', true)",
      'tx: lock buildings',
      'tx: write lines',
      'tx: mark done',
      'COMMIT',
      'insert position',
      'flushed past 0/3000060?',
      'flushed past 0/3000060?',
      'flushed past 0/3000060?',
    ]);
  });

  it('asks once when the commit is already flushed (an API commit or the WAL writer did it)', async () => {
    const { log, run } = harness(1);
    await run();
    expect(log.slice(5)).toEqual(['COMMIT', 'insert position', 'flushed past 0/3000060?']);
  });

  it('flushes itself with a synchronous commit when nobody has after three looks (an idle API)', async () => {
    const { log, run } = harness(99);
    await run();
    expect(log.slice(5)).toEqual([
      'COMMIT',
      'insert position',
      'flushed past 0/3000060?',
      'flushed past 0/3000060?',
      'flushed past 0/3000060?',
      'synchronous commit of an empty transaction',
    ]);
  });
});
