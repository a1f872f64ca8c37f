import { shippedPenaltyRules } from '../../../../test/factories/penalty-rules';
import { buildAccountPenaltyInput, lastOverduePeriod } from './account-inputs.build';
import { accrualChanges } from './accrual-changes.calc';
import { accruePenalty } from './penalty.calc';

const rules = shippedPenaltyRules();
const { dueRules, calendar } = rules;

describe('lastOverduePeriod', () => {
  it.each<[string, string, string]>([
    ['the day after a due date: that period', '2025-02-11', '2025-01'],
    ['on the due date itself: the period before', '2025-02-10', '2024-12'],
    ['a due date moved by the New Year holidays (10.01.2026 → 12.01.2026)', '2026-01-12', '2025-11'],
    ['the day after the moved date', '2026-01-13', '2025-12'],
    ['the 2026 switch: March 2026 charges due 15.04.2026', '2026-04-15', '2026-02'],
  ])('%s (asOf %s → %s)', (_name, asOf, expected) => {
    expect(lastOverduePeriod({ asOf, dueRules, calendar })).toBe(expected);
  });
});

describe('buildAccountPenaltyInput', () => {
  it('keeps only debts due before asOf, with due dates from the rules, and payments naming them', () => {
    const input = buildAccountPenaltyInput({
      debts: [
        { period: '2025-02', amount: '500.00' },
        { period: '2024-12', amount: '1000.00' },
      ],
      payments: [
        { paymentId: '1', paidOn: '2025-01-05', period: '2024-12', amount: '100.00' },
        { paymentId: '2', paidOn: '2025-03-01', period: '2025-02', amount: '500.00' },
        { paymentId: '3', paidOn: '2025-03-20', period: '2024-12', amount: '50.00' },
      ],
      asOf: '2025-03-10',
      dueRules,
      calendar,
    });
    expect(input).toEqual({
      debts: [{ period: '2024-12', amount: '1000.00', dueDate: '2025-01-10' }],
      payments: [{ date: '2025-01-05', amount: '100.00', period: '2024-12' }],
    });
  });
});

describe('buildAccountPenaltyInput with recalculation deltas', () => {
  const base = { payments: [], asOf: '2025-03-31', dueRules, calendar };
  const debts = [{ period: '2024-12', amount: '10000.00' }];

  it('a delta posted by the due date joins the debt; one posted after asOf is not there yet', () => {
    const input = buildAccountPenaltyInput({
      ...base,
      debts,
      deltas: [
        { period: '2024-12', postedOn: '2025-01-10', amount: '-4000.00' },
        { period: '2024-12', postedOn: '2025-04-01', amount: '-5000.00' },
      ],
    });
    expect(input).toEqual({
      debts: [{ period: '2024-12', amount: '6000.00', dueDate: '2025-01-10' }],
      payments: [],
    });
  });

  it('after the due date: a charge is a debt due on its posting day, a credit ends debt like a payment naming the period', () => {
    const input = buildAccountPenaltyInput({
      ...base,
      debts,
      deltas: [
        { period: '2024-12', postedOn: '2025-02-20', amount: '3000.00' },
        { period: '2024-12', postedOn: '2025-03-01', amount: '-500.00' },
      ],
    });
    expect(input).toEqual({
      debts: [
        { period: '2024-12', amount: '10000.00', dueDate: '2025-01-10' },
        { period: '2024-12', amount: '3000.00', dueDate: '2025-02-20' },
      ],
      payments: [{ date: '2025-03-01', amount: '500.00', period: '2024-12' }],
    });
  });

  it('a period whose charges a credit cancels before its due date carries no debt', () => {
    const input = buildAccountPenaltyInput({
      ...base,
      debts,
      deltas: [{ period: '2024-12', postedOn: '2024-12-20', amount: '-10000.00' }],
    });
    expect(input.debts).toEqual([]);
  });
});

describe('accrualChanges', () => {
  const debts = [{ period: '2024-12', amount: '10000.00', dueDate: '2025-01-10' }];
  const result = accruePenalty({ debts, payments: [], asOf: '2025-03-12', rules });

  it('stores the total to date with the increment over the previous total (a missed night caught up)', () => {
    const changes = accrualChanges({ result, previous: new Map([['2024-12', '91.83']]) });
    expect(changes).toEqual([{ period: '2024-12', amount: '98.17', increment: '6.34', rows: result.rows }]);
  });

  it('sums two debts of one period (a charge posted after the due date) into one total', () => {
    const two = accruePenalty({
      debts: [...debts, { period: '2024-12', amount: '3000.00', dueDate: '2025-02-20' }],
      payments: [],
      asOf: '2025-03-31',
      rules,
    });
    expect(accrualChanges({ result: two, previous: new Map() })).toEqual([
      { period: '2024-12', amount: '166.88', increment: '166.88', rows: two.rows },
    ]);
  });

  it('writes nothing when the total did not change', () => {
    expect(accrualChanges({ result, previous: new Map([['2024-12', '98.17']]) })).toEqual([]);
  });

  it('a first total counts from zero; a zero total with no history writes nothing', () => {
    expect(accrualChanges({ result, previous: new Map() })[0].increment).toBe('98.17');
    const free = accruePenalty({ debts, payments: [], asOf: '2025-02-09', rules });
    expect(accrualChanges({ result: free, previous: new Map() })).toEqual([]);
  });

  it('a debt gone from the books goes back to zero', () => {
    const none = accruePenalty({ debts: [], payments: [], asOf: '2025-03-12', rules });
    expect(accrualChanges({ result: none, previous: new Map([['2024-11', '12.00']]) })).toEqual([
      { period: '2024-11', amount: '0.00', increment: '-12.00', rows: [] },
    ]);
  });
});
