import { Principal, Role } from '../../src/common/auth/roles';
import { PaymentChannel } from '../../src/modules/payments/dto/payment.dto';
import { PaymentsService } from '../../src/modules/payments/payments.service';
import { PenaltyAccrualService } from '../../src/modules/penalties/accruals/penalty-accrual.service';
import { PenaltyFastPathRepository } from '../../src/modules/penalties/accruals/penalty-fast-path.repository';
import { PenaltyInputsRepository } from '../../src/modules/penalties/accruals/penalty-inputs.repository';
import { lastOverduePeriod } from '../../src/modules/penalties/domain/account-inputs.build';
import { PenaltyRules } from '../../src/modules/penalties/domain/penalty-rules.types';
import { PenaltyRulesService } from '../../src/modules/penalties/rules/penalty-rules.service';
import { aCharges, anEstateAccount, anOpeningBalance } from '../factories/money';
import { createTestApp, TestApp } from '../utils/create-test-app';

process.env.PENALTY_NIGHTLY_CRON = 'off';

/** A night's stored accruals, as both paths are compared. */
const ACCRUALS_OF_NIGHT = `SELECT account_id::text AS account_id, to_char(period, 'YYYY-MM') AS period,
        amount::text AS amount, increment::text AS increment, rows::text AS rows
   FROM penalty_accruals WHERE as_of = $1 ORDER BY account_id, period`;

/**
 * The nightly job's set-based fast path against the engine on the same books: every stored accrual
 * (amount, increment and the statement rows: balance, days, fraction, rate, formula, amount) must be
 * byte-identical. The debts vary in due date (periods 2019-10 … 2025-12), balance (0.01 to
 * 1 234 567.89, grouped formulas, rows that round to 0.00) and the nights in rate (key rate, the
 * decree 474 cap), in moratoria (424/2020, 497/2022: inside, across, after) and in the 1/300 → 1/130
 * boundary (December 2024, due 10.01.2025: day 90 = 10.04.2025, day 91 = 11.04.2025). Nights follow
 * each other, so later ones store increments against earlier totals.
 */
describe('penalty fast path = engine, row for row (integration)', () => {
  let sut: TestApp;
  let accrual: PenaltyAccrualService;
  let fastPath: PenaltyFastPathRepository;
  let rulesService: PenaltyRulesService;
  const by: Principal = { kind: 'user', id: '1', name: 'Тест', role: Role.Specialist, scopes: [] };

  beforeAll(async () => {
    sut = await createTestApp();
    accrual = sut.app.get(PenaltyAccrualService);
    fastPath = sut.app.get(PenaltyFastPathRepository);
    rulesService = sut.app.get(PenaltyRulesService);
  });
  afterAll(async () => sut.close());
  beforeEach(async () => sut.reset());

  const NIGHTS = [
    '2020-03-01',
    '2020-07-15',
    '2021-02-01',
    '2022-03-15',
    '2022-06-01',
    '2022-11-20',
    '2023-02-15',
    '2025-04-10',
    '2025-04-11',
    '2025-04-12',
    '2026-11-27',
  ];
  const AMOUNTS = ['0.01', '0.33', '77.77', '999.99', '1000.00', '3333.33', '10000.00', '1234567.89'];
  const PERIODS = [
    '2019-10',
    '2019-12',
    '2020-03',
    '2020-05',
    '2021-11',
    '2022-02',
    '2022-07',
    '2024-12',
    '2025-12',
  ];

  /** What one night stores, as text (jsonb text is canonical), in a fixed order. */
  const stored = (asOf: string): Promise<unknown[]> =>
    sut.db.query(
      `SELECT account_id::text AS account_id, to_char(period, 'YYYY-MM') AS period, amount::text AS amount,
              increment::text AS increment, rows::text AS rows
         FROM penalty_accruals WHERE as_of = $1 ORDER BY account_id, period`,
      [asOf],
    );

  /** Accounts with charges and opening balances over PERIODS, each missing some periods. */
  async function debtorsOfEveryPeriod(): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < AMOUNTS.length; i++) {
      const { accountId } = await anEstateAccount(sut.db);
      ids.push(accountId);
      for (let k = 0; k < PERIODS.length; k++) {
        if ((i + k) % 3 === 2) continue; // every account misses some periods
        const amount = AMOUNTS[(i + k) % AMOUNTS.length];
        if (k % 2 === 0)
          await aCharges(sut.db, accountId, PERIODS[k], { heating: amount, maintenance: '12.34' });
        else
          await anOpeningBalance(sut.db, {
            account_id: accountId,
            period: PERIODS[k],
            service_code: 'heating',
            amount,
          });
      }
    }
    return ids;
  }

  /** The engine alone on a night, rolled back: what it would have stored. */
  async function engineNight(ids: string[], asOf: string, rules: PenaltyRules): Promise<unknown[]> {
    const qr = sut.db.createQueryRunner();
    await qr.connect();
    await qr.startTransaction();
    try {
      await accrual.accrue(qr.manager, ids, asOf, rules, false);
      return await qr.manager.query(ACCRUALS_OF_NIGHT, [asOf]);
    } finally {
      await qr.rollbackTransaction();
      await qr.release();
    }
  }

  it('stores exactly what the engine stores, night after night, and leaves paid accounts to the engine', async () => {
    const ids = await debtorsOfEveryPeriod();
    // One account pays (allocations: the engine's case), one loses a period after its first totals.
    const payer = ids[0];
    await sut.app
      .get(PaymentsService)
      .create(
        { accountId: payer, amount: '500.00', paidOn: '2021-01-20', channel: PaymentChannel.Bank },
        'fp-1',
        by,
      );
    const corrected = ids[1];
    const rules = await rulesService.loadRules();
    const handledPerNight: number[] = [];
    const spy = jest.spyOn(fastPath, 'accrue');

    for (const asOf of NIGHTS) {
      if (asOf === '2022-11-20') {
        await sut.db.query(`DELETE FROM opening_balances WHERE account_id = $1`, [corrected]);
      }
      const expected = await engineNight(ids, asOf, rules);
      spy.mockClear();
      const written = await sut.db.transaction((m) => accrual.accrue(m, ids, asOf, rules));
      const { handled } = await spy.mock.results[0].value;
      handledPerNight.push(handled.size);
      expect(handled.has(payer)).toBe(false);
      const actual = await stored(asOf);
      expect(actual).toEqual(expected);
      expect(written).toBe(actual.length);
    }
    // Everyone but the payer every night, and the corrected account not on the night its stored
    // total of a period it no longer owes goes back to zero (nor after: its zero stays stored).
    expect(handledPerNight).toEqual([7, 7, 7, 7, 7, 6, 7, 7, 7, 7, 7]);
    // The comparison covered real work: totals on every night, both bands, both moratoria.
    const [cover] = await sut.db.query(
      `SELECT count(DISTINCT as_of)::int AS nights, count(*)::int AS n,
              count(*) FILTER (WHERE rows::text LIKE '%1/130%')::int AS band130,
              count(*) FILTER (WHERE increment < 0)::int AS negative
         FROM penalty_accruals`,
    );
    expect(cover.nights).toBe(NIGHTS.length);
    expect(cover.band130).toBeGreaterThan(0);
    expect(cover.negative).toBeGreaterThan(0);
  });

  it('a chunk over a range of account ids finds the debtors of the day itself and stores what the engine stores for them', async () => {
    const ids = await debtorsOfEveryPeriod();
    const payments = sut.app.get(PaymentsService);
    const pay = (accountId: string, amount: string, paidOn: string, key: string) =>
      payments.create({ accountId, amount, paidOn, channel: PaymentChannel.Bank }, key, by);
    // A part payer (still a debtor, the engine's), an account paid off before its due date (a
    // debtor only once a payment was allocated to it since the previous run started), an account
    // with a recalculation delta (the engine's), one owing only an old penalty and one without books:
    // not debtors.
    const payer = ids[0];
    await pay(payer, '500.00', '2021-01-20', 'fr-1');
    const paidOff = (await anEstateAccount(sut.db)).accountId;
    await aCharges(sut.db, paidOff, '2024-12', { heating: '1000.00' });
    await pay(paidOff, '1000.00', '2025-01-05', 'fr-2');
    const recalculated = (await anEstateAccount(sut.db)).accountId;
    await aCharges(sut.db, recalculated, '2024-12', { heating: '3000.00' });
    const [doc] = await sut.db.query(
      `INSERT INTO recalculations (kind, reason_code, reason, account_id, corrected_from, corrected_to, posting_period,
                                   status, amount, basis, created_by, created_by_id, posted_at)
       VALUES ('manual', 'manual', 'test', $1, '2024-12-01', '2024-12-01', '2025-01-01', 'posted', -1000, '{}',
               'test', '0', '2025-01-20T12:00:00+03:00')
       RETURNING id`,
      [recalculated],
    );
    await sut.db.query(
      `INSERT INTO recalculation_lines (recalculation_id, account_id, posting_period, corrected_period, service_code,
                                        volume_delta, unit, amount_delta, formula, basis, created_at)
       VALUES ($1, $2, '2025-01-01', '2024-12-01', 'heating', 0, 'm2', -1000, 'test', '{}',
               '2025-01-20T12:00:00+03:00')`,
      [doc.id, recalculated],
    );
    const penaltyOnly = (await anEstateAccount(sut.db)).accountId;
    await anOpeningBalance(sut.db, {
      account_id: penaltyOnly,
      period: '2024-12',
      service_code: 'heating',
      amount: '100.00',
      kind: 'penalty',
    });
    const noBooks = (await anEstateAccount(sut.db)).accountId;
    // The previous run (for the nights after 2025-04-11) started before the payments were allocated.
    await sut.db.query(
      `INSERT INTO penalty_runs (run_date, requested_by, started_at) VALUES ('2025-04-11', 'test', now() - interval '1 day')`,
    );
    const all = [...ids, paidOff, recalculated, penaltyOnly, noBooks];
    const byId = (a: string, b: string) => Number(a) - Number(b);
    const mid = all[Math.floor(all.length / 2)];
    // Two chunks that together cover every account: the first ends just before `mid`.
    const chunks = [
      { first: all[0], last: String(BigInt(mid) - 1n) },
      { first: mid, last: all[all.length - 1] },
    ];
    const inputs = sut.app.get(PenaltyInputsRepository);
    const rules = await rulesService.loadRules();
    const debtorsPerNight = new Map<string, string[]>();

    for (const asOf of NIGHTS) {
      // What the engine stores on that night for the debtors the run finds (rolled back).
      const lastPeriod = lastOverduePeriod({ asOf, dueRules: rules.dueRules, calendar: rules.calendar });
      // When the latest earlier run started, as a run of that night records it (PenaltyRunsRepository.insertRun).
      const [prev] = await sut.db.query(
        `SELECT started_at FROM penalty_runs WHERE run_date < $1 ORDER BY run_date DESC LIMIT 1`,
        [asOf],
      );
      const since: Date | null = prev?.started_at ?? null;
      const qr = sut.db.createQueryRunner();
      await qr.connect();
      await qr.startTransaction();
      let expectedDebtors: string[];
      let expected: unknown[];
      try {
        expectedDebtors = await inputs.debtors(
          qr.manager,
          { first: all[0], last: all[all.length - 1] },
          { asOf, lastPeriod, since },
        );
        await accrual.accrue(qr.manager, expectedDebtors, asOf, rules, false);
        expected = await qr.manager.query(ACCRUALS_OF_NIGHT, [asOf]);
      } finally {
        await qr.rollbackTransaction();
        await qr.release();
      }
      const found: string[] = [];
      let written = 0;
      for (const chunk of chunks) {
        const r = await sut.db.transaction((m) => accrual.accrueRange(m, chunk, asOf, rules, since));
        found.push(...r.debtors);
        written += r.written;
      }
      expect(found).toEqual(expectedDebtors);
      debtorsPerNight.set(asOf, found);
      const actual = await stored(asOf);
      expect(actual).toEqual(expected);
      expect(written).toBe(actual.length);
    }
    // Who the debtors were, by hand: everyone who owes; the account paid off only once its payment
    // was allocated since the previous run started; never the one owing only a penalty nor the one
    // without books.
    expect(debtorsPerNight.get('2025-04-11')).toEqual([...ids, recalculated].sort(byId));
    expect(debtorsPerNight.get('2025-04-12')).toEqual([...ids, paidOff, recalculated].sort(byId));
    expect(debtorsPerNight.get('2026-11-27')).toEqual([...ids, paidOff, recalculated].sort(byId));
    const [cover] = await sut.db.query(
      `SELECT count(DISTINCT as_of)::int AS nights, count(DISTINCT account_id)::int AS accounts FROM penalty_accruals`,
    );
    expect(cover).toEqual({ nights: NIGHTS.length, accounts: ids.length + 1 });
  });

  it('a grouped formula and an exact half-kopeck row come out as the engine prints them', async () => {
    // 1 234 567.89 × 31 × 1/300 × 9.5 % = 12 119.3414… → 12119.34; 300.00 × 31 × 1/300 × 9.5 % = 2.945 → 2.95.
    const big = (await anEstateAccount(sut.db)).accountId;
    const half = (await anEstateAccount(sut.db)).accountId;
    await anOpeningBalance(sut.db, {
      account_id: big,
      period: '2024-12',
      service_code: 'heating',
      amount: '1234567.89',
    });
    await anOpeningBalance(sut.db, {
      account_id: half,
      period: '2024-12',
      service_code: 'heating',
      amount: '300.00',
    });
    const rules = await rulesService.loadRules();
    const spy = jest.spyOn(fastPath, 'accrue');
    spy.mockClear();
    await sut.db.transaction((m) => accrual.accrue(m, [big, half], '2025-03-12', rules));
    expect((await spy.mock.results[0].value).handled).toEqual(new Set([big, half]));
    const rows = await sut.db.query(
      `SELECT amount::text AS amount, rows FROM penalty_accruals WHERE account_id = ANY($1) ORDER BY account_id`,
      [[big, half]],
    );
    const row = (balance: string, formula: string, amount: string) => ({
      amount,
      rows: [
        {
          period: '2024-12',
          balance,
          from: '2025-02-10',
          to: '2025-03-12',
          days: 31,
          fraction: '1/300',
          ratePercent: '9.5',
          formula,
          amount,
        },
      ],
    });
    expect(rows).toEqual([
      row('1234567.89', '1 234 567.89 × 31 × 1/300 × 9.5 %', '12119.34'),
      row('300.00', '300.00 × 31 × 1/300 × 9.5 %', '2.95'),
    ]);
  });

  it('the rules digest moves with any change of a rules table and only then', async () => {
    const before = await rulesService.rulesDigest();
    expect(await rulesService.rulesDigest()).toBe(before);
    await sut.db.query(`UPDATE penalty_fractions SET denominator = 131 WHERE denominator = 130`);
    const changed = await rulesService.rulesDigest();
    expect(changed).not.toBe(before);
    await sut.db.query(`UPDATE penalty_fractions SET denominator = 130 WHERE denominator = 131`);
    expect(await rulesService.rulesDigest()).toBe(before);
  });

  it('refuses an accrual of a missing account and removing an accrued account, without the foreign key (migration 1764520000000)', async () => {
    const keys: { conname: string }[] = await sut.db.query(
      `SELECT conname FROM pg_constraint WHERE conrelid = 'penalty_accruals'::regclass AND contype = 'f'`,
    );
    expect(keys).toEqual([]);
    const implied = { driverError: { code: '23503', constraint: 'fk_penalty_accruals__account' } };
    const accrued = (await anEstateAccount(sut.db)).accountId;
    const other = (await anEstateAccount(sut.db)).accountId;
    const insert = `INSERT INTO penalty_accruals (account_id, period, as_of, amount, increment, rows)
                    VALUES ($1, '2024-12-01', '2025-03-12', 1.00, 1.00, '[]')`;
    await sut.db.query(insert, [accrued]);
    const [{ max }] = await sut.db.query(`SELECT max(id)::text AS max FROM accounts`);
    const missing = String(BigInt(max) + 1000n);
    await expect(sut.db.query(insert, [missing])).rejects.toMatchObject(implied);
    await expect(
      sut.db.query(`UPDATE penalty_accruals SET account_id = $2 WHERE account_id = $1`, [accrued, missing]),
    ).rejects.toMatchObject(implied);
    await expect(sut.db.query(`DELETE FROM accounts WHERE id = $1`, [accrued])).rejects.toMatchObject(
      implied,
    );
    // One accrued account among others still refuses the whole statement; an updated account that
    // keeps its id, and an account without accruals, are not refused.
    await expect(
      sut.db.query(`DELETE FROM accounts WHERE id = ANY($1::bigint[])`, [[other, accrued]]),
    ).rejects.toMatchObject(implied);
    await sut.db.query(`UPDATE accounts SET number = number WHERE id = $1`, [accrued]);
    await sut.db.query(`DELETE FROM accounts WHERE id = $1`, [other]);
    expect(
      await sut.db.query(`SELECT id FROM accounts WHERE id = ANY($1::bigint[])`, [[accrued, other]]),
    ).toEqual([{ id: accrued }]);
  });

  it('an accrual and the removal of its account racing: whichever commits first, the other fails (migration 1764520000000)', async () => {
    const implied = { driverError: { code: '23503', constraint: 'fk_penalty_accruals__account' } };
    const insert = `INSERT INTO penalty_accruals (account_id, period, as_of, amount, increment, rows)
                    VALUES ($1, '2024-12-01', '2025-03-12', 1.00, 1.00, '[]')`;
    // Until the other session's statement is waiting for a lock (so the order of the race is known).
    const blockedOnLock = async (): Promise<void> => {
      for (;;) {
        const [w] = await sut.db.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        if (w.n > 0) return;
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const a = sut.db.createQueryRunner();
    const b = sut.db.createQueryRunner();
    await a.connect();
    await b.connect();
    try {
      // The accrual first (not committed): the removal waits for it, then sees its row.
      const first = (await anEstateAccount(sut.db)).accountId;
      await a.startTransaction();
      await a.query(insert, [first]);
      await b.startTransaction();
      const removal = b.query(`DELETE FROM accounts WHERE id = $1`, [first]);
      const removalFailed = expect(removal).rejects.toMatchObject(implied);
      await blockedOnLock();
      await a.commitTransaction();
      await removalFailed;
      await b.rollbackTransaction();
      expect(await sut.db.query(`SELECT id FROM accounts WHERE id = $1`, [first])).toEqual([{ id: first }]);

      // The removal first (not committed): the accrual waits for it, then finds no account.
      const second = (await anEstateAccount(sut.db)).accountId;
      await b.startTransaction();
      await b.query(`DELETE FROM accounts WHERE id = $1`, [second]);
      await a.startTransaction();
      const accrual = a.query(insert, [second]);
      const accrualFailed = expect(accrual).rejects.toMatchObject(implied);
      await blockedOnLock();
      await b.commitTransaction();
      await accrualFailed;
      await a.rollbackTransaction();
      expect(
        await sut.db.query(`SELECT count(*)::int AS n FROM penalty_accruals WHERE account_id = $1`, [second]),
      ).toEqual([{ n: 0 }]);
    } finally {
      if (a.isTransactionActive) await a.rollbackTransaction();
      if (b.isTransactionActive) await b.rollbackTransaction();
      await a.release();
      await b.release();
    }
  });
});
