import { Principal, Role } from '../../src/common/auth/roles';
import { LedgerService } from '../../src/modules/ledger/ledger.service';
import { PaymentChannel } from '../../src/modules/payments/dto/payment.dto';
import { PaymentsService } from '../../src/modules/payments/payments.service';
import { aCharges, anEstateAccount, anOpeningBalance } from '../factories/money';
import { createTestApp, TestApp } from '../utils/create-test-app';

/** The account ledger and the turnover sheet over real charges, balances and payments, to the kopeck. */
describe('ledger and turnover (integration)', () => {
  let sut: TestApp;
  let ledger: LedgerService;
  let payments: PaymentsService;
  let acc: { accountId: string; buildingId: string; organisationId: string; number: string };
  const by: Principal = { kind: 'user', id: '1', name: 'Тест', role: Role.Specialist, scopes: [] };
  let keys = 0;

  beforeAll(async () => {
    sut = await createTestApp();
    ledger = sut.app.get(LedgerService);
    payments = sut.app.get(PaymentsService);
  });
  afterAll(async () => {
    await sut.close();
  });

  const pay = (accountId: string, amount: string, paidOn: string, period?: string) =>
    payments.create({ accountId, amount, paidOn, channel: PaymentChannel.Bank, period }, `k${++keys}`, by);

  /**
   * Debt brought over for December 2024 (heating 200.00 and 10.00 penalty), charges for January and
   * February, 300.00 paid on 5 February (no period) and 100.00 on 5 March naming February.
   */
  async function history(): Promise<void> {
    await sut.reset();
    acc = await anEstateAccount(sut.db);
    const a = acc.accountId;
    await anOpeningBalance(sut.db, {
      account_id: a,
      period: '2024-12',
      service_code: 'heating',
      amount: '200.00',
    });
    await anOpeningBalance(sut.db, {
      account_id: a,
      period: '2024-12',
      service_code: 'heating',
      amount: '10.00',
      kind: 'penalty',
    });
    await aCharges(sut.db, a, '2025-01', { cold_water: '100.00', heating: '300.00' });
    await aCharges(sut.db, a, '2025-02', { cold_water: '80.00', heating: '300.00' });
    await pay(a, '300.00', '2025-02-05');
    await pay(a, '100.00', '2025-03-05', '2025-02');
  }

  const row = (period: string, serviceCode: string, v: Record<string, string>) => ({
    period,
    serviceCode,
    openingBalance: '0.00',
    imported: '0.00',
    charged: '0.00',
    recalculated: '0.00',
    paid: '0.00',
    advanceApplied: '0.00',
    closingBalance: '0.00',
    penaltyOpening: '0.00',
    penaltyImported: '0.00',
    penaltyCharged: '0.00',
    penaltyPaid: '0.00',
    penaltyClosing: '0.00',
    ...v,
  });

  describe('account ledger', () => {
    beforeAll(history);

    it('shows every period and service with running balances, principal and penalty apart', async () => {
      expect(await ledger.ledger(acc.accountId, {})).toEqual({
        accountId: acc.accountId,
        from: '2024-12',
        to: '2025-02',
        rows: [
          row('2024-12', 'heating', {
            imported: '200.00',
            paid: '200.00',
            penaltyImported: '10.00',
            penaltyClosing: '10.00',
          }),
          row('2025-01', 'cold_water', { charged: '100.00', paid: '25.00', closingBalance: '75.00' }),
          row('2025-01', 'heating', {
            charged: '300.00',
            paid: '75.00',
            closingBalance: '225.00',
            penaltyOpening: '10.00',
            penaltyClosing: '10.00',
          }),
          row('2025-02', 'cold_water', {
            openingBalance: '75.00',
            charged: '80.00',
            paid: '21.05',
            closingBalance: '133.95',
          }),
          row('2025-02', 'heating', {
            openingBalance: '225.00',
            charged: '300.00',
            paid: '78.95',
            closingBalance: '446.05',
            penaltyOpening: '10.00',
            penaltyClosing: '10.00',
          }),
        ],
        closingPrincipal: '580.00',
        closingPenalty: '10.00',
        advance: { outstanding: '0.00', appliedOnView: '0.00', remaining: '0.00' },
      });
    });

    it('limits the rows to from..to and closes at `to`', async () => {
      const l = await ledger.ledger(acc.accountId, { from: '2025-01', to: '2025-01' });
      expect(l.rows.map((r) => [r.period, r.serviceCode, r.openingBalance, r.closingBalance])).toEqual([
        ['2025-01', 'cold_water', '0.00', '75.00'],
        ['2025-01', 'heating', '0.00', '225.00'],
      ]);
      expect([l.closingPrincipal, l.closingPenalty]).toEqual(['300.00', '10.00']);
    });

    it('refuses from after to (400) and an unknown account (404)', async () => {
      await expect(ledger.ledger(acc.accountId, { from: '2025-02', to: '2025-01' })).rejects.toMatchObject({
        code: 'LEDGER_RANGE_INVALID',
      });
      await expect(ledger.ledger('999999999', {})).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
    });
  });

  it('shows an outstanding advance applied to later charges, exactly as the next write stores it', async () => {
    await sut.reset();
    const { accountId } = await anEstateAccount(sut.db);
    await pay(accountId, '500.00', '2025-02-05');
    await aCharges(sut.db, accountId, '2025-03', { cold_water: '90.00', heating: '300.00' });
    const view = await ledger.ledger(accountId, {});
    expect(view.rows).toEqual([
      row('2025-03', 'cold_water', { charged: '90.00', paid: '90.00', advanceApplied: '90.00' }),
      row('2025-03', 'heating', { charged: '300.00', paid: '300.00', advanceApplied: '300.00' }),
    ]);
    expect(view.advance).toEqual({ outstanding: '500.00', appliedOnView: '390.00', remaining: '110.00' });
    await pay(accountId, '0.01', '2025-04-01');
    const stored = await ledger.ledger(accountId, {});
    expect(stored.rows).toEqual(view.rows.map((r) => ({ ...r, advanceApplied: '0.00' })));
    expect(stored.advance).toEqual({ outstanding: '110.01', appliedOnView: '0.00', remaining: '110.01' });
  });

  describe('turnover sheet', () => {
    let other: { accountId: string; number: string };
    let idle: { accountId: string; number: string };

    beforeAll(async () => {
      await history();
      idle = await anEstateAccount(sut.db, { building_id: acc.buildingId });
      const closed = await anEstateAccount(sut.db, { building_id: acc.buildingId });
      await sut.db.query(`UPDATE accounts SET closed_on = '2024-12-31' WHERE id = $1`, [closed.accountId]);
      other = await anEstateAccount(sut.db, { organisation_id: acc.organisationId });
      await aCharges(sut.db, other.accountId, '2025-02', { maintenance: '50.00' });
    });

    const zero = {
      openingDebt: '0.00',
      imported: '0.00',
      charged: '0.00',
      recalculated: '0.00',
      paid: '0.00',
      closingDebt: '0.00',
    };

    it('per account of a building: opening debt, charged, paid by payment date, closing debt; totals', async () => {
      const t = await ledger.turnover({ period: '2025-02', buildingId: acc.buildingId });
      const rows = [
        {
          accountId: acc.accountId,
          accountNumber: acc.number,
          openingDebt: '610.00',
          imported: '0.00',
          charged: '380.00',
          recalculated: '0.00',
          paid: '300.00',
          closingDebt: '690.00',
        },
        { accountId: idle.accountId, accountNumber: idle.number, ...zero },
      ];
      expect(t.rows.map(({ buildingId: _b, premisesNumber: _p, ...r }) => r)).toEqual(rows);
      expect(t.totals).toEqual({
        ...zero,
        openingDebt: '610.00',
        charged: '380.00',
        paid: '300.00',
        closingDebt: '690.00',
      });
    });

    it('covers every building of an organisation, and the next period opens at this one’s close', async () => {
      const t = await ledger.turnover({ period: '2025-02', organisationId: acc.organisationId });
      expect(t.rows.map((r) => r.accountId).sort()).toEqual(
        [acc.accountId, idle.accountId, other.accountId].sort(),
      );
      expect(t.totals).toMatchObject({ charged: '430.00', closingDebt: '740.00' });
      const march = await ledger.turnover({ period: '2025-03', organisationId: acc.organisationId });
      expect(march.totals).toMatchObject({ openingDebt: '740.00', paid: '100.00', closingDebt: '640.00' });
    });

    it('writes CSV with ";" and a decimal point, and a total line', async () => {
      const t = await ledger.turnover({ period: '2025-02', buildingId: acc.buildingId });
      const lines = ledger
        .turnoverCsv(t)
        .replace(/^\uFEFF/, '')
        .split('\r\n');
      expect(lines[0]).toBe(
        'account_id;account_number;building_id;premises;opening_debt;imported;charged;recalculated;paid;closing_debt',
      );
      expect(lines[1]).toBe(
        `${acc.accountId};${acc.number};${acc.buildingId};${t.rows[0].premisesNumber};610.00;0.00;380.00;0.00;300.00;690.00`,
      );
      expect(lines[3]).toBe('total;;;;610.00;0.00;380.00;0.00;300.00;690.00');
    });

    it('needs exactly one scope', async () => {
      await expect(ledger.turnover({ period: '2025-02' })).rejects.toMatchObject({
        code: 'TURNOVER_SCOPE_REQUIRED',
      });
      await expect(
        ledger.turnover({
          period: '2025-02',
          buildingId: acc.buildingId,
          organisationId: acc.organisationId,
        }),
      ).rejects.toMatchObject({ code: 'TURNOVER_SCOPE_REQUIRED' });
    });
  });
});
