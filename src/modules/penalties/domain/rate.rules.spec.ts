import { shippedPenaltyRules } from '../../../../test/factories/penalty-rules';
import { canonical } from 'src/shared/money';
import { CapKind } from './penalty-rules.types';
import { keyRateOn, penaltyRateOn } from './rate.rules';

const rules = shippedPenaltyRules();
const sut = (date: string, r: Parameters<typeof penaltyRateOn>[1] = rules) =>
  canonical(penaltyRateOn(date, r));

describe('penaltyRateOn (key rate on the payment or calculation day, then the cap policy)', () => {
  it.each([
    // name, date, rate %, key rate that day
    ['before any cap: the key rate itself', '2021-06-01', '5', '5'],
    ['the day before decree 474: key rate, no cap', '2022-02-27', '9.5', '9.5'],
    ['cap start 28.02.2022: fixed 9.5 while the key rate is 20', '2022-02-28', '9.5', '20'],
    ['fixed 9.5 even when the key rate is lower (8.0, 474 as first worded)', '2022-08-01', '9.5', '8'],
    ['last fixed day 22.09.2022 (key 7.5)', '2022-09-22', '9.5', '7.5'],
    ['decree 1681 from 23.09.2022: the lower of 9.5 and the key rate', '2022-09-23', '7.5', '7.5'],
    ['2023, decree 2479: min(9.5, 12)', '2023-08-15', '9.5', '12'],
    ['2024, decree 2382: min(9.5, 21)', '2024-12-31', '9.5', '21'],
    ['decree 329 reaches back to 01.01.2025 (project default)', '2025-01-01', '9.5', '21'],
    ['cap end: last day 31.12.2026', '2026-12-31', '9.5', '15.5'],
    ['after the cap: the key rate again', '2027-01-01', '15.5', '15.5'],
  ])('%s', (_name, date, rate, key) => {
    expect(sut(date)).toBe(rate);
    expect(canonical(keyRateOn(date, rules.keyRates))).toBe(key);
  });

  it('takes the key rate from its effective date, not the decision date', () => {
    expect(canonical(keyRateOn('2026-02-15', rules.keyRates))).toBe('16');
    expect(canonical(keyRateOn('2026-02-16', rules.keyRates))).toBe('15.5');
  });

  it('follows an edited cap table (data, not code): a cap from 18.03.2025 leaves 01.01–17.03.2025 at the key rate', () => {
    const caps = rules.caps.map((c) =>
      c.validFrom === '2025-01-01' ? { ...c, validFrom: '2025-03-18' } : c,
    );
    expect(sut('2025-03-17', { ...rules, caps })).toBe('21');
    expect(sut('2025-03-18', { ...rules, caps })).toBe('9.5');
  });

  it('a fixed cap needs no key rate', () => {
    const r = {
      keyRates: [],
      caps: [{ validFrom: '2010-01-01', validTo: null, kind: CapKind.Fixed, capPercent: '8.250' }],
    };
    expect(sut('2012-05-05', r)).toBe('8.25');
  });

  it('refuses a date before the first key rate (422 PENALTY_NO_KEY_RATE)', () => {
    expect(() => penaltyRateOn('2015-12-31', rules)).toThrow(
      expect.objectContaining({ code: 'PENALTY_NO_KEY_RATE', kind: 'rule', details: { date: '2015-12-31' } }),
    );
  });
});
