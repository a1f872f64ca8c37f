import {
  interruptionPercent,
  QualityIncident,
  QualityRule,
  qualityLines,
  serviceReduction,
} from './quality.calc';
import { billed } from './recalculation.fixtures';

/** Rows of the seeded Annex 1 table (migration 1764400500000). */
const COLD: QualityRule = {
  id: 'r1',
  serviceCode: 'cold_water',
  kind: 'interruption',
  permittedHoursMonth: '8',
  permittedHoursOnce: '4',
  percentPerHour: '0.15',
  perDegree: false,
  degreeStep: null,
  coldBelowDegrees: null,
  confirmed: true,
  validFrom: '2011-09-01',
  validTo: null,
};
const HOT_TEMPERATURE: QualityRule = {
  ...COLD,
  id: 'r2',
  serviceCode: 'hot_water',
  kind: 'temperature',
  permittedHoursMonth: null,
  permittedHoursOnce: null,
  percentPerHour: '0.1',
  perDegree: true,
  degreeStep: '3',
  coldBelowDegrees: '40',
};
const HOT: QualityRule = { ...COLD, id: 'r3', serviceCode: 'hot_water' };

let seq = 0;
const incident = (hours: number, o: Partial<QualityIncident> = {}): QualityIncident => ({
  id: `i${++seq}`,
  serviceCode: 'cold_water',
  kind: 'interruption',
  startedOn: '2026-03-05',
  minutes: hours * 60,
  degrees: null,
  temperature: null,
  dispatcherRequest: 'ДС-1',
  ...o,
});

describe('interruptionPercent (Annex 1 p. 1: 8 h per month, 4 h at once, 0.15 %/h)', () => {
  it.each([
    ['exactly 8 h in two 4 h interruptions: none', [4, 4], '8', '0', '0'],
    ['9 h in three of 3 h: one hour over the month', [3, 3, 3], '9', '1', '0.15'],
    ['5 h at once + 3 h: one hour over the at-once limit', [5, 3], '8', '1', '0.15'],
    ['exactly 4 h at once: none', [4], '4', '0', '0'],
    ['9.5 h: 1.5 h over', [4, 4, 1.5], '9.5', '1.5', '0.225'],
    ['a whole month of 31 days: 740 h over at once', [744], '744', '740', '111'],
  ])('%s', (_name, hours, total, excess, percent) => {
    const out = interruptionPercent(
      COLD,
      hours.map((h) => incident(h)),
    );
    expect([out.hours, out.excessHours, out.percent]).toEqual([total, excess, percent]);
  });

  it('explains the numbers', () => {
    expect(interruptionPercent(COLD, [incident(3), incident(3), incident(3)]).formula).toBe(
      'max(Σ over 4 h at once = 0, 9 h − 8 h per month = 1) × 0.15 %/h = 0.15 %',
    );
  });
});

describe('serviceReduction', () => {
  it.each([
    [
      'hot water 10 h at 7 °C beyond: 2 steps of 3 °C × 0.1 %',
      [incident(10, { serviceCode: 'hot_water', kind: 'temperature', degrees: '7' })],
      '2',
      '2',
      false,
    ],
    [
      '2 °C beyond: no full step',
      [incident(10, { serviceCode: 'hot_water', kind: 'temperature', degrees: '2' })],
      '0',
      '0',
      false,
    ],
    [
      'interruption 10 h (6 h over the at-once limit) + temperature 5 h × 3 steps: 0.9 + 1.5',
      [
        incident(10, { serviceCode: 'hot_water' }),
        incident(5, { serviceCode: 'hot_water', kind: 'temperature', degrees: '9' }),
      ],
      '2.4',
      '2.4',
      false,
    ],
    ['744 h: 111 % capped at 100 %', [incident(744, { serviceCode: 'hot_water' })], '111', '100', true],
  ])('%s', (_name, incidents, percent, applied, capped) => {
    const out = serviceReduction({
      serviceCode: 'hot_water',
      rules: [COLD, HOT, HOT_TEMPERATURE],
      incidents,
    });
    expect([out.percent, out.appliedPercent, out.capped]).toEqual([percent, applied, capped]);
  });

  it('flags hot water below +40 °C and incidents without a rule in force', () => {
    const cold = incident(2, {
      serviceCode: 'hot_water',
      kind: 'temperature',
      degrees: '25',
      temperature: '38',
    });
    const early = incident(2, { serviceCode: 'hot_water', startedOn: '2010-01-01' });
    const out = serviceReduction({
      serviceCode: 'hot_water',
      rules: [HOT, HOT_TEMPERATURE],
      incidents: [cold, early],
    });
    expect(out.billedAsColdWater).toEqual([cold.id]);
    expect(out.withoutRule).toEqual([early.id]);
  });
});

describe('qualityLines', () => {
  const reduction = (appliedPercent: string) => ({
    serviceCode: 'cold_water',
    percent: appliedPercent,
    appliedPercent,
    capped: false,
    rules: [],
    withoutRule: [],
    billedAsColdWater: [],
  });
  const line = billed({ serviceCode: 'cold_water', method: 'metered', amount: '1000.00' });

  it.each([
    ['one hour over: 1000.00 × 0.15 %', '0.15', [], '-1.50', '-(1000.00 × 0.15 %) = -1.50'],
    ['capped: the whole charge', '100', [], '-1000.00', '-(1000.00 × 100 %) = -1000.00'],
    [
      'more incidents later: only the difference',
      '0.3',
      [['cold_water||1', '-1.50']],
      '-1.50',
      '-(1000.00 × 0.3 %) = -3.00 − earlier -1.50 = -1.50',
    ],
    ['0.225 %: 2.25 exactly', '0.225', [], '-2.25', '-(1000.00 × 0.225 %) = -2.25'],
  ])('%s', (_name, pct, already, amountDelta, formula) => {
    const out = qualityLines({
      reduction: reduction(pct),
      billed: [line],
      already: new Map(already as [string, string][]),
    });
    expect(out).toEqual([expect.objectContaining({ chargeLineId: '100', amountDelta, formula })]);
  });

  it('posts nothing when the same reduction is already posted', () => {
    expect(
      qualityLines({
        reduction: reduction('0.15'),
        billed: [line],
        already: new Map([['cold_water||1', '-1.50']]),
      }),
    ).toEqual([]);
  });
});
