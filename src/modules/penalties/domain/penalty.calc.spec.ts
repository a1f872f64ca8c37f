import { shippedPenaltyRules } from '../../../../test/factories/penalty-rules';
import { dec } from 'src/shared/money';
import { dueDateOf } from './due-date.calc';
import { accruePenalty } from './penalty.calc';
import { MoratoriumScope, PenaltyRules } from './penalty-rules.types';
import { AccruePenaltyParams, PenaltyDebt, PenaltyPayment } from './penalty.types';
import { penaltyRowAmount } from './penalty-row.format';

const rules = shippedPenaltyRules();
const debt = (period: string, amount: string, dueDate: string): PenaltyDebt => ({ period, amount, dueDate });
const due = (period: string) => dueDateOf({ period, dueRules: rules.dueRules, calendar: rules.calendar });

function run(o: Partial<AccruePenaltyParams> & { asOf: string }, r: PenaltyRules = rules) {
  return accruePenalty({ debts: [], payments: [], rules: r, ...o });
}
/** Rows as "period from..to formula = amount" lines: exact, and readable when a case fails. */
const lines = (res: ReturnType<typeof run>) =>
  res.rows.map((r) => `${r.period} ${r.from}..${r.to} ${r.formula} = ${r.amount}`);

// December 2024 charges, due Friday 10.01.2025: day 30 = 09.02, day 31 = 10.02, day 90 = 10.04, day 91 = 11.04.
const DEC_2024 = debt('2024-12', '1000.00', '2025-01-10');

describe('accruePenalty', () => {
  describe('delay-day fractions (ЖК РФ ст. 155 ч. 14)', () => {
    it.each<[string, string, string[], string]>([
      ['day 30: still free', '2025-02-09', [], '0.00'],
      [
        'day 31: the first charged day at 1/300',
        '2025-02-10',
        ['2024-12 2025-02-10..2025-02-10 1 000.00 × 1 × 1/300 × 9.5 % = 0.32'],
        '0.32',
      ],
      [
        'day 90: the last day at 1/300',
        '2025-04-10',
        ['2024-12 2025-02-10..2025-04-10 1 000.00 × 60 × 1/300 × 9.5 % = 19.00'],
        '19.00',
      ],
      [
        'day 91: 1/130 from here',
        '2025-04-11',
        [
          '2024-12 2025-02-10..2025-04-10 1 000.00 × 60 × 1/300 × 9.5 % = 19.00',
          '2024-12 2025-04-11..2025-04-11 1 000.00 × 1 × 1/130 × 9.5 % = 0.73',
        ],
        '19.73',
      ],
    ])('%s (asOf %s)', (_name, asOf, expected, total) => {
      const res = run({ debts: [DEC_2024], asOf });
      expect(lines(res)).toEqual(expected);
      expect(res.total).toBe(total);
    });

    it('RULES.md public example: 10 000.00 over 60 days at 1/300 of 9.5 % = 190.00', () => {
      const res = run({ debts: [debt('2024-12', '10000.00', '2025-01-10')], asOf: '2025-04-10' });
      expect(res.rows).toEqual([
        {
          period: '2024-12',
          balance: '10000.00',
          from: '2025-02-10',
          to: '2025-04-10',
          days: 60,
          fraction: '1/300',
          ratePercent: '9.5',
          formula: '10 000.00 × 60 × 1/300 × 9.5 %',
          amount: '190.00',
        },
      ]);
      expect(res.total).toBe('190.00');
    });

    it.each([
      ['1/300 of 9.5 % a day ≈ 11.56 % a year', 300, '11.56'],
      ['1/130 of 9.5 % a day ≈ 26.67 % a year', 130, '26.67'],
    ])('RULES.md: %s', (_name, denominator, perHundred) => {
      const amount = penaltyRowAmount({
        balance: dec('100.00'),
        days: 365,
        denominator,
        ratePercent: dec('9.5'),
      });
      expect(amount.toFixed(2)).toBe(perHundred);
    });
  });

  describe('due date on a holiday', () => {
    it('counts delay day 1 from the moved due date (10.01.2026 Sat → 12.01.2026)', () => {
      const d = debt('2025-12', '1000.00', due('2025-12'));
      expect(d.dueDate).toBe('2026-01-12');
      // Day 30 is 11.02 (free); from the nominal 10.01 it would already be day 32.
      expect(run({ debts: [d], asOf: '2026-02-11' }).total).toBe('0.00');
      expect(lines(run({ debts: [d], asOf: '2026-02-12' }))).toEqual([
        '2025-12 2026-02-12..2026-02-12 1 000.00 × 1 × 1/300 × 9.5 % = 0.32',
      ]);
    });

    it('the 2026 change: February 2026 charges from 10.03, March 2026 charges only from 15.04', () => {
      const res = run({
        debts: [debt('2026-02', '1000.00', due('2026-02')), debt('2026-03', '1000.00', due('2026-03'))],
        asOf: '2026-05-15',
      });
      // March 2026 charges: 15.05 is day 30, still free (with the old 10th it would be day 35).
      expect(lines(res)).toEqual(['2026-02 2026-04-10..2026-05-15 1 000.00 × 36 × 1/300 × 9.5 % = 11.40']);
      expect(res.debts.map((d) => d.dueDate)).toEqual(['2026-03-10', '2026-04-15']);
    });
  });

  describe('moratoria: days not charged, the delay counter runs on', () => {
    // December 2021 charges due 10.01.2022: day 31 = 10.02.2022; moratorium 01.04–01.10.2022.
    const DEC_2021 = debt('2021-12', '1000.00', '2022-01-10');
    it.each<[string, string, string[], string]>([
      [
        'the day before',
        '2022-03-31',
        ['2021-12 2022-02-10..2022-03-31 1 000.00 × 50 × 1/300 × 9.5 % = 15.83'],
        '15.83',
      ],
      [
        'first day 01.04.2022 not charged',
        '2022-04-01',
        ['2021-12 2022-02-10..2022-03-31 1 000.00 × 50 × 1/300 × 9.5 % = 15.83'],
        '15.83',
      ],
      // Paid on the last day: the rate is taken on 01.10.2022 (decree 1681: min(9.5, 7.5)).
      [
        'last day 01.10.2022 not charged',
        '2022-10-01',
        ['2021-12 2022-02-10..2022-03-31 1 000.00 × 50 × 1/300 × 7.5 % = 12.50'],
        '12.50',
      ],
      [
        'the day after: delay day 265, straight into 1/130',
        '2022-10-02',
        [
          '2021-12 2022-02-10..2022-03-31 1 000.00 × 50 × 1/300 × 7.5 % = 12.50',
          '2021-12 2022-10-02..2022-10-02 1 000.00 × 1 × 1/130 × 7.5 % = 0.58',
        ],
        '13.08',
      ],
    ])('2022: %s (asOf %s)', (_name, asOf, expected, total) => {
      const res = run({ debts: [DEC_2021], asOf });
      expect(lines(res)).toEqual(expected);
      expect(res.total).toBe(total);
    });

    it('2020: 31.12.2020 is the last moratorium day, 01.01.2021 is charged', () => {
      const d = debt('2020-01', '1000.00', '2020-02-10');
      expect(run({ debts: [d], asOf: '2020-12-31' }).total).toBe('3.54');
      expect(lines(run({ debts: [d], asOf: '2021-01-01' }))).toEqual([
        '2020-01 2020-03-12..2020-04-05 1 000.00 × 25 × 1/300 × 4.25 % = 3.54',
        '2020-01 2021-01-01..2021-01-01 1 000.00 × 1 × 1/130 × 4.25 % = 0.33',
      ]);
    });

    it('scope "debts arisen before start" spares only debts of periods ended before the moratorium', () => {
      const r = {
        ...rules,
        moratoria: rules.moratoria.map((m) => ({ ...m, scope: MoratoriumScope.DebtsArisenBeforeStart })),
      };
      const res = run(
        {
          debts: [debt('2022-03', '1000.00', due('2022-03')), debt('2022-04', '1000.00', due('2022-04'))],
          asOf: '2022-07-10',
        },
        r,
      );
      expect(lines(res)).toEqual(['2022-04 2022-06-11..2022-07-10 1 000.00 × 30 × 1/300 × 9.5 % = 9.50']);
    });

    it('a caller-given moratorium list replaces the default', () => {
      const res = run(
        { debts: [debt('2021-12', '1000.00', '2022-01-10')], asOf: '2022-04-01' },
        { ...rules, moratoria: [] },
      );
      expect(res.total).toBe('16.15'); // 51 days: 01.04.2022 is charged now
    });
  });

  describe('payments and rates', () => {
    // October 2021 charges due 10.11.2021: day 31 = 11.12.2021, day 91 = 09.02.2022.
    const OCT_2021 = debt('2021-10', '1000.00', '2021-11-10');

    it('partial payment: each portion takes the rate of its own payment day; the rest the asOf rate (cap start 28.02.2022)', () => {
      const res = run({
        debts: [OCT_2021],
        payments: [{ date: '2022-02-11', amount: '300.00' }],
        asOf: '2022-02-28',
      });
      expect(lines(res)).toEqual([
        '2021-10 2021-12-11..2022-02-08 300.00 × 60 × 1/300 × 8.5 % = 5.10',
        '2021-10 2021-12-11..2022-02-08 700.00 × 60 × 1/300 × 9.5 % = 13.30',
        '2021-10 2022-02-09..2022-02-11 300.00 × 3 × 1/130 × 8.5 % = 0.59',
        '2021-10 2022-02-09..2022-02-28 700.00 × 20 × 1/130 × 9.5 % = 10.23',
      ]);
      expect(res.total).toBe('29.22');
      expect(res.debts).toEqual([
        { period: '2021-10', dueDate: '2021-11-10', amount: '1000.00', paid: '300.00', penalty: '29.22' },
      ]);
    });

    it('rateOverride: one rate for every row, portions merge into one balance', () => {
      const res = run({
        debts: [OCT_2021],
        payments: [{ date: '2022-02-11', amount: '300.00' }],
        asOf: '2022-02-28',
        rateOverride: '7.5',
      });
      expect(lines(res)).toEqual([
        '2021-10 2021-12-11..2022-02-08 1 000.00 × 60 × 1/300 × 7.5 % = 15.00',
        '2021-10 2022-02-09..2022-02-11 1 000.00 × 3 × 1/130 × 7.5 % = 1.73',
        '2021-10 2022-02-12..2022-02-28 700.00 × 17 × 1/130 × 7.5 % = 6.87',
      ]);
      expect(res.total).toBe('23.60');
    });

    it('the payment day still carries the balance before the payment', () => {
      const res = run({
        debts: [DEC_2024],
        payments: [{ date: '2025-02-10', amount: '1000.00' }],
        asOf: '2025-06-30',
      });
      expect(lines(res)).toEqual(['2024-12 2025-02-10..2025-02-10 1 000.00 × 1 × 1/300 × 9.5 % = 0.32']);
    });

    it('cap end: the unpaid rest at 9.5 % on 31.12.2026, at the 15.5 % key rate on 01.01.2027', () => {
      const d = debt('2026-01', '1000.00', due('2026-01'));
      expect(lines(run({ debts: [d], asOf: '2026-12-31' }))).toEqual([
        '2026-01 2026-03-13..2026-05-11 1 000.00 × 60 × 1/300 × 9.5 % = 19.00',
        '2026-01 2026-05-12..2026-12-31 1 000.00 × 234 × 1/130 × 9.5 % = 171.00',
      ]);
      const after = run({ debts: [d], asOf: '2027-01-01' });
      expect(lines(after)).toEqual([
        '2026-01 2026-03-13..2026-05-11 1 000.00 × 60 × 1/300 × 15.5 % = 31.00',
        '2026-01 2026-05-12..2027-01-01 1 000.00 × 235 × 1/130 × 15.5 % = 280.19',
      ]);
      expect(after.total).toBe('311.19');
    });

    it('a payment naming a period goes there first, the rest to the oldest debt', () => {
      const payments: PenaltyPayment[] = [{ date: '2025-03-01', amount: '1500.00', period: '2025-02' }];
      const debts = [debt('2025-01', '1000.00', '2025-02-10'), debt('2025-02', '1000.00', '2025-03-10')];
      const res = run({ debts, payments, asOf: '2025-04-30' });
      // FIFO alone would have paid January in full and left February's 500.00 owed.
      expect(lines(res)).toEqual(['2025-01 2025-03-13..2025-04-30 500.00 × 49 × 1/300 × 9.5 % = 7.76']);
      expect(res.debts.map((d) => d.paid)).toEqual(['500.00', '1000.00']);
    });

    it('several debts at once: FIFO by due date, rows grouped by period', () => {
      const res = run({
        debts: [
          debt('2024-12', '999.99', '2025-01-10'),
          debt('2024-10', '1500.00', '2024-11-11'),
          debt('2024-11', '1200.50', '2024-12-10'),
        ],
        payments: [{ date: '2025-01-20', amount: '2000.00' }],
        asOf: '2025-03-31',
      });
      expect(lines(res)).toEqual([
        '2024-10 2024-12-12..2025-01-20 1 500.00 × 40 × 1/300 × 9.5 % = 19.00',
        '2024-11 2025-01-10..2025-01-20 1 200.50 × 11 × 1/300 × 9.5 % = 4.18',
        '2024-11 2025-01-21..2025-03-10 700.50 × 49 × 1/300 × 9.5 % = 10.87',
        '2024-11 2025-03-11..2025-03-31 700.50 × 21 × 1/130 × 9.5 % = 10.75',
        '2024-12 2025-02-10..2025-03-31 999.99 × 50 × 1/300 × 9.5 % = 15.83',
      ]);
      expect(res.total).toBe('60.63');
      expect(res.debts.map((d) => [d.period, d.paid, d.penalty])).toEqual([
        ['2024-12', '0.00', '15.83'],
        ['2024-10', '1500.00', '19.00'],
        ['2024-11', '500.00', '25.80'],
      ]);
    });

    it('money before the delay starts, after asOf, or beyond every debt charges nothing', () => {
      const res = run({
        debts: [DEC_2024],
        payments: [
          { date: '2025-01-09', amount: '1200.00' },
          { date: '2025-07-01', amount: '50.00' },
        ],
        asOf: '2025-06-30',
      });
      expect(res.rows).toEqual([]);
      expect([res.total, res.unallocated]).toEqual(['0.00', '200.00']);
    });
  });

  it('refuses a fractions table with a gap (422 PENALTY_NO_FRACTION_RULE)', () => {
    const r = { ...rules, fractions: rules.fractions.filter((f) => f.fromDay !== 91) };
    expect(() => run({ debts: [DEC_2024], asOf: '2025-04-11' }, r)).toThrow(
      expect.objectContaining({
        code: 'PENALTY_NO_FRACTION_RULE',
        details: { delayDay: 91, date: '2025-04-11' },
      }),
    );
  });
});
