import { INestApplicationContext } from '@nestjs/common';
import { Role } from '../../src/common/auth/roles';
import { PenaltyRunsService } from '../../src/modules/penalties/accruals/penalty-runs.service';
import {
  aBuilding,
  aBuildingService,
  anAccount,
  anOrganisation,
  aPremises,
  aTariff,
} from '../factories/estate';
import { dec, moneyString } from '../../src/shared/money';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { readPdf } from '../utils/pdf';
import { startTestWorker, waitForRun } from '../utils/worker';

process.env.PENALTY_NIGHTLY_CRON = 'off';

/**
 * Акт сверки over a real history. December 2024 maintenance billed by a billing run through the queue:
 * 50.00 m² × 30.00 = 1 500.00 (due 10.01.2025); a manual recalculation of −100.00 posted into
 * December; 500.00 paid 20.02.2025 (to December). The penalty line of March (close 31.03.2025) as the
 * engine computes it today, on the charged 1 500.00 (its base does not include recalculations —
 * reported to the lead): 1 500.00 × 11 × 1/300 × 9.5 % = 5.23 (10.02–20.02, the payment day carries
 * the balance before it) + 1 000.00 × 39 × 1/300 × 9.5 % = 12.35 (21.02–31.03) = 17.58.
 * 910.00 paid 10.04.2025: 900.00 principal, then 10.00 penalty. Closing 7.58, all penalty; the ledger agrees.
 */
describe('reconciliation act with a subscriber (e2e)', () => {
  let sut: TestApp;
  let worker: INestApplicationContext;
  let accountId: string;
  let number: string;

  beforeAll(async () => {
    sut = await createTestApp();
    worker = await startTestWorker();
    await sut.reset();
    const db = sut.db;
    const org = await anOrganisation(db);
    const building = await aBuilding(db, { organisation_id: org });
    await aBuildingService(db, {
      building_id: building,
      service_code: 'maintenance',
      supplier_organisation_id: org,
    });
    await aTariff(db, { service_code: 'maintenance', price: '30.000000', organisation_id: org });
    const premises = await aPremises(db, { building_id: building, number: '1', area: '50.00' });
    accountId = await anAccount(db, { premises_id: premises });
    [{ number }] = await db.query(`SELECT number FROM accounts WHERE id = $1`, [accountId]);
    const staff = await sut.as(Role.Specialist);
    const supervisor = await sut.as(Role.Supervisor);
    const run = await sut
      .http()
      .post('/api/v1/billing-runs')
      .set(staff)
      .send({ period: '2024-12' })
      .expect(202);
    expect(await waitForRun(sut, run.body.id, staff)).toMatchObject({ status: 'completed' });
    await sut
      .http()
      .post('/api/v1/recalculations/manual')
      .set(supervisor)
      .send({
        accountId,
        serviceCode: 'maintenance',
        period: '2024-12',
        amount: '-100.00',
        reason: 'акт обследования 7',
      })
      .expect(201);
    const pay = (key: string, body: object) =>
      sut.http().post('/api/v1/payments').set(staff).set('Idempotency-Key', key).send(body).expect(201);
    await pay('act-1', { accountId, amount: '500.00', paidOn: '2025-02-20', channel: 'bank' });
    const runs = sut.app.get(PenaltyRunsService);
    await runs.start('2025-03-31', 'test');
    for (let i = 0; i < 300 && (await runs.get('2025-03-31')).status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await sut.http().post('/api/v1/penalty-charges').set(supervisor).send({ period: '2025-03' }).expect(200);
    await pay('act-2', { accountId, amount: '910.00', paidOn: '2025-04-10', channel: 'cash' });
  });
  afterAll(async () => {
    await worker.close();
    await sut.close();
  });

  const act = (headers: Record<string, string>, query: string) =>
    sut.http().get(`/api/v1/accounts/${accountId}/reconciliation-act?${query}`).set(headers);

  it('lists charges, the recalculation with its reason, payments with allocation and the penalty; closing equals the ledger', async () => {
    const res = await act(await sut.as(Role.Auditor), 'from=2024-12-01&to=2025-04-30').expect(200);
    expect(res.body.opening).toEqual({ total: '0.00', principal: '0.00', penalty: '0.00' });
    expect(
      res.body.entries.map(
        (e: { date: string; kind: string; debit: string; credit: string; balance: string }) => [
          e.date,
          e.kind,
          e.debit,
          e.credit,
          e.balance,
        ],
      ),
    ).toEqual([
      ['2024-12-31', 'charge', '1500.00', '0.00', '1500.00'],
      ['2024-12-31', 'recalculation', '0.00', '100.00', '1400.00'],
      ['2025-02-20', 'payment', '0.00', '500.00', '900.00'],
      ['2025-03-31', 'penalty', '17.58', '0.00', '917.58'],
      ['2025-04-10', 'payment', '0.00', '910.00', '7.58'],
    ]);
    expect(res.body.entries[1].details).toMatchObject({ reason: 'акт обследования 7', period: '2024-12' });
    expect(res.body.entries[2].details.allocation).toEqual([
      { kind: 'principal', period: '2024-12', serviceCode: 'maintenance', amount: '500.00' },
    ]);
    expect(res.body.entries[4].details.allocation).toEqual([
      { kind: 'principal', period: '2024-12', serviceCode: 'maintenance', amount: '900.00' },
      { kind: 'penalty', period: '2024-12', serviceCode: null, amount: '10.00' },
    ]);
    expect(res.body.turnover).toEqual({ debit: '1517.58', credit: '1510.00' });
    expect(res.body.closing).toEqual({ total: '7.58', principal: '0.00', penalty: '7.58' });
    expect(res.body.parties).toMatchObject({ accountNumber: number });

    const ledger = await sut
      .http()
      .get(`/api/v1/accounts/${accountId}/ledger`)
      .set(await sut.as(Role.Auditor))
      .expect(200);
    expect(ledger.body.closingPrincipal).toBe(res.body.closing.principal);
    expect(ledger.body.closingPenalty).toBe(res.body.closing.penalty);
  });

  it('folds what precedes the range into the opening balance', async () => {
    const res = await act(await sut.as(Role.Specialist), 'from=2025-03-01&to=2025-03-31').expect(200);
    expect(res.body.opening).toEqual({ total: '900.00', principal: '900.00', penalty: '0.00' });
    expect(res.body.entries).toHaveLength(1);
    expect(res.body.closing).toEqual({ total: '917.58', principal: '900.00', penalty: '17.58' });
  });

  it('as PDF: parties, entries, the closing split and signatures', async () => {
    const res = await act(await sut.as(Role.Supervisor), 'from=2024-12-01&to=2025-04-30&format=pdf')
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = readPdf(res.body as Buffer).text.replace(/\s+/g, ' ');
    for (const s of [
      `Акт сверки расчётов по лицевому счёту ${number}`,
      'с 01.12.2024 по 30.04.2025',
      'Перерасчёт',
      'акт обследования 7',
      'Начислено за 2024-12: maintenance 1 500.00 0.00 1 500.00',
      'Пени, начисленные за 2025-03 17.58 0.00 917.58',
      'Оплата (cash) 0.00 910.00 7.58',
      'Обороты за период 1 517.58 1 510.00 7.58',
      'в том числе основной долг: 0.00 ₽',
      'в том числе пени: 7.58 ₽',
      'Потребитель: ____',
    ]) {
      expect(text).toContain(s);
    }
  });

  it('is audited, refused to the settlement centre, and checks its input', async () => {
    await sut.db.query(`DELETE FROM audit_log`);
    await act(await sut.as(Role.Auditor), 'from=2025-01-01&to=2025-04-30').expect(200);
    const rows = await sut.db.query(
      `SELECT entity, entity_id, details FROM audit_log WHERE action = 'GET /api/v1/accounts/:id/reconciliation-act'`,
    );
    expect(rows).toEqual([
      {
        entity: 'accounts',
        entity_id: accountId,
        details: { outcome: 'ok', from: '2025-01-01', to: '2025-04-30', format: 'json', closing: '7.58' },
      },
    ]);
    await act(await sut.as(Role.SettlementCentre), 'from=2025-01-01&to=2025-04-30').expect(403);
    await sut
      .http()
      .get(`/api/v1/accounts/${accountId}/reconciliation-act?from=2025-01-01&to=2025-04-30`)
      .expect(401);
    const reader = await sut.as(Role.Auditor);
    const bad = await act(reader, 'from=2025-05-01&to=2025-04-30').expect(400);
    expect(bad.body.code).toBe('RECONCILIATION_RANGE_INVALID');
    await act(reader, 'from=2025-02-30&to=2025-04-30').expect(400);
    const missing = await sut
      .http()
      .get('/api/v1/accounts/999999/reconciliation-act?from=2025-01-01&to=2025-04-30')
      .set(reader)
      .expect(404);
    expect(missing.body.code).toBe('ACCOUNT_NOT_FOUND');
  });

  it('an overpayment shows as a negative principal: the ledger principal less its advance', async () => {
    await sut
      .http()
      .post('/api/v1/payments')
      .set(await sut.as(Role.Specialist))
      .set('Idempotency-Key', 'act-3')
      .send({ accountId, amount: '20.00', paidOn: '2025-04-20', channel: 'online' })
      .expect(201);
    const res = await act(await sut.as(Role.Auditor), 'from=2025-04-01&to=2025-04-30').expect(200);
    expect(res.body.entries.at(-1).details.allocation).toEqual([
      { kind: 'penalty', period: '2024-12', serviceCode: null, amount: '7.58' },
      { kind: 'advance', period: null, serviceCode: null, amount: '12.42' },
    ]);
    expect(res.body.closing).toEqual({ total: '-12.42', principal: '-12.42', penalty: '0.00' });
    const ledger = await sut
      .http()
      .get(`/api/v1/accounts/${accountId}/ledger`)
      .set(await sut.as(Role.Auditor))
      .expect(200);
    expect(ledger.body.closingPenalty).toBe('0.00');
    expect(moneyString(dec(ledger.body.closingPrincipal).minus(dec(ledger.body.advance.remaining)))).toBe(
      '-12.42',
    );
  });
});
