import { courtFee } from './court-fee';
import { SCALE_2024, SCALE_OLD } from './fee-scales.fixture';

describe('courtFee', () => {
  it('RULES.md example: 50 000 on the 2024 scale → claim 4 000, order 2 000', () => {
    const f = courtFee(SCALE_2024, '50000')!;
    expect([f.claimFee, f.orderFee]).toEqual(['4000.00', '2000.00']);
  });

  it('RULES.md example: 50 000 on the previous scale → 400 + 3 % × 40 000 = 1 600, order 800', () => {
    const f = courtFee(SCALE_OLD, '50000')!;
    expect([f.claimFee, f.orderFee]).toEqual(['1600.00', '800.00']);
    expect(f.formula).toBe('400 + 3 % × (50000.00 − 10000) = 1600.00; order = 50 % = 800.00');
  });

  it.each([
    ['100000.00', '4000.00', '2000.00'],
    ['100000.01', '4000.00', '2000.00'],
    ['150000', '5500.00', '2750.00'],
    ['300000', '10000.00', '5000.00'],
    ['400000', '12500.00', '6250.00'],
    ['500000', '15000.00', '7500.00'],
    ['123456.78', '4703.70', '2351.85'],
  ])('2024 scale: claim %s → %s / %s', (claim, fee, order) => {
    const f = courtFee(SCALE_2024, claim)!;
    expect([f.claimFee, f.orderFee]).toEqual([fee, order]);
  });

  it.each([
    ['1000', '200.00', '100.00'],
    ['10000', '400.00', '200.00'],
    ['75000', '2100.00', '1050.00'],
    ['200000', '3600.00', '1800.00'],
  ])('previous scale: claim %s → %s / %s (minimum 200 applies below 5 000)', (claim, fee, order) => {
    const f = courtFee(SCALE_OLD, claim)!;
    expect([f.claimFee, f.orderFee]).toEqual([fee, order]);
  });

  it('no bracket for a zero claim or above the scale', () => {
    expect(courtFee(SCALE_2024, '0')).toBeUndefined();
    expect(courtFee(SCALE_OLD, '600000')).toBeUndefined();
  });
});
