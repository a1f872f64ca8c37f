import {
  canonical,
  dec,
  decimalPlacesOf,
  isDecimalLiteral,
  kopecksOf,
  moneyOfKopecks,
  moneyString,
  pow10,
  roundMoney,
  roundTo,
  sum,
} from './money';

describe('money', () => {
  it.each([
    ['19.1268', '19.13'],
    ['4.656', '4.66'],
    ['5.7453', '5.75'],
    ['1.005', '1.01'],
    ['1.004999', '1.00'],
    ['-1.005', '-1.01'],
    ['0.1', '0.10'],
  ])('rounds %s half-up to the kopeck → %s', (input, expected) => {
    expect(moneyString(roundMoney(dec(input)))).toBe(expected);
  });

  it('is exact where floats are not: 0.1 + 0.2 = 0.3', () => {
    expect(canonical(sum([dec('0.1'), dec('0.2')]))).toBe('0.3');
  });

  it('rounds volumes to the service scale half-up', () => {
    expect(canonical(roundTo(dec('20.8055'), 3))).toBe('20.806');
    expect(canonical(roundTo(dec('0.8850905'), 6))).toBe('0.885091');
  });

  it('refuses fractional JS numbers and malformed literals', () => {
    expect(() => dec(0.1)).toThrow('fractional numbers must be passed as strings');
    expect(() => dec('1e3')).toThrow('not a decimal literal');
    expect(() => dec(' 1')).toThrow('not a decimal literal');
    expect(canonical(dec(3))).toBe('3');
  });

  it('knows literals, their decimals and counter capacities', () => {
    expect(isDecimalLiteral('12.340')).toBe(true);
    expect(isDecimalLiteral('12.')).toBe(false);
    expect(decimalPlacesOf('12.340')).toBe(3);
    expect(decimalPlacesOf('12')).toBe(0);
    expect(canonical(pow10(5))).toBe('100000');
  });

  it('sums amounts rounded to the kopeck exactly in whole kopecks, as decimals do', () => {
    expect(kopecksOf('262.87')).toBe(26287n);
    expect(kopecksOf('-0.05')).toBe(-5n);
    expect(kopecksOf('0.00')).toBe(0n);
    expect(moneyOfKopecks(26287n)).toBe('262.87');
    expect(moneyOfKopecks(-5n)).toBe('-0.05');
    expect(moneyOfKopecks(-120n)).toBe('-1.20');
    expect(moneyOfKopecks(0n)).toBe('0.00');
    // Beyond a double's exact integers (2^53 kopecks) and with amounts of both signs.
    const amounts = ['90071992547409.93', '0.01', '0.10', '-12.34', '999.99', '0.20'];
    const kopecks = amounts.reduce((k, a) => k + kopecksOf(a), 0n);
    expect(moneyOfKopecks(kopecks)).toBe(moneyString(sum(amounts.map(dec))));
    expect(moneyOfKopecks(kopecks)).toBe('90071992548397.89');
  });

  it('refuses an amount that is not rounded to the kopeck', () => {
    for (const bad of ['262.8', '262.870', '262', '1e3', ' 1.00', '1.00 ', '+1.00', '-.50']) {
      expect(() => kopecksOf(bad)).toThrow('not an amount in kopecks');
    }
  });
});
