import { Role } from '../../src/common/auth/roles';
import { aSmallEstate, rebill } from '../factories/consumption';
import { createTestApp, TestApp } from '../utils/create-test-app';

/**
 * GET /buildings/{id}/volume-reconciliation: the common-building meter against the billed volumes.
 * Electricity: the meter measured 1 100 kWh, the two flats 500 + 450 = 950 individually, the common
 * 150 shared as 80.00 + 69.99 (rounding), so 0.01 kWh was measured and billed to no one. Cold water
 * under formula 15 (no meter): nothing to reconcile.
 */
describe('volume reconciliation (integration)', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await createTestApp();
  });
  beforeEach(async () => sut.reset());
  afterAll(async () => sut.close());

  it('reconciles each common-property service of the building and period', async () => {
    const estate = await aSmallEstate(sut.db, 1, 2);
    const [a1, a2] = estate.accounts[0];
    const house = {
      decreeFormula: '10/12',
      houseVolume: '1100',
      individualVolume: '950',
      distributedVolume: '150',
    };
    const cw = { decreeFormula: '15', distributedVolume: '6.2', normLimit: '6.2' };
    await rebill(sut.db, '2026-03', estate.buildings[0], [
      {
        accountId: a1,
        serviceCode: 'electricity',
        amount: '3215.00',
        volume: '500',
        unit: 'kWh',
        method: 'metered',
      },
      {
        accountId: a2,
        serviceCode: 'electricity',
        amount: '2893.50',
        volume: '450',
        unit: 'kWh',
        method: 'metered',
      },
      {
        accountId: a1,
        serviceCode: 'electricity_odn',
        amount: '514.40',
        volume: '80.00',
        unit: 'kWh',
        method: 'common',
        basis: house,
      },
      {
        accountId: a2,
        serviceCode: 'electricity_odn',
        amount: '450.04',
        volume: '69.99',
        unit: 'kWh',
        method: 'common',
        basis: house,
      },
      {
        accountId: a1,
        serviceCode: 'cold_water_odn',
        amount: '161.94',
        volume: '3.100',
        unit: 'm3',
        method: 'common',
        basis: cw,
      },
      {
        accountId: a2,
        serviceCode: 'cold_water_odn',
        amount: '161.94',
        volume: '3.100',
        unit: 'm3',
        method: 'common',
        basis: cw,
      },
    ]);
    const res = await sut
      .http()
      .get(`/api/v1/buildings/${estate.buildings[0]}/volume-reconciliation?period=2026-03`)
      .set(await sut.as(Role.Auditor))
      .expect(200);
    expect(res.body).toEqual({
      buildingId: estate.buildings[0],
      period: '2026-03',
      services: [
        {
          serviceCode: 'cold_water_odn',
          baseServiceCode: 'cold_water',
          decreeFormula: '15',
          houseVolume: null,
          individualVolume: null,
          distributedVolume: '6.2',
          billedCommonVolume: '6.2',
          billedIndividualVolume: '0',
          cappedByNorm: false,
          unbilledVolume: null,
          formula: null,
        },
        {
          serviceCode: 'electricity_odn',
          baseServiceCode: 'electricity',
          decreeFormula: '10/12',
          houseVolume: '1100',
          individualVolume: '950',
          distributedVolume: '150',
          billedCommonVolume: '149.99',
          billedIndividualVolume: '950',
          cappedByNorm: false,
          unbilledVolume: '0.01',
          formula: '1100 − 950 − 149.99 = 0.01',
        },
      ],
    });
    await sut
      .http()
      .get('/api/v1/buildings/999999/volume-reconciliation?period=2026-03')
      .set(await sut.as(Role.Auditor))
      .expect(404);
    await sut
      .http()
      .get(`/api/v1/buildings/${estate.buildings[0]}/volume-reconciliation?period=2026-13`)
      .set(await sut.as(Role.Auditor))
      .expect(400);
    await sut
      .http()
      .get(`/api/v1/buildings/${estate.buildings[0]}/volume-reconciliation?period=2026-03`)
      .set(await sut.as(Role.SettlementCentre))
      .expect(403);
  });
});
