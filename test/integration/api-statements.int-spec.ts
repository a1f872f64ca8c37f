import { DataSource, EntityManager } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { Principal, Role } from '../../src/common/auth/roles';
import { APP_CONFIG, AppConfig } from '../../src/config/configuration';
import { dataSourceOptions } from '../../src/database/data-source';
import { LedgerService } from '../../src/modules/ledger/ledger.service';
import { AllocationRepository } from '../../src/modules/payments/allocation.repository';
import { AllocationService } from '../../src/modules/payments/allocation.service';
import { PaymentChannel } from '../../src/modules/payments/dto/payment.dto';
import { PaymentsService } from '../../src/modules/payments/payments.service';
import {
  PENALTY_CHARGES_SOURCE,
  PenaltyChargesSource,
} from '../../src/modules/payments/penalty-charges.source';
import { ReadingChannel } from '../../src/modules/readings/dto/readings.dto';
import { ReadingsService } from '../../src/modules/readings/readings.service';
import { aMeterWithInitialReadings } from '../factories/estate';
import { aCharges, anEstateAccount, anOpeningBalance } from '../factories/money';
import { createTestApp, TestApp } from '../utils/create-test-app';

/**
 * The hot requests of the API (issue 8) in few statements, with the same answers as the statements
 * they replace: the ledger read in one, a payment post in five, a reading resubmission in one.
 */
describe('API hot paths: statements per request (integration)', () => {
  let sut: TestApp;
  const by: Principal = { kind: 'user', id: '1', name: 'Тест', role: Role.Specialist, scopes: [] };
  let statements: string[] = [];
  let parameters: unknown[][] = [];
  let spy: jest.SpyInstance;

  beforeAll(async () => {
    sut = await createTestApp();
    const original = PostgresQueryRunner.prototype.query;
    spy = jest.spyOn(PostgresQueryRunner.prototype, 'query').mockImplementation(function (
      this: PostgresQueryRunner,
      ...args: Parameters<PostgresQueryRunner['query']>
    ) {
      statements.push(args[0]);
      parameters.push((args[1] ?? []) as unknown[]);
      return original.apply(this, args);
    });
  });
  afterAll(async () => {
    spy.mockRestore();
    await sut.close();
  });
  /** The statements `fn` sends (its result too). */
  async function counted<T>(fn: () => Promise<T>): Promise<{ result: T; count: number }> {
    statements = [];
    parameters = [];
    const result = await fn();
    return { result, count: statements.length };
  }

  describe('ledger and allocation figures', () => {
    let accountId: string;
    beforeAll(async () => {
      await sut.reset();
      accountId = (await anEstateAccount(sut.db)).accountId;
      await anOpeningBalance(sut.db, {
        account_id: accountId,
        period: '2024-12',
        service_code: 'heating',
        amount: '200.00',
      });
      await aCharges(sut.db, accountId, '2025-01', { cold_water: '100.00', heating: '300.00' });
      await sut.db.query(
        `INSERT INTO penalty_charges (account_id, period, close_date, amount, lines, created_by)
         VALUES ($1, '2025-02-01', '2025-02-28', 12.34, $2, 'test')`,
        [
          accountId,
          JSON.stringify([
            { debtPeriod: '2024-12', accrued: '12.34', previouslyCharged: '0.00', amount: '12.34' },
          ]),
        ],
      );
      const payments = sut.app.get(PaymentsService);
      // 900.00 pays 200.00 + 400.00 of principal and the 12.34 of penalty; 287.66 stays an advance.
      await payments.create(
        { accountId, amount: '900.00', paidOn: '2025-02-05', channel: PaymentChannel.Bank },
        'stmt-1',
        by,
      );
    });

    it('reads the ledger with one statement, penalty and advance included', async () => {
      const { result, count } = await counted(() => sut.app.get(LedgerService).ledger(accountId, {}));
      expect(count).toBe(1);
      expect(result).toMatchObject({
        accountId,
        closingPrincipal: '0.00',
        closingPenalty: '0.00',
        advance: { outstanding: '287.66', appliedOnView: '0.00', remaining: '287.66' },
      });
      expect(result.rows.find((r) => r.period === '2024-12')).toMatchObject({
        serviceCode: 'heating',
        imported: '200.00',
        paid: '200.00',
      });
      expect(result.rows.find((r) => r.period === '2024-12' && r.serviceCode === null)).toMatchObject({
        penaltyCharged: '12.34',
        penaltyPaid: '12.34',
        penaltyClosing: '0.00',
      });
    });

    it('gives the same figures as the separate statements (penalties through chargedFor)', async () => {
      const folded = sut.app.get(AllocationService);
      const real = sut.app.get<PenaltyChargesSource>(PENALTY_CHARGES_SOURCE);
      const unfoldedSource: PenaltyChargesSource = {
        sql: null,
        chargedFor: (m: EntityManager, ids: string[]) => real.chargedFor(m, ids),
      };
      const unfolded = new AllocationService(
        sut.app.get(AllocationRepository),
        unfoldedSource,
        sut.app.get<AppConfig>(APP_CONFIG),
      );
      const ids = [accountId, '999999999'];
      const a = await counted(() => folded.figuresOf(sut.db.manager, ids));
      const b = await counted(() => unfolded.figuresOf(sut.db.manager, ids));
      expect(a.count).toBe(1);
      expect(b.count).toBe(2);
      expect(a.result).toEqual(b.result);
      expect([...a.result.found]).toEqual([accountId]);
      expect(a.result.advances.get(accountId)).toEqual([
        expect.objectContaining({ amount: '287.66', paidOn: '2025-02-05' }),
      ]);
      expect(a.result.cells.get(accountId)?.find((c) => c.serviceCode === null)).toMatchObject({
        period: '2024-12',
        penaltyCharged: '12.34',
        paidPenalty: '12.34',
      });
    });

    it('refuses an unknown account with 404 from the same single statement', async () => {
      const { result, count } = await counted(() =>
        sut.app
          .get(LedgerService)
          .ledger('999999999', {})
          .then(
            () => 'answered',
            (e: { code?: string }) => e.code,
          ),
      );
      expect(result).toBe('ACCOUNT_NOT_FOUND');
      expect(count).toBe(1);
    });

    it('reads one account with a scalar key, so its prepared statement keeps a generic plan', async () => {
      await counted(() => sut.app.get(LedgerService).ledger(accountId, {}));
      expect(statements[0]).not.toContain('$1::bigint[]');
      expect(parameters[0][0]).toBe(accountId);
      // Planned with the values for five executions, then generic: not planned on every request.
      // An account set (`= ANY($1::bigint[])`) is estimated at ten keys and stays re-planned.
      const one = new DataSource(dataSourceOptions(process.env.DATABASE_URL!, 1));
      await one.initialize();
      try {
        const repo = sut.app.get(AllocationRepository);
        const penaltySql = sut.app.get<PenaltyChargesSource>(PENALTY_CHARGES_SOURCE).sql!;
        for (let i = 0; i < 8; i++) {
          await repo.figures(one.manager, [accountId], penaltySql);
          await repo.figures(one.manager, [accountId, '999999999'], penaltySql);
        }
        const plans: { one_key: boolean; generic_plans: string; custom_plans: string }[] = await one.query(
          `SELECT statement NOT LIKE '%$1::bigint[]%' AS one_key, generic_plans::text, custom_plans::text
             FROM pg_prepared_statements WHERE statement LIKE '%AS penalties%' ORDER BY 1`,
        );
        expect(plans).toEqual([
          { one_key: false, generic_plans: '0', custom_plans: '8' },
          { one_key: true, generic_plans: '3', custom_plans: '5' },
        ]);
      } finally {
        await one.destroy();
      }
    });

    it('posts a payment with five statements, its audit entry in the last one', async () => {
      let written = 0;
      const audit = {
        successEntry: (result: unknown) => ({
          actor: { kind: 'user' as const, id: '1', name: 'Тест' },
          action: 'POST /api/v1/payments',
          entity: 'payments',
          entityId: (result as { id: string }).id,
          details: { outcome: 'ok' },
        }),
        written: () => (written += 1),
      };
      // The same request twice: the post, then its replay.
      const post = () =>
        counted(() =>
          sut.app
            .get(PaymentsService)
            .create(
              { accountId, amount: '10.00', paidOn: '2025-02-06', channel: PaymentChannel.Bank },
              'stmt-2',
              by,
              audit,
            ),
        );
      const { result, count } = await post();
      expect(result.status).toBe(201);
      // BEGIN, key lock + account lock + lookup, insert + figures, allocation rows + idempotency
      // record + audit entry, COMMIT.
      expect(count).toBe(5);
      expect(written).toBe(1);
      // The insert and the figures of the one account: a scalar key (a generic plan, see above).
      expect(statements[2]).toContain('AS penalties');
      expect(statements[2]).not.toContain('$1::bigint[]');
      expect(parameters[2][0]).toBe(accountId);
      const rows: unknown[] = await sut.db.query(
        `SELECT a.entity_id, a.details->>'outcome' AS outcome, a.at = p.created_at AS with_payment
           FROM audit_log a JOIN payments p ON p.id::text = a.entity_id WHERE a.entity = 'payments'`,
      );
      expect(rows).toEqual([{ entity_id: result.body.id, outcome: 'ok', with_payment: true }]);
      // A replay writes nothing: the claim alone (BEGIN, claim, COMMIT); its entry is the interceptor's.
      const again = await post();
      expect(again.result).toEqual(result);
      expect(again.count).toBe(3);
      expect(written).toBe(1);
    });
  });

  describe('reading submission', () => {
    let meterId: string;
    const submit = (value: string, takenOn = '2025-02-20') =>
      sut.app
        .get(ReadingsService)
        .submit(meterId, { values: { T1: value }, takenOn, channel: ReadingChannel.Subscriber }, 'test');
    beforeAll(async () => {
      await sut.reset();
      const { accountId } = await anEstateAccount(sut.db);
      const [{ premises_id, building_id }] = await sut.db.query(
        `SELECT a.premises_id, p.building_id FROM accounts a JOIN premises p ON p.id = a.premises_id WHERE a.id = $1`,
        [accountId],
      );
      meterId = await aMeterWithInitialReadings(sut.db, {
        building_id,
        premises_id,
        service_code: 'cold_water',
      });
    });

    it('stores a new reading under the meter lock; the same values again are answered with one statement', async () => {
      const first = await counted(() => submit('112.5'));
      expect(first.result).toMatchObject({
        created: true,
        period: '2025-02',
        readings: [{ zone: 'T1', value: '112.500', volume: '12.500', suspect: false }],
      });
      // The read without a lock, then BEGIN, the lock, the history, the insert, COMMIT.
      expect(first.count).toBe(6);
      const again = await counted(() => submit('112.500'));
      expect(again.count).toBe(1);
      // One meter: a scalar key, so the prepared statement keeps a generic plan (as the ledger's).
      expect(statements[0]).toContain('meter_id = $1::bigint AND');
      expect(parameters[0][0]).toBe(meterId);
      expect(again.result).toEqual({ ...first.result, created: false });
      const rows = await sut.db.query(
        `SELECT value::text FROM meter_readings WHERE meter_id = $1 ORDER BY taken_on`,
        [meterId],
      );
      expect(rows).toEqual([{ value: '100.000000' }, { value: '112.500000' }]);
    });

    it('refuses other values for a stored day with one statement and stores nothing', async () => {
      const { result, count } = await counted(() =>
        submit('113').then(
          () => 'stored',
          (e: { code?: string }) => e.code,
        ),
      );
      expect(count).toBe(1);
      expect(result).toBe('READING_CONFLICT');
      const [{ n }] = await sut.db.query(
        `SELECT count(*)::int AS n FROM meter_readings WHERE meter_id = $1`,
        [meterId],
      );
      expect(n).toBe(2);
    });
  });
});
