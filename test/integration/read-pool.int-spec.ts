import { QueryRunner } from 'typeorm';
import { ReadPool } from '../../src/database/read-pool';
import { LedgerService } from '../../src/modules/ledger/ledger.service';
import { ReadingChannel } from '../../src/modules/readings/dto/readings.dto';
import { ReadingsService } from '../../src/modules/readings/readings.service';
import { aMeterWithInitialReadings } from '../factories/estate';
import { anEstateAccount } from '../factories/money';
import { createTestApp, TestApp } from '../utils/create-test-app';

/**
 * DATABASE_READ_POOL_SIZE: the API's one-statement reads (the ledger, a reading resubmission) have a
 * pool of their own and are answered while every connection of the shared pool is held by an open
 * transaction.
 */
describe('read pool (integration)', () => {
  let sut: TestApp;
  const saved = { pool: process.env.DATABASE_POOL_SIZE, reads: process.env.DATABASE_READ_POOL_SIZE };
  let held: QueryRunner[] = [];

  beforeAll(async () => {
    process.env.DATABASE_POOL_SIZE = '2';
    process.env.DATABASE_READ_POOL_SIZE = '1';
    sut = await createTestApp();
  });
  afterAll(async () => {
    for (const q of held) await q.release();
    await sut.close();
    for (const [name, value] of [
      ['DATABASE_POOL_SIZE', saved.pool],
      ['DATABASE_READ_POOL_SIZE', saved.reads],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('answers the ledger and a reading resubmission with the shared pool exhausted', async () => {
    await sut.reset();
    const { accountId } = await anEstateAccount(sut.db);
    const [{ premises_id, building_id }] = await sut.db.query(
      `SELECT a.premises_id, p.building_id FROM accounts a JOIN premises p ON p.id = a.premises_id WHERE a.id = $1`,
      [accountId],
    );
    const meterId = await aMeterWithInitialReadings(sut.db, {
      building_id,
      premises_id,
      service_code: 'cold_water',
    });
    expect(sut.app.get(ReadPool).separate).toBe(true);
    // Both connections of the shared pool inside open transactions.
    held = [sut.db.createQueryRunner(), sut.db.createQueryRunner()];
    for (const q of held) {
      await q.connect();
      await q.startTransaction();
    }
    const ledger = await sut.app.get(LedgerService).ledger(accountId, {});
    expect(ledger).toMatchObject({ accountId, closingPrincipal: '0.00', rows: [] });
    const again = await sut.app
      .get(ReadingsService)
      .submit(
        meterId,
        { values: { T1: '100' }, takenOn: '2025-01-15', channel: ReadingChannel.Subscriber },
        'test',
      );
    expect(again).toMatchObject({ created: false });
    for (const q of held) await q.rollbackTransaction();
  });
});
