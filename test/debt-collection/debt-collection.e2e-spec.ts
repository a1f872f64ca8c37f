import Decimal from 'decimal.js';
import { Role } from '../../src/common/auth/roles';
import { aNorm, aTariff } from '../factories/estate';
import { aCharges, anEstateAccount, anOpeningBalance } from '../factories/money';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { nextIdsCrossADigit } from '../utils/db';
import { readPdf } from '../utils/pdf';

process.env.PENALTY_NIGHTLY_CRON = 'off';

/** Collects a binary response body (supertest parser). */
const binary = (res: unknown, cb: (err: Error | null, body: Buffer) => void) => {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
};

/**
 * A debtor from selection to the court package. Books (as in the penalty statement e2e):
 * 2024-11 heating 2 000.00 migrated; 2024-12 heating 6 000.00 + cold water 4 000.00; 2025-01
 * heating 3 000.00; paid 4 000.00 on 24.02.2025 (oldest first: November 2 000.00, December
 * 2 000.00 pro rata: heating 1 200.00, cold water 800.00) and 1 000.00 on 05.03.2025 for January.
 * Unpaid: 2024-12 heating 4 800.00, cold water 3 200.00, 2025-01 heating 2 000.00 = 10 000.00;
 * penalty statement on 20.05.2025 = 475.63; claim 10 475.63 → fee 4 000.00, order 2 000.00.
 * Heating norm 0.016 Gcal/m² × 54.30 m² × 2 500.00 = 2 172.00 a month; trigger 2 × = 4 344.00.
 */
describe('debt collection (e2e)', () => {
  let sut: TestApp;
  let accountId: string;
  let otherId: string;
  let caseId: string;
  let staff: Record<string, string>;

  beforeAll(async () => {
    sut = await createTestApp();
    await sut.reset();
    const acc = await anEstateAccount(sut.db);
    accountId = acc.accountId;
    ({ accountId: otherId } = await anEstateAccount(sut.db, { building_id: acc.buildingId }));
    await anOpeningBalance(sut.db, {
      account_id: accountId,
      period: '2024-11',
      service_code: 'heating',
      amount: '2000.00',
    });
    await aCharges(sut.db, accountId, '2024-12', { heating: '6000.00', cold_water: '4000.00' });
    await aCharges(sut.db, accountId, '2025-01', { heating: '3000.00' });
    await aCharges(sut.db, otherId, '2025-01', { heating: '500.00' });
    await aNorm(sut.db, { service_code: 'heating', value: '0.016', basis: 'per_m2' });
    await aTariff(sut.db, { service_code: 'heating', price: '2500.00', organisation_id: acc.organisationId });
    staff = await sut.as(Role.Specialist);
    const pay = (key: string, body: object) =>
      sut.http().post('/api/v1/payments').set(staff).set('Idempotency-Key', key).send(body).expect(201);
    await pay('dc-1', { accountId, amount: '4000.00', paidOn: '2025-02-24', channel: 'bank' });
    await pay('dc-2', {
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

  const post = (url: string, body: object, headers = staff) => sut.http().post(url).set(headers).send(body);
  const move = (to: string, onDate: string, extra: object = {}) =>
    post(`/api/v1/debt-cases/${caseId}/transitions`, { to, onDate, reason: `${to} on ${onDate}`, ...extra });

  it('selects the debtor with its figures and opens a case with the debt of the ledger', async () => {
    const sel = await post('/api/v1/debt-selections', { setCode: 'default', asOf: '2025-03-01' }).expect(201);
    expect(sel.body).toMatchObject({
      setCode: 'default',
      asOf: '2025-03-01',
      accounts: 1,
      totalDebt: '11000.00',
    });
    expect(sel.body.items).toHaveLength(1);
    expect(sel.body.items[0]).toMatchObject({ accountId, debt: '11000.00' });
    expect(sel.body.items[0].basis.matched).toEqual([
      expect.objectContaining({
        serviceCode: null,
        debt: '11000.00',
        minAmount: '10000.00',
        avgMonthlyCharge: '8500.00',
      }),
    ]);
    expect(sel.body.items[0].basis.perService).toEqual([
      { serviceCode: 'cold_water', debt: '3200.00', avgMonthlyCharge: '4000.00' },
      { serviceCode: 'heating', debt: '7800.00', avgMonthlyCharge: '4500.00' },
    ]);

    const opened = await post('/api/v1/debt-cases', {
      accountId,
      selectionId: sel.body.id,
      openedOn: '2025-03-01',
      reason: 'selection default',
    }).expect(201);
    caseId = opened.body.id;
    expect(opened.body).toMatchObject({
      status: 'notice',
      debtAtOpening: '11000.00',
      selectionId: sel.body.id,
    });
    const again = await post('/api/v1/debt-cases', {
      accountId,
      openedOn: '2025-03-02',
      reason: 'again',
    }).expect(409);
    expect(again.body.code).toBe('DEBT_CASE_ALREADY_OPEN');
  });

  it('the notice PDF, its delivery and the earliest restriction date', async () => {
    const res = await sut
      .http()
      .get(`/api/v1/debt-cases/${caseId}/notice`)
      .set(staff)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/pdf/);
    const { text } = readPdf(res.body as Buffer);
    expect(text).toContain('Уведомление о задолженности');
    expect(text).toContain('Иванов Иван Иванович');
    expect(text).toContain('11 000.00');
    expect(text).toContain('в течение 20 дней');

    const bad = await post(`/api/v1/debt-cases/${caseId}/notice-delivery`, {
      channel: 'pigeon',
      deliveredOn: '2025-03-10',
      reason: 'x',
    }).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const d = await post(`/api/v1/debt-cases/${caseId}/notice-delivery`, {
      channel: 'registered_mail',
      deliveredOn: '2025-03-10',
      reason: 'receipt 12345',
    }).expect(201);
    expect(d.body).toMatchObject({
      noticeChannel: 'registered_mail',
      noticeDeliveredOn: '2025-03-10',
      earliestRestrictionOn: '2025-03-30',
    });
  });

  it('restriction: not before delivery + 20 days, never cold water or heating in season, only above 2 norm months', async () => {
    expect(
      (await move('restriction_allowed', '2025-03-20', { serviceCode: 'heating' }).expect(422)).body.code,
    ).toBe('DEBT_RESTRICTION_TOO_EARLY');
    expect(
      (await move('restriction_allowed', '2025-04-15', { serviceCode: 'cold_water' }).expect(422)).body.code,
    ).toBe('DEBT_SERVICE_NOT_RESTRICTABLE');
    expect(
      (await move('restriction_allowed', '2025-04-15', { serviceCode: 'heating' }).expect(422)).body.code,
    ).toBe('DEBT_SERVICE_NOT_RESTRICTABLE');
    expect((await move('restriction_allowed', '2025-05-05', {}).expect(400)).body.code).toBe(
      'DEBT_SERVICE_REQUIRED',
    );
    expect((await move('order_issued', '2025-05-05').expect(409)).body.code).toBe(
      'DEBT_CASE_TRANSITION_INVALID',
    );
    const ok = await move('restriction_allowed', '2025-05-05', { serviceCode: 'heating' }).expect(201);
    expect(ok.body.status).toBe('restriction_allowed');
    expect(ok.body.events[1].basis).toEqual({
      serviceCode: 'heating',
      debt: '6800.00',
      normMonthlyCharge: '2172.00',
      normFormula: '0.016000 (per_m2) × 54.30 × 2500.000000',
      triggered: true,
      threshold: '4344.00',
      formula: '6800.00 > 2.00 × 2172.00 = 4344.00',
    });
  });

  it('the court package equals the ledger and the penalty statement; fee on the 2024 scale', async () => {
    const pkg = await sut
      .http()
      .get(`/api/v1/debt-cases/${caseId}/court-package?filedOn=2025-05-20`)
      .set(staff)
      .expect(200);
    const ledger = await sut.http().get(`/api/v1/accounts/${accountId}/ledger`).set(staff).expect(200);
    const statement = await sut
      .http()
      .get(`/api/v1/accounts/${accountId}/penalty-statement?asOf=2025-05-20`)
      .set(staff)
      .expect(200);
    expect(
      pkg.body.debtLines.map(
        (l: { period: string; serviceCode: string; owed: string; timeBarred: boolean }) => [
          l.period,
          l.serviceCode,
          l.owed,
          l.timeBarred,
        ],
      ),
    ).toEqual([
      ['2024-12', 'cold_water', '3200.00', false],
      ['2024-12', 'heating', '4800.00', false],
      ['2025-01', 'heating', '2000.00', false],
    ]);
    expect(pkg.body).toMatchObject({
      principal: '10000.00',
      timeBarredPrincipal: '0.00',
      penaltyAccrued: '475.63',
      penaltyImported: '0.00',
      penaltyPaid: '0.00',
      penalty: '475.63',
      penaltyStatementTotal: statement.body.total,
      claim: '10475.63',
      courtOrderLimit: '500000.00',
      courtFee: { scale: '259-FZ', claimFee: '4000.00', orderFee: '2000.00' },
      parties: { holderName: 'Иванов Иван Иванович' },
    });
    expect(JSON.stringify(ledger.body)).toContain('10000.00');

    const pdfRes = await sut
      .http()
      .get(`/api/v1/debt-cases/${caseId}/court-package?filedOn=2025-05-20&format=pdf`)
      .set(staff)
      .buffer(true)
      .parse(binary)
      .expect(200);
    const { text } = readPdf(pdfRes.body as Buffer);
    expect(text).toContain('Заявление о вынесении судебного приказа');
    expect(text).toContain('10 475.63');
    expect(text).toContain('2 000.00');
    expect(text).toContain('Иванов Иван Иванович');

    const audits = await sut.db.query(
      `SELECT details FROM audit_log WHERE action = 'GET /api/v1/debt-cases/:id/court-package' ORDER BY id`,
    );
    expect(audits.map((a: { details: { format: string } }) => a.details.format)).toEqual(['json', 'pdf']);
  });

  it('flags periods past the limitation and leaves them out of the claim', async () => {
    const filedOn = '2028-02-10';
    const pkg = await sut
      .http()
      .get(`/api/v1/debt-cases/${caseId}/court-package?filedOn=${filedOn}`)
      .set(staff)
      .expect(200);
    const st = await sut
      .http()
      .get(`/api/v1/accounts/${accountId}/penalty-statement?asOf=${filedOn}`)
      .set(staff)
      .expect(200);
    expect(
      pkg.body.debtLines.map((l: { limitationEnds: string; timeBarred: boolean }) => [
        l.limitationEnds,
        l.timeBarred,
      ]),
    ).toEqual([
      ['2028-01-10', true],
      ['2028-01-10', true],
      ['2028-02-10', false],
    ]);
    const penalty = st.body.rows
      .filter((r: { period: string }) => r.period === '2025-01')
      .reduce((s: Decimal, r: { amount: string }) => s.plus(r.amount), new Decimal(0))
      .toFixed(2);
    expect(pkg.body).toMatchObject({ principal: '2000.00', timeBarredPrincipal: '8000.00', penalty });
    expect(pkg.body.claim).toBe(new Decimal(2000).plus(penalty).toFixed(2));
  });

  it('files the claim, refuses invalid moves and closes the case', async () => {
    const filed = await move('claim_filed', '2025-05-20').expect(201);
    expect(filed.body).toMatchObject({
      status: 'claim_filed',
      claimFiledOn: '2025-05-20',
      claimAmount: '10475.63',
      courtFee: '2000.00',
    });
    expect((await move('order_issued', '2025-05-19').expect(422)).body.code).toBe(
      'DEBT_CASE_DATE_BEFORE_LAST_EVENT',
    );
    await move('order_issued', '2025-06-02').expect(201);
    await move('enforcement', '2025-07-01').expect(201);
    const paid = await move('paid', '2025-09-01').expect(201);
    expect(paid.body.events.map((e: { toStatus: string }) => e.toStatus)).toEqual([
      'notice',
      'restriction_allowed',
      'claim_filed',
      'order_issued',
      'enforcement',
      'paid',
    ]);
    expect((await move('written_off', '2025-09-02').expect(409)).body.code).toBe(
      'DEBT_CASE_TRANSITION_INVALID',
    );
    const audited = await sut.db.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE entity = 'debt_cases' AND entity_id = $1 AND action LIKE 'transition:%'`,
      [caseId],
    );
    expect(audited[0].n).toBe(5);
  });

  it('refuses a claim above the court-order limit (rules edited through the API)', async () => {
    const sup = await sut.as(Role.Supervisor);
    const [seeded] = (await sut.http().get('/api/v1/debt-rules/parameters').set(sup).expect(200)).body;
    expect(seeded).toMatchObject({
      noticeToRestrictionDays: 20,
      limitationYears: 3,
      courtOrderLimit: '500000.00',
    });
    await sut
      .http()
      .patch(`/api/v1/debt-rules/parameters/${seeded.id}`)
      .set(staff)
      .send({ validTo: '2025-12-31', reason: 'x' })
      .expect(403);
    await sut
      .http()
      .patch(`/api/v1/debt-rules/parameters/${seeded.id}`)
      .set(sup)
      .send({ validTo: '2025-12-31', reason: 'new limit' })
      .expect(200);
    const overlap = await post(
      '/api/v1/debt-rules/parameters',
      {
        validFrom: '2025-06-01',
        noticeToRestrictionDays: 20,
        restrictionNormMonths: '2',
        limitationYears: 3,
        chargeDueDay: 10,
        courtOrderLimit: '5000.00',
        source: 'test',
      },
      sup,
    ).expect(409);
    expect(overlap.body.code).toBe('DEBT_RULE_OVERLAP');
    await post(
      '/api/v1/debt-rules/parameters',
      {
        validFrom: '2026-01-01',
        noticeToRestrictionDays: 20,
        restrictionNormMonths: '2',
        limitationYears: 3,
        chargeDueDay: 10,
        courtOrderLimit: '5000.00',
        source: 'test',
      },
      sup,
    ).expect(201);
    const opened = await post('/api/v1/debt-cases', {
      accountId,
      openedOn: '2026-01-10',
      reason: 'second case',
    }).expect(201);
    const res = await sut
      .http()
      .get(`/api/v1/debt-cases/${opened.body.id}/court-package?filedOn=2026-01-15`)
      .set(staff)
      .expect(422);
    expect(res.body).toMatchObject({
      code: 'DEBT_CLAIM_EXCEEDS_COURT_ORDER_LIMIT',
      details: { limit: '5000.00' },
    });
  });

  it('role checks and bad input', async () => {
    const url = `/api/v1/debt-cases/${caseId}/court-package?filedOn=2025-05-20`;
    await sut
      .http()
      .get(url)
      .set(await sut.as(Role.SettlementCentre))
      .expect(403);
    await sut
      .http()
      .get(url)
      .set(await sut.as(Role.Auditor))
      .expect(403);
    await sut.http().get(url).expect(401);
    await sut
      .http()
      .get(`/api/v1/debt-cases/${caseId}/court-package?filedOn=2025-02-30`)
      .set(staff)
      .expect(400);
    expect((await sut.http().get('/api/v1/debt-cases/999999').set(staff).expect(404)).body.code).toBe(
      'DEBT_CASE_NOT_FOUND',
    );
    expect(
      (await post('/api/v1/debt-selections', { setCode: 'nope', asOf: '2025-03-01' }).expect(422)).body.code,
    ).toBe('DEBT_CRITERIA_SET_EMPTY');
    await sut
      .http()
      .get('/api/v1/debt-rules/fee-brackets')
      .set(await sut.as(Role.Auditor))
      .expect(200);
    await post('/api/v1/debt-rules/fee-brackets', { scaleCode: 'x' }).expect(403);
    const sup = await sut.as(Role.Supervisor);
    const crit = { setCode: 'big', validFrom: '2025-01-01', source: 'test' };
    expect((await post('/api/v1/debt-rules/criteria', crit, sup).expect(400)).body.code).toBe(
      'DEBT_CRITERION_THRESHOLD_REQUIRED',
    );
    const made = await post(
      '/api/v1/debt-rules/criteria',
      { ...crit, serviceCode: 'heating', minAmount: '7000.00' },
      sup,
    );
    expect(made.status).toBe(201);
    const big = await post('/api/v1/debt-selections', { setCode: 'big', asOf: '2025-05-05' }).expect(201);
    expect(big.body).toMatchObject({ accounts: 0, totalDebt: '0.00' });
  });

  it('a selection keeps the criteria of its set in id order (ids 10^k − 1, 10^k)', async () => {
    const sup = await sut.as(Role.Supervisor);
    await nextIdsCrossADigit(sut.db, 'debt_selection_criteria');
    const ids: string[] = [];
    for (const serviceCode of ['heating', 'cold_water']) {
      const body = {
        setCode: 'pair',
        validFrom: '2025-01-01',
        source: 'test',
        serviceCode,
        minAmount: '7000.00',
      };
      ids.push(String((await post('/api/v1/debt-rules/criteria', body, sup).expect(201)).body.id));
    }
    expect(ids[1]).toBe(`1${'0'.repeat(ids[0].length)}`);
    const made = await post('/api/v1/debt-selections', { setCode: 'pair', asOf: '2025-05-05' }).expect(201);
    expect(made.body.criteria.map((c: { id: string; serviceCode: string }) => [c.id, c.serviceCode])).toEqual(
      [
        [ids[0], 'heating'],
        [ids[1], 'cold_water'],
      ],
    );
  });
});
