import { Role } from '../../src/common/auth/roles';
import { aCharges, anEstateAccount } from '../factories/money';
import { createTestApp, TestApp } from '../utils/create-test-app';

/** Recalculation deltas reach the account ledger and the turnover sheet in the period they post into. */
describe('ledger with recalculations (integration)', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await createTestApp();
  });
  beforeEach(async () => sut.reset());
  afterAll(async () => sut.close());

  it('shows a manual recalculation as recalculated and in the closing balance', async () => {
    const e = await anEstateAccount(sut.db);
    await aCharges(sut.db, e.accountId, '2026-03', { maintenance: '1500.00' });
    await aCharges(sut.db, e.accountId, '2026-04', { maintenance: '1500.00' });
    const headers = await sut.as(Role.Specialist);
    await sut
      .http()
      .post('/api/v1/recalculations/manual')
      .set(headers)
      .send({
        accountId: e.accountId,
        serviceCode: 'maintenance',
        period: '2026-03',
        amount: '-250.00',
        reason: 'act 12',
        postingPeriod: '2026-04',
      })
      .expect(201);
    const ledger = await sut
      .http()
      .get(`/api/v1/accounts/${e.accountId}/ledger?from=2026-03&to=2026-04`)
      .set(headers)
      .expect(200);
    // the delta posts into April (March keeps its charge); April's closing includes it
    expect(JSON.stringify(ledger.body)).toContain('"recalculated":"-250.00"');
    const turnover = await sut
      .http()
      .get(`/api/v1/reports/turnover?period=2026-04&buildingId=${e.buildingId}`)
      .set(headers)
      .expect(200);
    expect(turnover.body.rows[0]).toMatchObject({
      openingDebt: '1500.00',
      charged: '1500.00',
      recalculated: '-250.00',
      paid: '0.00',
      closingDebt: '2750.00',
    });
  });
});
