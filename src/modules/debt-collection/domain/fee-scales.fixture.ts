import { FeeBracket } from './court-fee';

const b = (
  over: string,
  upTo: string | null,
  base: string,
  ratePercent: string,
  minFee: string | null = null,
): FeeBracket => ({
  over,
  upTo,
  base,
  ratePercent,
  minFee,
  maxFee: null,
  orderSharePercent: '50',
});

/** The scale from 09.09.2024 as seeded (RULES.md §7.3), for unit tests. */
export const SCALE_2024: FeeBracket[] = [
  b('0', '100000', '4000', '0'),
  b('100000', '300000', '4000', '3'),
  b('300000', '500000', '10000', '2.5'),
  b('500000', '1000000', '15000', '2'),
];

/** The previous scale exactly as RULES.md states it (project default; see the migration). */
export const SCALE_OLD: FeeBracket[] = [
  b('0', '10000', '0', '4', '200'),
  b('10000', '50000', '400', '3'),
  b('50000', '100000', '1600', '2'),
  b('100000', '500000', '2600', '1'),
];
