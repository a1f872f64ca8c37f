import { INestApplicationContext } from '@nestjs/common';
import { applyChunkSettings } from '../../src/database/chunk-settings';
import { seedDemoEstate } from '../../src/demo/demo-seed';
import { PenaltyRunsService } from '../../src/modules/penalties/accruals/penalty-runs.service';
import { anEstateAccount, aCharges } from '../factories/money';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { billThroughApi, startTestWorker } from '../utils/worker';

jest.setTimeout(120_000);

/**
 * The chunk transactions of the billing run and the nightly penalty job run with JIT off (and the
 * penalty chunk with 32 MB of work_mem), for that transaction only. Seen from inside: a statement
 * trigger on the tables the chunks write records the settings in effect when the lines are written.
 */
describe('chunk transaction settings (integration)', () => {
  let sut: TestApp;
  let worker: INestApplicationContext;
  let serverJit: string;
  let serverWorkMem: string;

  beforeAll(async () => {
    sut = await createTestApp();
    await sut.reset();
    worker = await startTestWorker();
    [{ jit: serverJit, work_mem: serverWorkMem }] = await sut.db.query(
      `SELECT current_setting('jit') AS jit, current_setting('work_mem') AS work_mem`,
    );
    await sut.db.query(`
      CREATE TABLE test_chunk_settings (tbl text NOT NULL, jit text NOT NULL, work_mem text NOT NULL, sync text NOT NULL);
      CREATE FUNCTION test_record_chunk_settings() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO test_chunk_settings
          VALUES (TG_TABLE_NAME, current_setting('jit'), current_setting('work_mem'), current_setting('synchronous_commit'));
        RETURN NULL;
      END $$;
      CREATE TRIGGER test_chunk_settings AFTER INSERT ON charge_lines
        FOR EACH STATEMENT EXECUTE FUNCTION test_record_chunk_settings();
      CREATE TRIGGER test_chunk_settings AFTER INSERT ON penalty_accruals
        FOR EACH STATEMENT EXECUTE FUNCTION test_record_chunk_settings();`);
  });
  afterAll(async () => {
    await sut.db.query(`
      DROP TRIGGER IF EXISTS test_chunk_settings ON charge_lines;
      DROP TRIGGER IF EXISTS test_chunk_settings ON penalty_accruals;
      DROP FUNCTION IF EXISTS test_record_chunk_settings();
      DROP TABLE IF EXISTS test_chunk_settings;`);
    await worker.close();
    await sut.close();
  });

  const recorded = async (tbl: string): Promise<{ jit: string; work_mem: string; sync: string }[]> =>
    sut.db.query(
      `SELECT DISTINCT jit, work_mem, sync FROM test_chunk_settings WHERE tbl = $1 ORDER BY 1, 2, 3`,
      [tbl],
    );

  it('sets JIT off and work_mem for the transaction only', async () => {
    // The server's defaults are what the chunk settings change (the test is void otherwise).
    expect(serverJit).toBe('on');
    expect(serverWorkMem).not.toBe('32MB');
    const inside = await sut.db.transaction(async (m) => {
      await applyChunkSettings(m, { workMem: '32MB' });
      return m.query(`SELECT current_setting('jit') AS jit, current_setting('work_mem') AS work_mem`);
    });
    expect(inside).toEqual([{ jit: 'off', work_mem: '32MB' }]);
    const onlyJit = await sut.db.transaction(async (m) => {
      await applyChunkSettings(m);
      return m.query(`SELECT current_setting('jit') AS jit, current_setting('work_mem') AS work_mem`);
    });
    expect(onlyJit).toEqual([{ jit: 'off', work_mem: serverWorkMem }]);
    // The pool's connections are back to the server's settings after the transaction.
    const after = await Promise.all(
      [1, 2, 3].map(() =>
        sut.db.query(`SELECT current_setting('jit') AS jit, current_setting('work_mem') AS work_mem`),
      ),
    );
    expect(after.flat()).toEqual([1, 2, 3].map(() => ({ jit: 'on', work_mem: serverWorkMem })));
  });

  it('the billing run writes its charge lines with JIT off and an asynchronous commit', async () => {
    await seedDemoEstate(sut.db, '2026-03', { buildings: 2, perBuilding: 3, hotWaterGaps: false });
    expect(await billThroughApi(sut, '2026-03')).toMatchObject({ status: 'completed' });
    // and commits without waiting for the flush (it waits after the commit: flushedCommit)
    expect(await recorded('charge_lines')).toEqual([{ jit: 'off', work_mem: serverWorkMem, sync: 'off' }]);
  });

  it('the nightly penalty job writes its accruals with JIT off and 32 MB of work_mem', async () => {
    await sut.reset(); // the billed estate of the test above owes nothing due in March 2025 anyway
    const { accountId } = await anEstateAccount(sut.db);
    await aCharges(sut.db, accountId, '2024-12', { heating: '10000.00' });
    const runs = sut.app.get(PenaltyRunsService);
    await runs.start('2025-03-12', 'test');
    let status = 'running';
    for (let i = 0; i < 600 && status === 'running'; i++) {
      status = (await runs.get('2025-03-12')).status;
      if (status === 'running') await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe('completed');
    expect(await sut.db.query(`SELECT count(*)::int AS n FROM penalty_accruals`)).toEqual([{ n: 1 }]);
    expect(await recorded('penalty_accruals')).toEqual([{ jit: 'off', work_mem: '32MB', sync: 'on' }]);
  });
});
