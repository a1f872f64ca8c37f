import { AGEING_BUCKETS, bucketOfAge, buildAgeingRows } from './ageing.calc';

describe('ageing buckets', () => {
  it.each([
    ['due date far ahead', -40, 'not_due'],
    ['on the due date itself', 0, 'not_due'],
    ['delay day 1', 1, '0_30'],
    ['delay day 30', 30, '0_30'],
    ['delay day 31', 31, '31_90'],
    ['delay day 90', 90, '31_90'],
    ['delay day 91', 91, '91_180'],
    ['delay day 180', 180, '91_180'],
    ['delay day 181', 181, '181_365'],
    ['delay day 365', 365, '181_365'],
    ['delay day 366', 366, 'over_365'],
    ['ten years', 3650, 'over_365'],
  ])('%s (%p days) → %s', (_name, age, code) => {
    expect(bucketOfAge(age).code).toBe(code);
  });

  it('covers every age exactly once', () => {
    for (let age = -500; age <= 1000; age++) {
      const hits = AGEING_BUCKETS.filter(
        (b) => (b.fromDays === null || age >= b.fromDays) && (b.toDays === null || age <= b.toDays),
      );
      expect(hits).toHaveLength(1);
    }
  });

  it('refuses an age no bucket covers', () => {
    expect(() => bucketOfAge(5, [{ code: 'x', label: 'x', fromDays: 10, toDays: 20 }])).toThrow(
      'no ageing bucket for 5 days',
    );
  });
});

describe('buildAgeingRows', () => {
  it('sums per group and bucket exactly, with overdue and totals', () => {
    const r = buildAgeingRows({
      debts: [
        { key: '1', label: 'B1', amount: '488.00', ageDays: 49 },
        { key: '1', label: 'B1', amount: '1488.00', ageDays: 21 },
        { key: '2', label: 'B2', amount: '1800.00', ageDays: 49 },
        { key: '2', label: 'B2', amount: '1550.00', ageDays: 21 },
        { key: '2', label: 'B2', amount: '0.10', ageDays: 400 },
        { key: '2', label: 'B2', amount: '0.20', ageDays: -5 },
      ],
    });
    expect(r.rows).toEqual([
      {
        key: '1',
        label: 'B1',
        amounts: ['0.00', '1488.00', '488.00', '0.00', '0.00', '0.00'],
        overdue: '1976.00',
        total: '1976.00',
      },
      {
        key: '2',
        label: 'B2',
        amounts: ['0.20', '1550.00', '1800.00', '0.00', '0.00', '0.10'],
        overdue: '3350.10',
        total: '3350.30',
      },
    ]);
    expect(r.totals).toEqual({
      key: null,
      label: 'total',
      amounts: ['0.20', '3038.00', '2288.00', '0.00', '0.00', '0.10'],
      overdue: '5326.10',
      total: '5326.30',
    });
  });

  it('no debts: an empty list and a zero totals row', () => {
    const r = buildAgeingRows({ debts: [] });
    expect(r.rows).toEqual([]);
    expect(r.totals.amounts).toEqual(['0.00', '0.00', '0.00', '0.00', '0.00', '0.00']);
    expect(r.totals.total).toBe('0.00');
  });
});
