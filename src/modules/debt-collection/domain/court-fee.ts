import { dec, Dec, moneyString, roundMoney } from 'src/shared/money';

/**
 * One bracket of a court fee scale (НК РФ ст. 333.19 п. 1 пп. 1): for a claim above `over`
 * (and up to `upTo`, inclusive; null = no upper bound) the fee is base + rate % × (claim − over),
 * not less than `minFee`, not more than `maxFee`. Decimal strings, roubles.
 */
export interface FeeBracket {
  over: string;
  upTo: string | null;
  base: string;
  ratePercent: string;
  minFee: string | null;
  maxFee: string | null;
  /** Share of the claim fee paid for a court order (50 %). */
  orderSharePercent: string;
}

export interface CourtFee {
  claimFee: string;
  orderFee: string;
  formula: string;
  bracket: FeeBracket;
}

/** The bracket whose (over, upTo] interval holds the claim. */
export function bracketFor(brackets: FeeBracket[], claim: Dec): FeeBracket | undefined {
  return brackets.find((b) => claim.gt(b.over) && (b.upTo === null || claim.lte(b.upTo)));
}

/** The claim fee and the court-order fee for a claim; half-up to the kopeck once per figure. */
export function courtFee(brackets: FeeBracket[], claimAmount: string): CourtFee | undefined {
  const claim = dec(claimAmount);
  const b = bracketFor(brackets, claim);
  if (!b) return undefined;
  let fee = dec(b.base).plus(claim.minus(b.over).mul(b.ratePercent).div(100));
  if (b.minFee !== null && fee.lt(b.minFee)) fee = dec(b.minFee);
  if (b.maxFee !== null && fee.gt(b.maxFee)) fee = dec(b.maxFee);
  const claimFee = roundMoney(fee);
  const orderFee = roundMoney(claimFee.mul(b.orderSharePercent).div(100));
  const formula =
    `${b.base} + ${b.ratePercent} % × (${moneyString(claim)} − ${b.over})` +
    (b.minFee !== null ? `, not less than ${b.minFee}` : '') +
    (b.maxFee !== null ? `, not more than ${b.maxFee}` : '') +
    ` = ${moneyString(claimFee)}; order = ${b.orderSharePercent} % = ${moneyString(orderFee)}`;
  return { claimFee: moneyString(claimFee), orderFee: moneyString(orderFee), formula, bracket: b };
}
