import { dec, roundTo, toFixedString } from 'src/shared/money';

/**
 * Collection rate in per cent, half-up to 2 decimals: paid ÷ (charged + recalculated) × 100.
 * Null when nothing (or a net credit) was billed: a rate of a zero or negative base means nothing.
 */
export function collectionRatePercent(p: { billed: string; paid: string }): string | null {
  const billed = dec(p.billed);
  if (billed.lte(0)) return null;
  return toFixedString(roundTo(dec(p.paid).times(100).div(billed), 2), 2);
}
