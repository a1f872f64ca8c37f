import { Role } from '../../src/common/auth/roles';
import { aCharges, anEstateAccount } from '../factories/money';
import { createTestApp, TestApp } from '../utils/create-test-app';

/** Payments over HTTP: status codes, stable error codes, Idempotency-Key, roles. */
describe('payments (e2e)', () => {
  let sut: TestApp;
  let account: string;
  let keys = 0;

  beforeAll(async () => {
    sut = await createTestApp();
  });
  beforeEach(async () => {
    await sut.reset();
    account = (await anEstateAccount(sut.db)).accountId;
    await aCharges(sut.db, account, '2025-01', { cold_water: '100.00' });
  });
  afterAll(async () => {
    await sut.close();
  });

  const body = (o: Record<string, unknown> = {}) => ({
    accountId: account,
    amount: '60.00',
    paidOn: '2025-03-20',
    channel: 'online',
    ...o,
  });
  const post = async (b: object, key: string | null = `e2e-${++keys}`, role = Role.Specialist) => {
    const req = sut
      .http()
      .post('/api/v1/payments')
      .set(await sut.as(role));
    return (key === null ? req : req.set('Idempotency-Key', key)).send(b);
  };
  const outcome = (res: { status: number; body: { code?: string; fields?: { field: string }[] } }) => ({
    status: res.status,
    code: res.body.code,
    field: res.body.fields?.[0]?.field ?? null,
  });

  it('records a payment (201) with its allocation; the same key and body answer the same again', async () => {
    const first = await post(body(), 'k-1');
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      id: expect.stringMatching(/^\d+$/),
      accountId: account,
      amount: '60.00',
      paidOn: '2025-03-20',
      channel: 'online',
      period: null,
      externalId: null,
      bankPaymentId: null,
      registryId: null,
      reversesPaymentId: null,
      reversedByPaymentId: null,
      reason: null,
      createdBy: 'Test specialist',
      createdAt: expect.any(String),
      allocations: [
        {
          period: '2025-01',
          serviceCode: 'cold_water',
          kind: 'principal',
          amount: '60.00',
          createdAt: expect.any(String),
        },
      ],
    });
    const again = await post(body(), 'k-1');
    expect({ status: again.status, body: again.body }).toEqual({ status: 201, body: first.body });
    const reused = await post(body({ amount: '61.00' }), 'k-1');
    expect(outcome(reused)).toEqual({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED', field: null });
  });

  it('audits each post: a new payment in its own transaction, its replay and a refusal after it', async () => {
    const first = await post(body(), 'k-a');
    await post(body(), 'k-a');
    await post(body({ accountId: '999999999' }), 'k-b');
    const rows: Record<string, unknown>[] = await sut.db.query(
      `SELECT a.action, a.entity, a.entity_id, a.actor_name, a.details->>'outcome' AS outcome,
              a.details->'fields' AS fields, a.request_id IS NOT NULL AS has_request_id,
              a.at = p.created_at AS at_payment_commit
         FROM audit_log a LEFT JOIN payments p ON p.id::text = a.entity_id
        WHERE a.entity = 'payments' ORDER BY a.id`,
    );
    const entry = (o: Record<string, unknown>) => ({
      action: 'POST /api/v1/payments',
      entity: 'payments',
      actor_name: 'Test specialist',
      fields: ['accountId', 'amount', 'paidOn', 'channel'],
      has_request_id: true,
      ...o,
    });
    // The entry of a new payment is written in the payment's transaction: the same now() as the row.
    expect(rows).toEqual([
      entry({ entity_id: first.body.id, outcome: 'ok', at_payment_commit: true }),
      entry({ entity_id: first.body.id, outcome: 'ok', at_payment_commit: false }),
      entry({ entity_id: null, outcome: 'ACCOUNT_NOT_FOUND', at_payment_commit: null }),
    ]);
  });

  it.each<[string, string | null, Record<string, unknown>, number, string, string | null]>([
    ['no Idempotency-Key', null, {}, 400, 'IDEMPOTENCY_KEY_REQUIRED', 'Idempotency-Key'],
    ['a key with spaces', 'a key', {}, 400, 'IDEMPOTENCY_KEY_REQUIRED', 'Idempotency-Key'],
    ['a zero amount', 'k', { amount: '0' }, 400, 'VALIDATION_FAILED', 'amount'],
    ['an amount as a JSON number', 'k', { amount: 60.5 }, 400, 'VALIDATION_FAILED', 'amount'],
    ['three decimals', 'k', { amount: '1.005' }, 400, 'VALIDATION_FAILED', 'amount'],
    ['an unknown channel', 'k', { channel: 'pigeon' }, 400, 'VALIDATION_FAILED', 'channel'],
    ['a bad period', 'k', { period: '2025-13' }, 400, 'VALIDATION_FAILED', 'period'],
    ['a date that does not exist', 'k', { paidOn: '2025-02-30' }, 400, 'VALIDATION_FAILED', 'paidOn'],
    ['a future date', 'k', { paidOn: '2999-01-01' }, 400, 'PAYMENT_DATE_IN_FUTURE', 'paidOn'],
    ['an unknown field', 'k', { payerName: 'Иванов' }, 400, 'VALIDATION_FAILED', 'payerName'],
    ['an unknown account', 'k', { accountId: '999999999' }, 404, 'ACCOUNT_NOT_FOUND', null],
  ])('refuses %s', async (_name, key, o, status, code, field) => {
    expect(outcome(await post(body(o), key))).toEqual({ status, code, field });
    expect(await sut.db.query(`SELECT count(*)::int AS n FROM payments`)).toEqual([{ n: 0 }]);
  });

  it('lets the settlement centre post through an API key and refuses auditors (403)', async () => {
    const key = await sut
      .http()
      .post('/api/v1/api-keys')
      .set(sut.admin)
      .send({ name: 'Расчётный центр', role: 'settlement_centre', scopes: ['payments:write'] });
    await sut
      .http()
      .post('/api/v1/payments')
      .set('X-API-Key', key.body.key)
      .set('Idempotency-Key', 'sc-1')
      .send(body())
      .expect(201);
    expect(outcome(await post(body(), 'k', Role.Auditor))).toEqual({
      status: 403,
      code: 'FORBIDDEN_ROLE',
      field: null,
    });
  });

  describe('reversal', () => {
    const reverse = async (id: string, b: object, role = Role.Supervisor) =>
      sut
        .http()
        .post(`/api/v1/payments/${id}/reverse`)
        .set(await sut.as(role))
        .send(b);

    it('answers 201 with the reversal, then 409 for a second one and 422 for reversing the reversal', async () => {
      const paid = await post(body());
      const rev = await reverse(paid.body.id, { reason: 'Ошибочный платёж' });
      expect(rev.status).toBe(201);
      expect(rev.body).toMatchObject({
        amount: '-60.00',
        reversesPaymentId: paid.body.id,
        reason: 'Ошибочный платёж',
      });
      expect(rev.body.allocations.map((a: { amount: string }) => a.amount)).toEqual(['-60.00']);
      expect(outcome(await reverse(paid.body.id, { reason: 'again' }))).toEqual({
        status: 409,
        code: 'PAYMENT_ALREADY_REVERSED',
        field: null,
      });
      expect(outcome(await reverse(rev.body.id, { reason: 'x' }))).toEqual({
        status: 422,
        code: 'PAYMENT_IS_REVERSAL',
        field: null,
      });
      const [audit] = await sut.db.query(
        `SELECT reason, details->>'outcome' AS outcome FROM audit_log WHERE action LIKE '%reverse' ORDER BY id LIMIT 1`,
      );
      expect(audit).toEqual({ reason: 'Ошибочный платёж', outcome: 'ok' });
    });

    it('needs a reason (400), a known payment (404) and a staff role (403)', async () => {
      const paid = await post(body());
      expect(outcome(await reverse(paid.body.id, {}))).toEqual({
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'reason',
      });
      expect(outcome(await reverse(paid.body.id, { reason: '' }))).toMatchObject({
        status: 400,
        field: 'reason',
      });
      expect(outcome(await reverse('999999999', { reason: 'r' }))).toEqual({
        status: 404,
        code: 'PAYMENT_NOT_FOUND',
        field: null,
      });
      expect((await reverse(paid.body.id, { reason: 'r' }, Role.SettlementCentre)).status).toBe(403);
    });
  });

  it('lists an account’s payments page by page for readers', async () => {
    const a = await post(body({ amount: '10.00' }));
    const b = await post(body({ amount: '20.00' }));
    const auditor = await sut.as(Role.Auditor);
    const page1 = await sut
      .http()
      .get(`/api/v1/accounts/${account}/payments?limit=1`)
      .set(auditor)
      .expect(200);
    expect(page1.body.items.map((p: { id: string }) => p.id)).toEqual([a.body.id]);
    expect(page1.body.nextAfter).toBe(a.body.id);
    const page2 = await sut
      .http()
      .get(`/api/v1/accounts/${account}/payments?limit=1&after=${page1.body.nextAfter}`)
      .set(auditor)
      .expect(200);
    expect(page2.body).toEqual({ items: [b.body], nextAfter: null });
    await sut.http().get(`/api/v1/payments/${a.body.id}`).set(auditor).expect(200);
    await sut.http().get(`/api/v1/accounts/999999999/payments`).set(auditor).expect(404);
    await sut
      .http()
      .get(`/api/v1/accounts/${account}/payments`)
      .set(await sut.as(Role.SettlementCentre))
      .expect(403);
  });
});
