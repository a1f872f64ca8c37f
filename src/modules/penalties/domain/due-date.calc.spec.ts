import { shippedPenaltyRules } from '../../../../test/factories/penalty-rules';
import { dueDateOf, nominalDueDateOf } from './due-date.calc';
import { CalendarDay, CalendarDayKind, DueRule } from './penalty-rules.types';
import { addDays } from 'src/shared/period';
import { isWorkingDay, nextWorkingDay } from './working-days';

const { dueRules, calendar } = shippedPenaltyRules();
const sut = (period: string, rules: DueRule[] = dueRules, days: CalendarDay[] = calendar) =>
  dueDateOf({ period, dueRules: rules, calendar: days });

describe('dueDateOf (shipped rules and production calendar)', () => {
  it.each([
    // name, period, nominal, due date
    ['a working Tuesday stays', '2026-01', '2026-02-10', '2026-02-10'],
    [
      'RULES example: Sat 10.01.2026 inside the holidays (1–11 Jan off) → Mon 12.01',
      '2025-12',
      '2026-01-10',
      '2026-01-12',
    ],
    ['last period on the 10th: February 2026 → 10.03.2026', '2026-02', '2026-03-10', '2026-03-10'],
    ['first period on the 15th (177-ФЗ): March 2026 → 15.04.2026', '2026-03', '2026-04-15', '2026-04-15'],
    ['a transferred weekday off (10.05.2022, from Sun 02.01) → 11.05', '2022-04', '2022-05-10', '2022-05-11'],
    [
      'Sunday 10.05.2020, then Monday 11.05 off (9 May on a Saturday, ТК 112 ч. 2) → 12.05',
      '2020-04',
      '2020-05-10',
      '2020-05-12',
    ],
    ['Friday 10.05.2024 off (from Sat 06.01), weekend → Mon 13.05', '2024-04', '2024-05-10', '2024-05-13'],
    ['a plain Sunday → Monday', '2016-06', '2016-07-10', '2016-07-11'],
  ])('%s', (_name, period, nominal, due) => {
    expect(nominalDueDateOf({ period, dueRules })).toBe(nominal);
    expect(sut(period)).toBe(due);
  });

  it('keeps a due date on a working Saturday (a "workday" row overrides the weekend)', () => {
    // 15.03.2031 is a Saturday; without the row it moves to Monday 17.03.
    const days = [...calendar, { day: '2031-03-15', kind: CalendarDayKind.Workday }];
    expect(sut('2031-02', dueRules, days)).toBe('2031-03-15');
    expect(sut('2031-02')).toBe('2031-03-17');
  });

  it('clamps a due day past the month end to its last day', () => {
    const rules: DueRule[] = [{ periodFrom: '2030-01', periodTo: null, dueDay: 31, monthOffset: 1 }];
    expect(nominalDueDateOf({ period: '2030-01', dueRules: rules })).toBe('2030-02-28');
    expect(nominalDueDateOf({ period: '2030-03', dueRules: rules })).toBe('2030-04-30');
  });

  it('refuses a period no rule covers (422 PENALTY_NO_DUE_RULE)', () => {
    expect(() => sut('2004-12')).toThrow(
      expect.objectContaining({ code: 'PENALTY_NO_DUE_RULE', kind: 'rule' }),
    );
  });

  it('refuses a calendar without a working day for 60 days (PENALTY_NO_WORKING_DAY)', () => {
    const allOff = Array.from({ length: 80 }, (_, i) => ({
      day: addDays('2031-01-01', i),
      kind: CalendarDayKind.Holiday,
    }));
    expect(() => nextWorkingDay('2031-01-01', allOff)).toThrow(
      expect.objectContaining({ code: 'PENALTY_NO_WORKING_DAY' }),
    );
  });
});

describe('shipped production calendar', () => {
  it.each([
    ['2026-01-09', false, 'Friday off, transferred from Sat 03.01'],
    ['2026-01-12', true, 'first working day of 2026'],
    ['2025-02-24', true, '23.02.2025 (Sunday) was moved to 08.05 by decree 1335, not to Monday'],
    ['2025-05-08', false, 'the day 23.02 was moved to'],
    ['2025-11-01', true, 'working Saturday'],
    ['2024-12-28', true, 'working Saturday'],
    ['2024-12-31', false, 'transferred from Sun 07.01'],
    ['2016-02-20', true, 'working Saturday'],
    ['2021-12-31', false, 'transferred from Sun 03.01'],
    ['2023-11-06', false, '04.11 on a Saturday'],
    ['2027-01-08', false, 'holidays are seeded for 2027 too'],
  ])('%s working: %s (%s)', (day, working) => {
    expect(isWorkingDay(day, calendar)).toBe(working);
  });

  it('has no transfer or holiday before 2016 (weekends only)', () => {
    expect(calendar.some((c) => c.day < '2016-01-01')).toBe(false);
    expect(isWorkingDay('2015-01-02', calendar)).toBe(true);
  });
});
