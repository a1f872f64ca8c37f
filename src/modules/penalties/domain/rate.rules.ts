import { RuleViolationError } from 'src/common/errors/domain-error';
import { Dec, dec } from 'src/shared/money';
import { PenaltyErrorCode as E } from '../penalties.errors';
import { CapKind, KeyRate, RateCap } from './penalty-rules.types';

/** The CBR key rate (% per annum) in force on `date`: the row with the latest effectiveFrom on or before it. */
export function keyRateOn(date: string, keyRates: readonly KeyRate[]): Dec {
  let found: KeyRate | undefined;
  for (const r of keyRates) {
    if (r.effectiveFrom <= date && (!found || r.effectiveFrom > found.effectiveFrom)) found = r;
  }
  if (!found) {
    throw new RuleViolationError(E.NoKeyRate, `No key rate in force on ${date}`, { date });
  }
  return dec(found.ratePercent);
}

/** The cap row whose inclusive validity contains `date`, if any. */
export function capOn(date: string, caps: readonly RateCap[]): RateCap | undefined {
  return caps.find((c) => c.validFrom <= date && (c.validTo === null || date <= c.validTo));
}

/**
 * Annual rate (%) for an amount paid on `date` (for an amount still unpaid: the calculation date).
 *
 * ЖК РФ ст. 155 ч. 14 takes the refinancing (= key, since 01.01.2016, Указание 3894-У) rate "on the
 * day of actual payment": one rate for the whole delay of that amount, not a day-by-day history.
 * Then the cap policy in force on that same date: decree 474 of 26.03.2022 fixed the key rate of
 * 27.02.2022 (9.5 %) from 28.02.2022 ('fixed'); decree 1681 of 23.09.2022 made it the lower of 9.5 %
 * and the key rate ('min_of_key_rate'), extended by 2479 (2023), 2382 (2024) and 329 (2025–2026).
 */
export function penaltyRateOn(
  date: string,
  rules: { keyRates: readonly KeyRate[]; caps: readonly RateCap[] },
): Dec {
  const cap = capOn(date, rules.caps);
  if (cap?.kind === CapKind.Fixed) return dec(cap.capPercent);
  const key = keyRateOn(date, rules.keyRates);
  if (!cap) return key;
  const limit = dec(cap.capPercent);
  return key.lt(limit) ? key : limit;
}
