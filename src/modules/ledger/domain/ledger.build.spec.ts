import { emptyCell, LedgerCell } from 'src/modules/payments/domain/ledger-cell';
import { buildLedger, LedgerRow } from './ledger.build';

const cell = (
  period: string,
  serviceCode: string,
  sortOrder: number,
  v: Partial<LedgerCell>,
): LedgerCell => ({
  ...emptyCell(period, serviceCode, sortOrder),
  ...v,
});
/** A row compactly: [period, service, opening, charged, paid, advanceApplied, closing, penaltyOpening, penaltyClosing]. */
const compact = (r: LedgerRow) => [
  r.period,
  r.serviceCode,
  r.openingBalance,
  r.charged,
  r.paid,
  r.advanceApplied,
  r.closingBalance,
  r.penaltyOpening,
  r.penaltyClosing,
];

describe('buildLedger', () => {
  const cells = [
    cell('2025-02', 'heating', 60, { charged: '300.00', paidPrincipal: '100.00' }),
    cell('2025-01', 'heating', 60, { charged: '300.00', paidPrincipal: '300.00', importedPenalty: '5.00' }),
    cell('2025-01', 'cold_water', 10, { charged: '100.00', paidPrincipal: '40.00' }),
    cell('2025-03', 'cold_water', 10, { charged: '90.00', penaltyCharged: '1.50', paidPenalty: '0.50' }),
  ];

  it('carries each service’s closing balance into its next row, principal and penalty apart', () => {
    const l = buildLedger({ cells, advances: [], skipTimeBarred: false });
    expect([l.from, l.to]).toEqual(['2025-01', '2025-03']);
    expect(l.rows.map(compact)).toEqual([
      ['2025-01', 'cold_water', '0.00', '100.00', '40.00', '0.00', '60.00', '0.00', '0.00'],
      ['2025-01', 'heating', '0.00', '300.00', '300.00', '0.00', '0.00', '0.00', '5.00'],
      ['2025-02', 'heating', '0.00', '300.00', '100.00', '0.00', '200.00', '5.00', '5.00'],
      ['2025-03', 'cold_water', '60.00', '90.00', '0.00', '0.00', '150.00', '0.00', '1.00'],
    ]);
    expect([l.closingPrincipal, l.closingPenalty]).toEqual(['350.00', '6.00']);
  });

  it('limits rows to from..to while the opening and closing count every earlier period', () => {
    const l = buildLedger({ cells, advances: [], skipTimeBarred: false, from: '2025-02', to: '2025-02' });
    expect(l.rows.map(compact)).toEqual([
      ['2025-02', 'heating', '0.00', '300.00', '100.00', '0.00', '200.00', '5.00', '5.00'],
    ]);
    expect([l.closingPrincipal, l.closingPenalty]).toEqual(['260.00', '5.00']);
  });

  it('shows an outstanding advance applied oldest debt first, principal before penalty', () => {
    const l = buildLedger({
      cells,
      advances: [{ paymentId: '9', amount: '352.00', paidOn: '2025-01-10' }],
      skipTimeBarred: false,
    });
    expect(l.rows.map(compact)).toEqual([
      ['2025-01', 'cold_water', '0.00', '100.00', '100.00', '60.00', '0.00', '0.00', '0.00'],
      ['2025-01', 'heating', '0.00', '300.00', '300.00', '2.00', '0.00', '0.00', '3.00'],
      ['2025-02', 'heating', '0.00', '300.00', '300.00', '200.00', '0.00', '3.00', '3.00'],
      ['2025-03', 'cold_water', '0.00', '90.00', '90.00', '90.00', '0.00', '0.00', '1.00'],
    ]);
    expect(l.rows[1].penaltyPaid).toBe('2.00');
    expect(l.advance).toEqual({ outstanding: '352.00', appliedOnView: '352.00', remaining: '0.00' });
  });

  it('is empty for an account with nothing booked', () => {
    expect(buildLedger({ cells: [], advances: [], skipTimeBarred: false })).toEqual({
      from: null,
      to: null,
      rows: [],
      closingPrincipal: '0.00',
      closingPenalty: '0.00',
      advance: { outstanding: '0.00', appliedOnView: '0.00', remaining: '0.00' },
    });
  });
});
