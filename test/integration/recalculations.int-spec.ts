import { Principal, Role } from '../../src/common/auth/roles';
import { ManualRecalculationService } from '../../src/modules/recalculations/manual-recalculation.service';
import { QualityRecalculationService } from '../../src/modules/recalculations/quality-recalculation.service';
import { anEstate, chargeLines, closePeriod, Estate } from '../e2e/recalculations.helpers';
import { createTestApp, TestApp } from '../utils/create-test-app';

const maker: Principal = { kind: 'user', id: '1', name: 'maker', role: Role.Specialist, scopes: [] };

/** What the database guarantees about recalculation documents, whatever the application does. */
describe('recalculation documents on PostgreSQL (integration)', () => {
  let sut: TestApp;
  let e: Estate;
  let line: string;

  beforeAll(async () => {
    sut = await createTestApp();
  });
  beforeEach(async () => {
    await sut.reset();
    e = await anEstate(sut.db);
    [line] = await chargeLines(sut.db, e, '2026-03', [
      {
        account: e.accounts[0],
        service: 'cold_water',
        method: 'metered',
        volume: '20',
        unit: 'm3',
        tariff: '50',
        amount: '1000.00',
      },
      {
        account: e.accounts[1],
        service: 'cold_water',
        method: 'metered',
        volume: '12.4',
        unit: 'm3',
        tariff: '50',
        amount: '620.00',
      },
    ]);
  });
  afterAll(async () => {
    await sut.close();
  });

  const manual = (amount = '-5.00') =>
    sut.app
      .get(ManualRecalculationService)
      .create(
        { accountId: e.accounts[0], serviceCode: 'cold_water', period: '2026-03', amount, reason: 'test' },
        maker,
      );

  it('lines are immutable and never land in a closed period (trigger)', async () => {
    const doc = await manual();
    await expect(sut.db.query(`UPDATE recalculation_lines SET amount_delta = 1`)).rejects.toMatchObject({
      driverError: { constraint: 'recalculation_line_immutable' },
    });
    await expect(sut.db.query(`DELETE FROM recalculation_lines`)).rejects.toMatchObject({
      driverError: { constraint: 'recalculation_line_immutable' },
    });
    await closePeriod(sut.db, '2026-04');
    await expect(
      sut.db.query(
        `INSERT INTO recalculation_lines (recalculation_id, account_id, posting_period, corrected_period, service_code, volume_delta, unit, amount_delta, formula, basis)
         VALUES ($1, $2, '2026-04-01', '2026-03-01', 'cold_water', 0, 'm3', 1, 'x', '{}')`,
        [doc.id, e.accounts[0]],
      ),
    ).rejects.toMatchObject({ driverError: { constraint: 'period_closed' } });
  });

  it('a billing re-run replacing the corrected charge line keeps the delta, its link set to null', async () => {
    await manual();
    await sut.db.query(`DELETE FROM charge_lines WHERE id = $1`, [line]);
    const rows = await sut.db.query(`SELECT charge_line_id, amount_delta::text FROM recalculation_lines`);
    expect(rows).toEqual([{ charge_line_id: null, amount_delta: '-5.00' }]);
  });

  it('two quality calculations at once post one reduction per account (building lock)', async () => {
    await sut.db.query(
      `INSERT INTO service_quality_incidents (building_id, service_code, kind, started_at, ended_at, dispatcher_request, created_by)
       VALUES ($1, 'cold_water', 'interruption', '2026-03-05T08:00:00+03:00', '2026-03-05T18:00:00+03:00', 'АДС-1', 'test')`,
      [e.building],
    );
    const svc = sut.app.get(QualityRecalculationService);
    const runs = await Promise.all(
      [0, 1].map(() => svc.create({ buildingId: e.building, period: '2026-03' }, maker)),
    );
    expect(runs.map((r) => r.length).sort()).toEqual([0, 2]);
    // 10 h at once: 6 h over the 4 h limit × 0.15 % = 0.9 %: 1000.00 → −9.00, 620.00 → −5.58
    const totals = await sut.db.query(
      `SELECT account_id::text, sum(amount_delta)::text AS amount FROM recalculation_lines GROUP BY 1 ORDER BY 1`,
    );
    expect(totals).toEqual([
      { account_id: e.accounts[0], amount: '-9.00' },
      { account_id: e.accounts[1], amount: '-5.58' },
    ]);
  });

  it('absences of one account may touch (return day = next departure day) but not overlap', async () => {
    const insert = (from: string, to: string) =>
      sut.db.query(
        `INSERT INTO absence_applications (account_id, departed_on, returned_on, persons, evidence, applied_on, created_by)
         VALUES ($1, $2, $3, 1, 'tickets', $3, 'test')`,
        [e.accounts[0], from, to],
      );
    await insert('2026-03-01', '2026-03-10');
    await insert('2026-03-10', '2026-03-20');
    await expect(insert('2026-03-18', '2026-03-28')).rejects.toMatchObject({
      driverError: { constraint: 'ex_absence_applications__overlap' },
    });
  });
});
