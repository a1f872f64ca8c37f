import { planAllocations } from './allocation-plan.calc';
import { AllocationKind } from './allocation.types';
import { debtsOfCells, emptyCell } from './ledger-cell';

const P = AllocationKind.Principal;
const A = AllocationKind.Advance;

describe('planAllocations', () => {
  it('applies outstanding advances before the new payments, then the payments in order', () => {
    const rows = planAllocations({
      debts: [{ period: '2025-03', serviceCode: 'cold_water', kind: P, amount: '100.00', sortOrder: 10 }],
      advances: [{ paymentId: '1', amount: '30.00', paidOn: '2025-02-01' }],
      payments: [
        { paymentId: '2', amount: '50.00', period: null, paidOn: '2025-04-01' },
        { paymentId: '3', amount: '50.00', period: null, paidOn: '2025-04-02' },
      ],
      skipTimeBarred: false,
    });
    expect(rows.map((r) => [r.paymentId, r.period, r.kind, r.amount])).toEqual([
      ['1', null, A, '-30.00'],
      ['1', '2025-03', P, '30.00'],
      ['2', '2025-03', P, '50.00'],
      ['3', '2025-03', P, '20.00'],
      ['3', null, A, '30.00'],
    ]);
  });
});

describe('debtsOfCells', () => {
  it('owes charged + recalculated + imported − paid as principal, and accrued + imported − paid as penalty', () => {
    const cell = {
      ...emptyCell('2025-01', 'heating', 60),
      charged: '300.00',
      importedPrincipal: '20.00',
      paidPrincipal: '120.50',
      penaltyCharged: '3.10',
      importedPenalty: '1.00',
      paidPenalty: '0.10',
    };
    expect(debtsOfCells([cell])).toEqual([
      { period: '2025-01', serviceCode: 'heating', sortOrder: 60, kind: P, amount: '199.50' },
      {
        period: '2025-01',
        serviceCode: 'heating',
        sortOrder: 60,
        kind: AllocationKind.Penalty,
        amount: '4.00',
      },
    ]);
  });

  it('has no penalty cell when no penalty was ever booked, and no principal cell for a period-wide penalty', () => {
    expect(debtsOfCells([{ ...emptyCell('2025-01', 'heating', 60), charged: '1.00' }])).toHaveLength(1);
    expect(
      debtsOfCells([{ ...emptyCell('2025-01', null, 32767), penaltyCharged: '2.00' }]).map((d) => [
        d.kind,
        d.amount,
      ]),
    ).toEqual([[AllocationKind.Penalty, '2.00']]);
  });
});
