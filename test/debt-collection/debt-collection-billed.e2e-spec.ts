import { INestApplicationContext } from '@nestjs/common';
import Decimal from 'decimal.js';
import { Role } from '../../src/common/auth/roles';
import {
  aBuilding,
  aBuildingService,
  anAccount,
  anOrganisation,
  aPremises,
  aTariff,
} from '../factories/estate';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { startTestWorker, waitForRun } from '../utils/worker';

process.env.PENALTY_NIGHTLY_CRON = 'off';

/**
 * History built through the API and the test worker: maintenance 50.00 m² × 30.00 = 1 500.00 a
 * month billed for January–March 2025 by billing runs, 1 000.00 paid on 20.03.2025 (oldest first:
 * January). Debt on 30.04.2025 = 3 500.00 (2 × 1 500.00 average = 3 000.00 → selected by a criterion
 * added through the rules API). The court package on 16.06.2025 equals the ledger's closing
 * principal and the penalty statement's total (80.03); claim 3 580.03 → fee 4 000.00, order 2 000.00.
 */
describe('debt collection over billed history (e2e)', () => {
  let sut: TestApp;
  let worker: INestApplicationContext;
  let accountId: string;

  beforeAll(async () => {
    sut = await createTestApp();
    worker = await startTestWorker();
    await sut.reset();
    const org = await anOrganisation(sut.db);
    const building = await aBuilding(sut.db, { organisation_id: org });
    await aBuildingService(sut.db, {
      building_id: building,
      service_code: 'maintenance',
      supplier_organisation_id: org,
    });
    await aTariff(sut.db, { service_code: 'maintenance', price: '30.000000', organisation_id: org });
    accountId = await anAccount(sut.db, {
      premises_id: await aPremises(sut.db, { building_id: building, area: '50.00' }),
    });
    const staff = await sut.as(Role.Specialist);
    for (const period of ['2025-01', '2025-02', '2025-03']) {
      const res = await sut.http().post('/api/v1/billing-runs').set(staff).send({ period }).expect(202);
      expect((await waitForRun(sut, res.body.id, staff)).status).toBe('completed');
    }
    await sut
      .http()
      .post('/api/v1/payments')
      .set(staff)
      .set('Idempotency-Key', 'billed-1')
      .send({ accountId, amount: '1000.00', paidOn: '2025-03-20', channel: 'bank' })
      .expect(201);
  });
  afterAll(async () => {
    await worker.close();
    await sut.close();
  });

  it('selection → case → court package equal to the ledger and the penalty statement', async () => {
    const staff = await sut.as(Role.Specialist);
    await sut
      .http()
      .post('/api/v1/debt-rules/criteria')
      .set(await sut.as(Role.Supervisor))
      .send({
        setCode: 'maintenance',
        serviceCode: 'maintenance',
        minMonths: '2',
        validFrom: '2025-01-01',
        source: 'test',
      })
      .expect(201);
    const sel = await sut
      .http()
      .post('/api/v1/debt-selections')
      .set(staff)
      .send({ setCode: 'maintenance', asOf: '2025-04-30' })
      .expect(201);
    expect(sel.body).toMatchObject({ accounts: 1, totalDebt: '3500.00' });
    expect(sel.body.items[0].basis.matched).toEqual([
      expect.objectContaining({
        serviceCode: 'maintenance',
        debt: '3500.00',
        avgMonthlyCharge: '1500.00',
        minMonths: '2.00',
      }),
    ]);

    const opened = await sut
      .http()
      .post('/api/v1/debt-cases')
      .set(staff)
      .send({ accountId, selectionId: sel.body.id, openedOn: '2025-04-30', reason: 'maintenance debt' })
      .expect(201);
    expect(opened.body.debtAtOpening).toBe('3500.00');

    const filedOn = '2025-06-16';
    const pkg = await sut
      .http()
      .get(`/api/v1/debt-cases/${opened.body.id}/court-package?filedOn=${filedOn}`)
      .set(staff)
      .expect(200);
    const ledger = await sut.http().get(`/api/v1/accounts/${accountId}/ledger`).set(staff).expect(200);
    const st = await sut
      .http()
      .get(`/api/v1/accounts/${accountId}/penalty-statement?asOf=${filedOn}`)
      .set(staff)
      .expect(200);
    expect(pkg.body.debtLines.map((l: { period: string; owed: string }) => [l.period, l.owed])).toEqual([
      ['2025-01', '500.00'],
      ['2025-02', '1500.00'],
      ['2025-03', '1500.00'],
    ]);
    expect(ledger.body.closingPrincipal).toBe('3500.00');
    expect(pkg.body).toMatchObject({
      principal: ledger.body.closingPrincipal,
      penaltyAccrued: st.body.total,
      penalty: st.body.total,
      courtFee: { claimFee: '4000.00', orderFee: '2000.00' },
    });
    expect(pkg.body.claim).toBe(new Decimal('3500.00').plus(st.body.total).toFixed(2));
    // By hand (9.5 %): 2025-01 1 500.00 × 8/300 = 3.80, 500.00 × 52/300 = 8.23, 500.00 × 36/130 = 13.15;
    // 2025-02 1 500.00 × 60/300 = 28.50, × 8/130 = 8.77; 2025-03 1 500.00 × 37/300 = 17.58 → 80.03.
    expect(st.body.total).toBe('80.03');
    expect(pkg.body.claim).toBe('3580.03');
  });
});
