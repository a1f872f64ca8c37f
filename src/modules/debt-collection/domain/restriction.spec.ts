import {
  earliestRestrictionDate,
  forbiddenBy,
  NeverRestrictableRule,
  restrictionTrigger,
} from './restriction';

describe('restriction trigger (decree 354 paras 117–119)', () => {
  it('debt must exceed 2 norm-based monthly charges strictly', () => {
    expect(restrictionTrigger('1000.00', '500.00', '2')).toEqual({
      triggered: false,
      threshold: '1000.00',
      formula: '1000.00 > 2 × 500.00 = 1000.00',
    });
    expect(restrictionTrigger('1000.01', '500.00', '2').triggered).toBe(true);
  });

  const rules: NeverRestrictableRule[] = [
    { serviceCode: 'heating', condition: 'heating_season' },
    { serviceCode: 'cold_water', condition: 'apartment_block' },
  ];

  it('heating in season and cold water in apartment blocks are never restrictable', () => {
    expect(forbiddenBy(rules, 'heating', { inHeatingSeason: true, apartmentBlock: true })?.condition).toBe(
      'heating_season',
    );
    expect(forbiddenBy(rules, 'heating', { inHeatingSeason: false, apartmentBlock: true })).toBeUndefined();
    expect(forbiddenBy(rules, 'cold_water', { inHeatingSeason: false, apartmentBlock: true })).toBeDefined();
    expect(
      forbiddenBy(rules, 'electricity', { inHeatingSeason: true, apartmentBlock: true }),
    ).toBeUndefined();
  });

  it('earliest restriction = delivery + 20 days', () => {
    expect(earliestRestrictionDate('2026-01-15', 20)).toBe('2026-02-04');
    expect(earliestRestrictionDate('2026-02-20', 20)).toBe('2026-03-12');
  });
});
