import {
  addDays,
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

  it('keeps a day for a minute but turns at midnight exactly, in either direction of time', () => {
    const at = (iso: string) => todayIn('Europe/Moscow', new Date(iso));
    expect(at('2026-03-31T20:58:30Z')).toBe('2026-03-31'); // 23:58:30 in Moscow
    expect(at('2026-03-31T20:59:59.999Z')).toBe('2026-03-31');
    expect(at('2026-03-31T21:00:00.000Z')).toBe('2026-04-01');
    expect(at('2026-03-31T20:59:59.999Z')).toBe('2026-03-31');
    expect(at('2026-03-31T21:00:30Z')).toBe('2026-04-01');
    expect(at('2026-03-31T21:00:00.000Z')).toBe('2026-04-01');
    expect(at('2026-03-31T20:59:00Z')).toBe('2026-03-31');
  });

  it('answers as a fresh formatter does at every instant, across midnights and DST changes', () => {
    // Sao Paulo moved its clocks at midnight (2018-11-04 00:00 → 01:00, 2019-02-17 00:00 → 23:00 the
    // day before); New York at 2 a.m.; Moscow has no DST.
    const cases: [string, string][] = [
      ['America/Sao_Paulo', '2018-11-03T00:00:00Z'],
      ['America/Sao_Paulo', '2019-02-16T00:00:00Z'],
      ['America/New_York', '2026-03-07T12:00:00Z'],
      ['America/New_York', '2026-10-31T12:00:00Z'],
      ['Europe/Moscow', '2026-12-31T12:00:00Z'],
    ];
    for (const [zone, start] of cases) {
      const fresh = new Intl.DateTimeFormat('en-CA', {
        timeZone: zone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      });
      const t0 = Date.parse(start);
      // Every 7 s 13 ms for two days, so many instants fall inside the windows kept and near their ends.
      for (let t = t0; t < t0 + 2 * 86_400_000; t += 7_013) {
        const expected = fresh.format(t);
        if (todayIn(zone, new Date(t)) !== expected) {
          throw new Error(`${zone} at ${new Date(t).toISOString()}: expected ${expected}`);
        }
      }
    }
  });
});

describe('addDays', () => {
  it('agrees with the calendar of Date for every day 1999–2031 and steps of ±1…400', () => {
    const viaDate = (date: string, days: number) =>
      new Date(Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10) + days))
        .toISOString()
        .slice(0, 10);
    const mismatches: string[] = [];
    for (let t = Date.UTC(1999, 0, 1); t <= Date.UTC(2031, 11, 31); t += 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10);
      for (const k of [-400, -31, -1, 0, 1, 28, 29, 30, 31, 91, 365, 366, 400]) {
        if (addDays(date, k) !== viaDate(date, k)) mismatches.push(`${date}${k}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('crosses leap days and year ends', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2000-02-28', 1)).toBe('2000-02-29');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });
});
