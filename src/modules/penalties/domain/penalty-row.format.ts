import { canonical, Dec, dec, groupedMoney, roundMoney } from 'src/shared/money';

export { groupedMoney };

/**
 * Penalty of one row: balance × days × 1/denominator × rate %, rounded half-up to the kopeck once
 * (RULES.md §10: per row, the total is the sum of rounded rows). Example: 10 000.00 × 60 × 1/300 ×
 * 9.5 % = 190.00; 1/300 of 9.5 % a day is ≈ 11.56 % a year, 1/130 ≈ 26.67 %.
 */
export function penaltyRowAmount(p: {
  balance: Dec;
  days: number;
  denominator: number;
  ratePercent: Dec;
}): Dec {
  return roundMoney(
    p.balance
      .times(p.days)
      .times(p.ratePercent)
      .div(dec(p.denominator * 100)),
  );
}

/** "1 000.00 × 60 × 1/300 × 9.5 %". */
export function penaltyFormula(p: {
  balance: Dec;
  days: number;
  denominator: number;
  ratePercent: Dec;
}): string {
  return `${groupedMoney(p.balance)} × ${p.days} × 1/${p.denominator} × ${canonical(p.ratePercent)} %`;
}
