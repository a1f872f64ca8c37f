import { bindNamed } from './named-params';

describe('bindNamed', () => {
  it('numbers placeholders by first use, keeps casts, and refuses a missing value', () => {
    expect(bindNamed(`SELECT :b::date, :a, :b, x::text, '"k":"'`, { a: 1, b: '2026-01-01', c: 3 })).toEqual({
      sql: `SELECT $1::date, $2, $1, x::text, '"k":"'`,
      params: ['2026-01-01', 1],
    });
    expect(() => bindNamed(`SELECT :missing`, {})).toThrow('no value for :missing');
  });
});
