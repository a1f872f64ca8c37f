import { DomainError } from '../../src/common/errors/domain-error';
import { Principal, Role } from '../../src/common/auth/roles';
import { PaymentChannel, CreatePaymentDto } from '../../src/modules/payments/dto/payment.dto';
import { PaymentsService } from '../../src/modules/payments/payments.service';
import { aCharges, anEstateAccount } from '../factories/money';
import { createTestApp, TestApp } from '../utils/create-test-app';

/** Payments through the real services on the real database: allocation, advances, idempotency, locks, reversal. */
describe('payments (integration)', () => {
  let sut: TestApp;
  let payments: PaymentsService;
  let account: string;
  const by: Principal = {
    kind: 'user',
    id: '1',
    name: 'Тестовый специалист',
    role: Role.Specialist,
    scopes: [],
  };
  let keys = 0;

  beforeAll(async () => {
    sut = await createTestApp();
    payments = sut.app.get(PaymentsService);
  });
  beforeEach(async () => {
    await sut.reset();
    account = (await anEstateAccount(sut.db)).accountId;
  });
  afterAll(async () => {
    await sut.close();
  });

  const pay = (amount: string, o: Partial<CreatePaymentDto> = {}, key = `k-${++keys}`) =>
    payments.create(
      { accountId: account, amount, paidOn: '2025-04-20', channel: PaymentChannel.Cash, ...o },
      key,
      by,
    );
  /** Stored rows: [payment, period, service, kind, amount] in write order. */
  const allocations = async () =>
    (
      await sut.db.query(
        `SELECT payment_id::text, to_char(period, 'YYYY-MM') AS period, service_code, kind, amount::text
           FROM payment_allocations ORDER BY id`,
      )
    ).map((r: Record<string, string | null>) => [r.payment_id, r.period, r.service_code, r.kind, r.amount]);
  const codeOf = (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (e: unknown) => (e instanceof DomainError ? e.code : Promise.reject(e)),
    );

  it('allocates oldest period first, services of a period pro rata, and stores the rows', async () => {
    await aCharges(sut.db, account, '2025-01', { cold_water: '100.00' });
    await aCharges(sut.db, account, '2025-02', { cold_water: '50.00', hot_water: '100.00' });
    const res = await pay('130.00');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ accountId: account, amount: '130.00', channel: 'cash', period: null });
    expect(res.body.allocations.map((a) => [a.period, a.serviceCode, a.kind, a.amount])).toEqual([
      ['2025-01', 'cold_water', 'principal', '100.00'],
      ['2025-02', 'cold_water', 'principal', '10.00'],
      ['2025-02', 'hot_water', 'principal', '20.00'],
    ]);
    expect(await allocations()).toHaveLength(3);
  });

  it('answers a payment exactly as it is read back later (one statement builds the answer)', async () => {
    await aCharges(sut.db, account, '2025-01', { cold_water: '100.00', hot_water: '40.00' });
    const res = await pay('120.00');
    const page = await payments.listByAccount(account, {});
    // The answer is stored as JSON for Idempotency-Key replays; the list is read by the older path.
    expect(JSON.parse(JSON.stringify(page.items))).toEqual([res.body]);
    expect(res.body.allocations).toHaveLength(2);
    expect(await payments.get(res.body.id)).toEqual(page.items[0]);
  });

  it('answers a payment that first applies an earlier advance exactly as it is read back', async () => {
    await aCharges(sut.db, account, '2025-01', { cold_water: '100.00' });
    const first = await pay('150.00', { externalId: 'ext-1' });
    await aCharges(sut.db, account, '2025-02', { cold_water: '80.00', hot_water: '10.00' });
    // The advance's rows are written first (they belong to the first payment), then the new one's.
    const second = await pay('45.00', { period: '2025-02' });
    expect(second.body.allocations.map((a) => [a.period, a.serviceCode, a.kind, a.amount])).toEqual([
      ['2025-02', 'cold_water', 'principal', '35.56'],
      ['2025-02', 'hot_water', 'principal', '4.44'],
      [null, null, 'advance', '5.00'],
    ]);
    // Read back now (the first payment has since gained the rows its advance paid with).
    expect(second.body).toEqual(JSON.parse(JSON.stringify(await payments.get(second.body.id))));
    const stored: { response: unknown }[] = await sut.db.query(
      `SELECT response FROM idempotency_keys ORDER BY created_at, key`,
    );
    expect(stored.map((r) => r.response)).toEqual([first.body, second.body]);
  });

  it('a named period is paid first', async () => {
    await aCharges(sut.db, account, '2025-01', { cold_water: '100.00' });
    await aCharges(sut.db, account, '2025-02', { cold_water: '50.00' });
    const res = await pay('60.00', { period: '2025-02' });
    expect(res.body.allocations.map((a) => [a.period, a.amount])).toEqual([
      ['2025-02', '50.00'],
      ['2025-01', '10.00'],
    ]);
  });

  it('keeps a remainder as an advance and applies it to later charges at the next payment', async () => {
    await aCharges(sut.db, account, '2025-01', { cold_water: '100.00' });
    const first = await pay('150.00');
    expect(await allocations()).toEqual([
      [first.body.id, '2025-01', 'cold_water', 'principal', '100.00'],
      [first.body.id, null, null, 'advance', '50.00'],
    ]);
    await aCharges(sut.db, account, '2025-02', { cold_water: '80.00' });
    const second = await pay('40.00');
    expect((await allocations()).slice(2)).toEqual([
      [first.body.id, null, null, 'advance', '-50.00'],
      [first.body.id, '2025-02', 'cold_water', 'principal', '50.00'],
      [second.body.id, '2025-02', 'cold_water', 'principal', '30.00'],
      [second.body.id, null, null, 'advance', '10.00'],
    ]);
  });

  describe('Idempotency-Key', () => {
    it('answers the same key and body with the original answer and records one payment', async () => {
      await aCharges(sut.db, account, '2025-01', { cold_water: '100.00' });
      const first = await pay('30.00', {}, 'same');
      const again = await pay('30', {}, 'same');
      expect(again).toEqual(first);
      expect(await sut.db.query(`SELECT count(*)::int AS n FROM payments`)).toEqual([{ n: 1 }]);
    });

    it('refuses the same key with another body (422 IDEMPOTENCY_KEY_REUSED) and stores nothing more', async () => {
      await pay('30.00', {}, 'same');
      expect(await codeOf(pay('31.00', {}, 'same'))).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(await codeOf(pay('30.00', { period: '2025-01' }, 'same'))).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(await sut.db.query(`SELECT count(*)::int AS n FROM payments`)).toEqual([{ n: 1 }]);
    });

    it('serialises concurrent requests with one key: one payment, the same answer for all', async () => {
      const answers = await Promise.all(Array.from({ length: 6 }, () => pay('25.00', {}, 'race')));
      expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
      expect(await sut.db.query(`SELECT count(*)::int AS n FROM payments`)).toEqual([{ n: 1 }]);
    });

    it('does not store a refused request: the key can be used again once corrected', async () => {
      expect(await codeOf(pay('10.00', { accountId: '999999999' }, 'fix'))).toBe('ACCOUNT_NOT_FOUND');
      expect((await pay('10.00', {}, 'fix')).status).toBe(201);
    });

    it('keeps the keys of different callers apart', async () => {
      await pay('10.00', {}, 'shared');
      const other = { ...by, id: '2' };
      const res = await payments.create(
        { accountId: account, amount: '99.00', paidOn: '2025-04-20', channel: PaymentChannel.Cash },
        'shared',
        other,
      );
      expect(res.body.amount).toBe('99.00');
    });
  });

  it('serialises concurrent payments on one account: rows sum to the payments and never exceed the debt', async () => {
    await aCharges(sut.db, account, '2025-01', { cold_water: '100.00', hot_water: '100.00' });
    await aCharges(sut.db, account, '2025-02', { cold_water: '150.00', heating: '250.01' });
    const amounts = [
      '70.00',
      '70.01',
      '69.99',
      '100.00',
      '33.33',
      '66.67',
      '70.00',
      '70.00',
      '50.00',
      '50.00',
    ];
    await Promise.all(amounts.map((a) => pay(a)));
    const [totals] = await sut.db.query(
      `SELECT (SELECT sum(amount)::text FROM payments) AS paid,
              (SELECT sum(amount)::text FROM payment_allocations) AS allocated,
              (SELECT sum(amount)::text FROM payment_allocations WHERE kind = 'principal') AS principal,
              (SELECT sum(amount)::text FROM payment_allocations WHERE kind = 'advance') AS advance`,
    );
    expect(totals).toEqual({ paid: '650.00', allocated: '650.00', principal: '600.01', advance: '49.99' });
    expect(
      await sut.db.query(
        `SELECT p.id FROM payments p JOIN payment_allocations a ON a.payment_id = p.id
          GROUP BY p.id, p.amount HAVING sum(a.amount) <> p.amount`,
      ),
    ).toEqual([]);
    expect(
      await sut.db.query(
        `SELECT c.period, c.service_code FROM charge_lines c
           JOIN (SELECT period, service_code, sum(amount) AS paid FROM payment_allocations
                  WHERE kind = 'principal' GROUP BY 1, 2) a USING (period, service_code)
          WHERE a.paid <> c.amount`,
      ),
    ).toEqual([]);
  });

  describe('reversal', () => {
    it('books the exact negative of the rows, keeps the original, and re-opens the debt', async () => {
      await aCharges(sut.db, account, '2025-01', { cold_water: '100.00' });
      const original = await pay('120.00');
      const reversal = await payments.reverse(original.body.id, { reason: 'Ошибочное зачисление' }, by);
      expect(reversal).toMatchObject({
        accountId: account,
        amount: '-120.00',
        reversesPaymentId: original.body.id,
        reason: 'Ошибочное зачисление',
        channel: 'cash',
      });
      expect(reversal.allocations.map((a) => [a.period, a.kind, a.amount])).toEqual([
        ['2025-01', 'principal', '-100.00'],
        [null, 'advance', '-20.00'],
      ]);
      expect(await payments.get(original.body.id)).toMatchObject({
        amount: '120.00',
        reversedByPaymentId: reversal.id,
      });
      const next = await pay('100.00');
      expect(next.body.allocations.map((a) => [a.period, a.amount])).toEqual([['2025-01', '100.00']]);
    });

    it('negates rows an advance wrote later, and lets another advance cover the re-opened debt', async () => {
      const advance = await pay('70.00');
      const other = await pay('50.00');
      await aCharges(sut.db, account, '2025-02', { cold_water: '60.00' });
      await pay('0.01');
      const reversal = await payments.reverse(advance.body.id, { reason: 'Возврат банком' }, by);
      expect(reversal.allocations.map((a) => [a.period, a.kind, a.amount])).toEqual([
        [null, 'advance', '-70.00'],
        [null, 'advance', '60.00'],
        ['2025-02', 'principal', '-60.00'],
      ]);
      const [row] = await sut.db.query(
        `SELECT sum(amount)::text AS paid FROM payment_allocations WHERE payment_id = $1 AND kind = 'principal'`,
        [other.body.id],
      );
      expect(row).toEqual({ paid: '50.00' });
    });

    it('refuses a second reversal (409) and the reversal of a reversal (422)', async () => {
      const original = await pay('10.00');
      const reversal = await payments.reverse(original.body.id, { reason: 'r' }, by);
      expect(await codeOf(payments.reverse(original.body.id, { reason: 'r' }, by))).toBe(
        'PAYMENT_ALREADY_REVERSED',
      );
      expect(await codeOf(payments.reverse(reversal.id, { reason: 'r' }, by))).toBe('PAYMENT_IS_REVERSAL');
      expect(await sut.db.query(`SELECT count(*)::int AS n FROM payments`)).toEqual([{ n: 2 }]);
    });

    it('lets one of concurrent reversals win', async () => {
      const original = await pay('10.00');
      const outcomes = await Promise.all(
        [1, 2, 3].map(() => codeOf(payments.reverse(original.body.id, { reason: 'r' }, by))),
      );
      expect(outcomes.sort()).toEqual(['PAYMENT_ALREADY_REVERSED', 'PAYMENT_ALREADY_REVERSED', 'ok']);
    });
  });
});
