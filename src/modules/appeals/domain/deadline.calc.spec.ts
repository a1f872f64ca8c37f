import { calendarRows } from 'migrations/1764400000000-penalty-rules.calendar';
import { CalendarDay, CalendarDayKind } from 'src/modules/penalties/domain/penalty-rules.types';
import { AppealCategory as C, AppealChannel as Ch, DayKind, DeadlineRule } from './appeal.types';
import { computeDeadline, extendDeadline, pickDeadlineRule } from './deadline.calc';

// The production calendar exactly as migration 1764400000000 seeds it.
const calendar: CalendarDay[] = calendarRows().map(([day, kind]) => ({ day, kind: kind as CalendarDayKind }));

const rule = (o: Partial<DeadlineRule>): DeadlineRule => ({
  id: '1',
  category: C.Other,
  channel: null,
  days: 10,
  dayKind: DayKind.Working,
  extensionDays: 0,
  validFrom: '2013-01-01',
  validTo: null,
  source: 'test',
  ...o,
});

describe('computeDeadline over the seeded production calendar', () => {
  it.each([
    [
      '10 working days across the New Year holidays and the 31.12 / 09.01 transfers',
      rule({ category: C.RecalculationRequest }),
      '2025-12-26',
      '2026-01-21',
    ],
    [
      '3 working days after a Friday: weekend and the 09.03 day off (08.03 on a Sunday) skipped',
      rule({ category: C.QualityComplaint, days: 3 }),
      '2026-03-06',
      '2026-03-12',
    ],
    [
      '5 working days over 23.02 (Monday holiday)',
      rule({ category: C.TemporaryAbsence, days: 5 }),
      '2026-02-19',
      '2026-02-27',
    ],
    ['10 working days over 04.11', rule({ category: C.PersonalDataRequest }), '2026-11-02', '2026-11-17'],
    [
      '10 calendar days ending on 09.05 (Saturday holiday) move past Sunday and the 11.05 day off',
      rule({ category: C.MeterCheck, dayKind: DayKind.Calendar }),
      '2026-04-29',
      '2026-05-12',
    ],
    [
      '10 calendar days ending on a working day stay',
      rule({ category: C.MeterCheck, dayKind: DayKind.Calendar }),
      '2026-04-01',
      '2026-04-13',
    ],
    [
      '0 days: the registration day itself',
      rule({ category: C.ChargeCheck, days: 0 }),
      '2026-01-03',
      '2026-01-03',
    ],
  ])('%s', (_name, r, registeredOn, expected) => {
    const d = computeDeadline({ rule: r, channel: Ch.Letter, registeredOn, calendar });
    expect(d.deadlineOn).toBe(expected);
    expect(d.basis.registeredOn).toBe(registeredOn);
    expect(d.basis.days).toBe(r.days);
  });

  it('explains a moved calendar deadline in its basis', () => {
    const d = computeDeadline({
      rule: rule({ category: C.MeterCheck, dayKind: DayKind.Calendar }),
      channel: Ch.Portal,
      registeredOn: '2026-04-29',
      calendar,
    });
    expect(d.basis.formula).toBe('2026-04-29 + 10 days = 2026-05-09, a day off, moved to 2026-05-12');
  });
});

describe('pickDeadlineRule', () => {
  const rules = [
    rule({ id: '1', category: C.ChargeCheck, channel: null }),
    rule({ id: '2', category: C.ChargeCheck, channel: Ch.Visit, days: 0 }),
    rule({ id: '3', category: C.Other, validTo: '2025-12-31' }),
    rule({ id: '4', category: C.Other, days: 7, validFrom: '2026-01-01' }),
  ];
  it.each([
    ['a channel row wins', C.ChargeCheck, Ch.Visit, '2026-01-10', '2'],
    ['the any-channel row otherwise', C.ChargeCheck, Ch.Letter, '2026-01-10', '1'],
    ['the row in force on the day (old)', C.Other, Ch.Letter, '2025-12-31', '3'],
    ['the row in force on the day (new)', C.Other, Ch.Letter, '2026-01-01', '4'],
  ])('%s', (_n, category, channel, on, id) => {
    expect(pickDeadlineRule({ rules, category, channel, on })?.id).toBe(id);
  });
  it('null when no row is in force', () => {
    expect(
      pickDeadlineRule({ rules, category: C.MeterCheck, channel: Ch.Letter, on: '2026-01-01' }),
    ).toBeNull();
  });
});

describe('extendDeadline', () => {
  it.each([
    ['+5 working days from 17.11.2026', '2026-11-17', 5, DayKind.Working, '2026-11-24'],
    ['+5 working days over the New Year holidays', '2026-12-29', 5, DayKind.Working, '2027-01-14'],
    ['+5 calendar days ending on a Sunday move to Monday', '2026-03-10', 5, DayKind.Calendar, '2026-03-16'],
  ])('%s', (_n, deadlineOn, days, dayKind, expected) => {
    expect(extendDeadline({ deadlineOn, days, dayKind, calendar }).deadlineOn).toBe(expected);
  });
});
