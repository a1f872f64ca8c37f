import {
  addMonths,
  addYears,
  daysBetween,
  daysInMonth,
  isCalendarDate,
  isPeriod,
  periodEnd,
  readingPeriod,
  todayIn,
} from './period';

describe('period', () => {
  it.each([
    ['2026-03-25', 25, '2026-03'],
    ['2026-03-26', 25, '2026-04'],
    ['2026-12-31', 25, '2027-01'],
    ['2026-03-01', 25, '2026-03'],
    ['2026-03-20', 19, '2026-04'],
  ])('a reading taken %s with cut-off day %i counts for %s', (takenOn, cutoff, expected) => {
    expect(readingPeriod(takenOn, cutoff)).toBe(expected);
  });

  it('does calendar arithmetic without time zones', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2025-12', 14)).toBe('2027-02');
    expect(periodEnd('2028-02')).toBe('2028-02-29');
    expect(daysInMonth({ year: 2100, month: 2 })).toBe(28);
    expect(daysBetween('2026-02-20', '2026-03-20')).toBe(28);
    expect(addYears('2024-02-29', 6)).toBe('2030-02-28');
  });

  it('validates periods and dates', () => {
    expect(isPeriod('2026-13')).toBe(false);
    expect(isPeriod('2026-01')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2028-02-29')).toBe(true);
  });

  it('tells today in the billing time zone, not the server one', () => {
    const instant = new Date('2026-03-31T22:30:00Z');
    expect(todayIn('Europe/Moscow', instant)).toBe('2026-04-01');
    expect(todayIn('UTC', instant)).toBe('2026-03-31');
  });
});
