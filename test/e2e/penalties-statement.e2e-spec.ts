import { Role } from '../../src/common/auth/roles';
import { aCharges, anEstateAccount, anOpeningBalance } from '../factories/money';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { readPdf } from '../utils/pdf';

process.env.PENALTY_NIGHTLY_CRON = 'off';

/**
 * GET /api/v1/accounts/{id}/penalty-statement: the calculator's table built from the account's own
 * books. November 2024 debt migrated (2 000.00), December charges 10 000.00 (two services), January
 * 3 000.00; 4 000.00 paid 24.02.2025 without a period (oldest first: November, then 2 000.00 of
 * December), 1 000.00 paid 05.03.2025 naming January. Checked by hand at asOf 20.05.2025:
 *   2024-11  2 000.00 × 46 × 1/300 × 9.5 % = 29.13 (10.01–24.02, paid)
 *   2024-12 10 000.00 × 15 × 1/300 = 47.50; 8 000.00 × 45 × 1/300 = 114.00; 8 000.00 × 40 × 1/130 = 233.85
 *   2025-01  2 000.00 × 60 × 1/300 = 38.00; 2 000.00 × 9 × 1/130 = 13.15 (the 1 000.00 came before day 31)
 */
describe('penalty statement (e2e)', () => {
  let sut: TestApp;
  let accountId: string;
  const asOf = '2025-05-20';

  beforeAll(async () => {
    sut = await createTestApp();
    await sut.reset();
    ({ accountId } = await anEstateAccount(sut.db));
    await anOpeningBalance(sut.db, {
      account_id: accountId,
      period: '2024-11',
      service_code: 'heating',
      amount: '2000.00',
    });
    await aCharges(sut.db, accountId, '2024-12', { heating: '6000.00', cold_water: '4000.00' });
    await aCharges(sut.db, accountId, '2025-01', { heating: '3000.00' });
    const staff = await sut.as(Role.Specialist);
    const pay = (key: string, body: object) =>
      sut.http().post('/api/v1/payments').set(staff).set('Idempotency-Key', key).send(body).expect(201);
    await pay('st-1', { accountId, amount: '4000.00', paidOn: '2025-02-24', channel: 'bank' });
    await pay('st-2', {
      accountId,
      amount: '1000.00',
      paidOn: '2025-03-05',
      channel: 'cash',
      period: '2025-01',
    });
  });
  afterAll(async () => {
    await sut.close();
  });

  const statement = (headers: Record<string, string>, query = `asOf=${asOf}`) =>
    sut.http().get(`/api/v1/accounts/${accountId}/penalty-statement?${query}`).set(headers);

  it('equals the calculator for the same debts and payments, to the kopeck', async () => {
    const res = await statement(await sut.as(Role.Auditor)).expect(200);
    const calc = await sut
      .http()
      .post('/api/v1/penalties/calculate')
      .set(await sut.as(Role.Auditor))
      .send({
        debts: [
          { period: '2024-11', amount: '2000.00' },
          { period: '2024-12', amount: '10000.00' },
          { period: '2025-01', amount: '3000.00' },
        ],
        payments: [
          { date: '2025-02-24', amount: '4000.00' },
          { date: '2025-03-05', amount: '1000.00', period: '2025-01' },
        ],
        asOf,
      })
      .expect(200);
    expect(res.body).toEqual({ accountId, asOf, ...calc.body });
    expect(res.body.total).toBe('475.63');
    expect(res.body.debts.map((d: { penalty: string }) => d.penalty)).toEqual(['29.13', '395.35', '51.15']);
  });

  it('as CSV: ";" separated, a header, one line per row and the total', async () => {
    const json = (await statement(sut.admin).expect(200)).body;
    const res = await statement(await sut.as(Role.Supervisor), `asOf=${asOf}&format=csv`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('period;balance;from;to;days;fraction;rate;formula;amount');
    expect(lines).toHaveLength(json.rows.length + 2);
    const r = json.rows[0];
    expect(lines[1]).toBe(
      [r.period, r.balance, r.from, r.to, r.days, r.fraction, r.ratePercent, r.formula, r.amount].join(';'),
    );
    expect(lines[lines.length - 1]).toBe(`total;;;;;;;;${json.total}`);
  });

  it('as PDF: the court table with every row and the total, exact values', async () => {
    const res = await statement(await sut.as(Role.Auditor), `asOf=${asOf}&format=pdf`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(`penalty-statement-${accountId}-${asOf}.pdf`);
    const { text } = readPdf(res.body as Buffer);
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Расчёт пени');
    expect(flat).toContain('20.05.2025');
    const [{ number }] = await sut.db.query(`SELECT number FROM accounts WHERE id = $1`, [accountId]);
    expect(flat).toContain(`Лицевой счёт: ${number}`);
    for (const s of [
      '2 000.00 × 46 × 1/300 × 9.5 %',
      '10 000.00 × 15 × 1/300 × 9.5 %',
      '8 000.00 × 45 × 1/300 × 9.5 %',
      '8 000.00 × 40 × 1/130 × 9.5 %',
      '2 000.00 × 60 × 1/300 × 9.5 %',
      '2 000.00 × 9 × 1/130 × 9.5 %',
      '29.13',
      '47.50',
      '114.00',
      '233.85',
      '38.00',
      '13.15',
      '10.01.2025',
      '24.02.2025',
      'Итого 475.63',
    ]) {
      expect(flat).toContain(s);
    }
  });

  it('POST /penalties/calculate?format=pdf prints the same table', async () => {
    const res = await sut
      .http()
      .post('/api/v1/penalties/calculate?format=pdf')
      .set(await sut.as(Role.Auditor))
      .send({
        debts: [{ period: '2024-11', amount: '2000.00' }],
        payments: [{ date: '2025-02-24', amount: '2000.00' }],
        asOf,
      })
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const flat = readPdf(res.body as Buffer).text.replace(/\s+/g, ' ');
    expect(flat).toContain('2 000.00 × 46 × 1/300 × 9.5 %');
    expect(flat).toContain('Итого 29.13');
  });

  it('audits every download (personal data)', async () => {
    await sut.db.query(`DELETE FROM audit_log`);
    await statement(await sut.as(Role.Specialist), `asOf=${asOf}&format=csv`).expect(200);
    const rows = await sut.db.query(
      `SELECT actor_name, action, entity, entity_id, details FROM audit_log WHERE action LIKE '%penalty-statement'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'GET /api/v1/accounts/:id/penalty-statement',
      entity: 'accounts',
      entity_id: accountId,
      details: { asOf, format: 'csv', total: '475.63' },
    });
  });

  it('refuses other roles, unknown accounts and bad dates', async () => {
    await statement(await sut.as(Role.SettlementCentre)).expect(403);
    await sut.http().get(`/api/v1/accounts/${accountId}/penalty-statement?asOf=${asOf}`).expect(401);
    const reader = await sut.as(Role.Auditor);
    const missing = await sut
      .http()
      .get(`/api/v1/accounts/999999/penalty-statement?asOf=${asOf}`)
      .set(reader);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('ACCOUNT_NOT_FOUND');
    await statement(reader, 'asOf=2025-02-30').expect(400);
    await statement(reader, `asOf=${asOf}&format=xlsx`).expect(400);
  });
});
