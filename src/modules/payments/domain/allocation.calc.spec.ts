import { dec } from 'src/shared/money';
import { allocatePayment, settleAdvances, splitProRata } from './allocation.calc';
import { AllocationKind, AllocationLine, DebtCell, DebtKind } from './allocation.types';
import { isTimeBarred, statutoryDueDate } from './limitation.rules';

const SORT: Record<string, number> = { cold_water: 10, hot_water: 20, heating: 60 };
const P: DebtKind = AllocationKind.Principal;
const N: DebtKind = AllocationKind.Penalty;

/** A cell: "2025-01 cold_water 100.00" (kind principal unless given). */
function cell(period: string, serviceCode: string, amount: string, kind = P): DebtCell {
  return { period, serviceCode, kind, amount, sortOrder: SORT[serviceCode] };
}
/** An allocation row written compactly: [period, service, kind, amount]; advance rows have nulls. */
type Row = [string | null, string | null, AllocationKind, string];
const rows = (lines: AllocationLine[]): Row[] =>
  lines.map((l) => [l.period, l.serviceCode, l.kind, l.amount]);
const adv = (amount: string): Row => [null, null, AllocationKind.Advance, amount];

describe('allocatePayment', () => {
  const cases: [
    string,
    { amount: string; period?: string; paidOn?: string; skip?: boolean },
    DebtCell[],
    Row[],
  ][] = [
    [
      'no period named: the oldest period first',
      { amount: '120.00' },
      [cell('2025-02', 'cold_water', '50.00'), cell('2025-01', 'cold_water', '100.00')],
      [
        ['2025-01', 'cold_water', P, '100.00'],
        ['2025-02', 'cold_water', P, '20.00'],
      ],
    ],
    [
      'exact payoff leaves no advance',
      { amount: '150.00' },
      [cell('2025-01', 'cold_water', '100.00'), cell('2025-02', 'cold_water', '50.00')],
      [
        ['2025-01', 'cold_water', P, '100.00'],
        ['2025-02', 'cold_water', P, '50.00'],
      ],
    ],
    [
      'a remainder becomes an advance',
      { amount: '150.55' },
      [cell('2025-01', 'cold_water', '100.00')],
      [['2025-01', 'cold_water', P, '100.00'], adv('50.55')],
    ],
    ['no debt: all advance', { amount: '10.00' }, [], [adv('10.00')]],
    [
      'a named period is paid even when an older debt is open',
      { amount: '80.00', period: '2025-03' },
      [cell('2025-01', 'cold_water', '100.00'), cell('2025-03', 'cold_water', '80.00')],
      [['2025-03', 'cold_water', P, '80.00']],
    ],
    [
      'the excess over a named period follows the oldest-first rule',
      { amount: '100.00', period: '2025-03' },
      [cell('2025-01', 'cold_water', '100.00'), cell('2025-03', 'cold_water', '80.00')],
      [
        ['2025-03', 'cold_water', P, '80.00'],
        ['2025-01', 'cold_water', P, '20.00'],
      ],
    ],
    [
      'a named period without debt: oldest first',
      { amount: '30.00', period: '2025-06' },
      [cell('2025-01', 'cold_water', '100.00')],
      [['2025-01', 'cold_water', P, '30.00']],
    ],
    [
      'all principal before any penalty, even an older penalty',
      { amount: '55.00' },
      [cell('2025-01', 'cold_water', '10.00', N), cell('2025-02', 'cold_water', '50.00')],
      [
        ['2025-02', 'cold_water', P, '50.00'],
        ['2025-01', 'cold_water', N, '5.00'],
      ],
    ],
    [
      'a named period: its principal, then its penalty, then the oldest debt',
      { amount: '60.00', period: '2025-02' },
      [
        cell('2025-01', 'cold_water', '100.00'),
        cell('2025-02', 'cold_water', '5.00', N),
        cell('2025-02', 'cold_water', '50.00'),
      ],
      [
        ['2025-02', 'cold_water', P, '50.00'],
        ['2025-02', 'cold_water', N, '5.00'],
        ['2025-01', 'cold_water', P, '5.00'],
      ],
    ],
    [
      'services of a period pro rata; the odd kopeck to the largest remainder',
      { amount: '100.00' },
      [
        cell('2025-03', 'heating', '300.00'),
        cell('2025-03', 'cold_water', '100.00'),
        cell('2025-03', 'hot_water', '200.00'),
      ],
      [
        ['2025-03', 'cold_water', P, '16.67'],
        ['2025-03', 'hot_water', P, '33.33'],
        ['2025-03', 'heating', P, '50.00'],
      ],
    ],
    [
      'equal remainders: the kopeck goes by service sort order',
      { amount: '10.00' },
      [
        cell('2025-03', 'heating', '10.00'),
        cell('2025-03', 'hot_water', '10.00'),
        cell('2025-03', 'cold_water', '10.00'),
      ],
      [
        ['2025-03', 'cold_water', P, '3.34'],
        ['2025-03', 'hot_water', P, '3.33'],
        ['2025-03', 'heating', P, '3.33'],
      ],
    ],
    [
      'an overpaid cell (negative) takes nothing',
      { amount: '30.00' },
      [cell('2025-01', 'cold_water', '-20.00'), cell('2025-02', 'cold_water', '30.00')],
      [['2025-02', 'cold_water', P, '30.00']],
    ],
    [
      'limitation switch on: a time-barred period is skipped',
      { amount: '150.00', paidOn: '2025-06-01', skip: true },
      [cell('2022-03', 'cold_water', '100.00'), cell('2022-05', 'cold_water', '100.00')],
      [['2022-05', 'cold_water', P, '100.00'], adv('50.00')],
    ],
    [
      'limitation switch off: the oldest period first',
      { amount: '150.00', paidOn: '2025-06-01', skip: false },
      [cell('2022-03', 'cold_water', '100.00'), cell('2022-05', 'cold_water', '100.00')],
      [
        ['2022-03', 'cold_water', P, '100.00'],
        ['2022-05', 'cold_water', P, '50.00'],
      ],
    ],
    [
      'limitation switch on: a named time-barred period is still paid',
      { amount: '40.00', period: '2022-03', paidOn: '2025-06-01', skip: true },
      [cell('2022-03', 'cold_water', '100.00')],
      [['2022-03', 'cold_water', P, '40.00']],
    ],
  ];

  it.each(cases)('%s', (_name, pay, debts, expected) => {
    const result = allocatePayment({
      amount: pay.amount,
      period: pay.period ?? null,
      paidOn: pay.paidOn ?? '2025-04-20',
      debts,
      skipTimeBarred: pay.skip ?? false,
    });
    expect(rows(result.lines)).toEqual(expected);
    const total = result.lines.reduce((acc, l) => acc.plus(l.amount), dec(0));
    expect(total.toFixed(2)).toBe(pay.amount);
  });

  it('returns the cells after the payment', () => {
    const result = allocatePayment({
      amount: '120.00',
      period: null,
      paidOn: '2025-04-20',
      debts: [cell('2025-01', 'cold_water', '100.00'), cell('2025-02', 'cold_water', '50.00')],
      skipTimeBarred: false,
    });
    expect(result.debts.map((d) => d.amount)).toEqual(['0.00', '30.00']);
  });
});

describe('settleAdvances', () => {
  it('applies an advance to later debts pro rata, booked as -advance and +principal on its payment', () => {
    const result = settleAdvances({
      advances: [{ paymentId: '7', amount: '50.00', paidOn: '2025-03-20' }],
      debts: [cell('2025-04', 'cold_water', '30.00'), cell('2025-04', 'hot_water', '30.00')],
      skipTimeBarred: false,
    });
    expect(result.settlements.map((s) => [s.paymentId, rows(s.lines)])).toEqual([
      ['7', [adv('-50.00'), ['2025-04', 'cold_water', P, '25.00'], ['2025-04', 'hot_water', P, '25.00']]],
    ]);
    expect(result.debts.map((d) => d.amount)).toEqual(['5.00', '5.00']);
  });

  it('applies the oldest advance first and leaves the rest outstanding', () => {
    const result = settleAdvances({
      advances: [
        { paymentId: '1', amount: '20.00', paidOn: '2025-01-05' },
        { paymentId: '2', amount: '50.00', paidOn: '2025-02-05' },
      ],
      debts: [cell('2025-04', 'cold_water', '60.00')],
      skipTimeBarred: false,
    });
    expect(result.settlements.map((s) => [s.paymentId, rows(s.lines)])).toEqual([
      ['1', [adv('-20.00'), ['2025-04', 'cold_water', P, '20.00']]],
      ['2', [adv('-40.00'), ['2025-04', 'cold_water', P, '40.00']]],
    ]);
  });

  it('settles nothing when nothing is owed', () => {
    const result = settleAdvances({
      advances: [{ paymentId: '1', amount: '20.00', paidOn: '2025-01-05' }],
      debts: [cell('2025-04', 'cold_water', '0.00')],
      skipTimeBarred: false,
    });
    expect(result.settlements).toEqual([]);
  });
});

describe('splitProRata', () => {
  it.each<[string, string[], string[]]>([
    ['100.00', ['100.00', '200.00', '300.00'], ['16.67', '33.33', '50.00']],
    ['10.00', ['10.00', '10.00', '10.00'], ['3.34', '3.33', '3.33']],
    ['0.01', ['1.00', '1.00'], ['0.01', '0.00']],
    ['0.02', ['1.00', '1.00', '1.00'], ['0.01', '0.01', '0.00']],
    ['1.00', ['0.01', '99.99'], ['0.00', '1.00']],
  ])('%s over %j → %j', (amount, weights, expected) => {
    expect(
      splitProRata(
        dec(amount),
        weights.map((w) => dec(w)),
      ).map((s) => s.toFixed(2)),
    ).toEqual(expected);
  });
});

describe('limitation', () => {
  it.each<[string, string]>([
    ['2022-03', '2022-04-10'],
    ['2026-02', '2026-03-10'],
    ['2026-03', '2026-04-15'],
    ['2026-12', '2027-01-15'],
  ])('charges of %s fall due on %s', (period, due) => expect(statutoryDueDate(period)).toBe(due));

  it.each<[string, string, boolean]>([
    ['2022-03', '2025-04-10', false],
    ['2022-03', '2025-04-11', true],
    ['2026-03', '2029-04-15', false],
    ['2026-03', '2029-04-16', true],
  ])('%s on %s time-barred: %s', (period, on, barred) => expect(isTimeBarred({ period, on })).toBe(barred));
});
