/** Builders for the recalculations' table-driven tests (excluded from the build). */
import { AbsenceRule } from './absence.calc';
import { BilledLine } from './recalculation.types';

export const billed = (o: Partial<BilledLine> = {}): BilledLine => ({
  id: '100',
  period: '2026-03',
  serviceCode: 'solid_waste',
  zone: null,
  part: 1,
  method: 'norm',
  volume: '0.320000',
  unit: 'm3',
  tariff: '600.000000',
  amount: '192.00',
  basis: { residents: 2, norm: '0.16', normBasis: 'per_person' },
  ...o,
});

/** The seeded absence rule (migration 1764400500000). */
export const ABSENCE_RULE: AbsenceRule = {
  moreThanDays: 5,
  applicationDays: 30,
  services: ['cold_water', 'hot_water', 'sewerage', 'electricity', 'gas', 'solid_waste'],
};
