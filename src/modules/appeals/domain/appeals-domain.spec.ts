import { AppealCategory as C } from './appeal.types';
import { buildAppealsReport, onTimeShare } from './appeals-report.calc';
import { fillTemplate, letterNumber } from './letter.build';
import { maskEmail, maskName, maskPhone } from './personal-data.rules';

describe('onTimeShare', () => {
  it.each([
    [2, 3, '0.6667'],
    [1, 3, '0.3333'],
    [1, 8, '0.1250'],
    [3, 3, '1.0000'],
    [0, 5, '0.0000'],
  ])('%i / %i = %s', (onTime, count, expected) => expect(onTimeShare(onTime, count)).toBe(expected));
  it('null for nothing registered', () => expect(onTimeShare(0, 0)).toBeNull());
});

describe('buildAppealsReport', () => {
  it('lists every category and totals the counts', () => {
    const r = buildAppealsReport([
      { category: C.MeterCheck, count: 2, answered: 2, onTime: 1, overdue: 0 },
      { category: C.Other, count: 1, answered: 0, onTime: 0, overdue: 1 },
    ]);
    expect(r.rows.map((x) => x.category)).toEqual(Object.values(C));
    expect(r.rows.find((x) => x.category === C.MeterCheck)).toMatchObject({ onTimeShare: '0.5000' });
    expect(r.rows.find((x) => x.category === C.ChargeCheck)).toMatchObject({ count: 0, onTimeShare: null });
    expect(r.total).toEqual({
      count: 3,
      answered: 2,
      onTime: 1,
      overdue: 1,
      onTimeShare: '0.3333',
      basis: { formula: '1 / 3' },
    });
  });
});

describe('fillTemplate', () => {
  it('fills placeholders', () => {
    expect(
      fillTemplate({
        body: 'Уважаемый {{ citizenName }}, № {{appealNumber}}',
        values: { citizenName: 'И. И.', appealNumber: '7' },
      }),
    ).toEqual({
      ok: true,
      text: 'Уважаемый И. И., № 7',
    });
  });
  it('names unknown placeholders', () => {
    expect(fillTemplate({ body: '{{foo}} {{bar}} {{foo}}', values: {} })).toEqual({
      ok: false,
      unknown: ['foo', 'bar'],
    });
  });
});

describe('letterNumber and masks', () => {
  it('numbers letters per direction and year', () => {
    expect(letterNumber({ direction: 'outgoing', seq: 12, year: 2026 })).toBe('12-исх/2026');
    expect(letterNumber({ direction: 'incoming', seq: 1, year: 2025 })).toBe('1-вх/2025');
  });
  it('masks personal data', () => {
    expect(maskName('Петров  Пётр Петрович')).toBe('П. П. П.');
    expect(maskPhone('+7 (912) 345-67-89')).toBe('***89');
    expect(maskEmail('petrov@example.org')).toBe('p***@example.org');
    expect(maskPhone(null)).toBeNull();
  });
});
