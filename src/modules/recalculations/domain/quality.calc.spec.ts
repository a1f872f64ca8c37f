import {
  coldWaterRepricing,
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

describe('hot water below +40 °C: repriced at the cold-water tariff (Annex 1 p. 5)', () => {
  const hot = (o: Partial<ReturnType<typeof billed>> = {}) =>
    billed({
      id: '200',
      serviceCode: 'hot_water',
      method: 'metered',
      volume: '6.000',
      unit: 'm3',
      tariff: '200.000000',
      amount: '1200.00',
      basis: {},
      ...o,
    });
  const span = (from: string, to: string, incidentId = 'c1') => ({ incidentId, from, to });

  it.each([
    // 30 h of 31 days (44 640 min): 6.000 × 1800/44640 = 0.24193… → 0.242 m³ × (200 − 50) = 36.30
    [
      '30 h in a 31-day month',
      hot(),
      [span('2026-03-10T08:00', '2026-03-11T14:00')],
      '50',
      '0.242',
      1800,
      '-36.30',
    ],
    // overlapping spans count once: 08–12 ∪ 10–14 = 6 h: 6.000 × 360/44640 = 0.04838… → 0.048 × 150 = 7.20
    [
      'overlapping incidents count once',
      hot(),
      [span('2026-03-10T08:00', '2026-03-10T12:00'), span('2026-03-10T10:00', '2026-03-10T14:00', 'c2')],
      '50',
      '0.048',
      360,
      '-7.20',
    ],
    // a first-half line (1–15, 21 600 min) gets only the 4 h before midnight of the 15th:
    // 3.000 × 240/21600 = 0.0333… → 0.033 × (200 − 50) = 4.95
    [
      'a split line: only the hours inside its days',
      hot({
        volume: '3.000',
        amount: '600.00',
        basis: { segment: { from: '2026-03-01', to: '2026-03-15', days: 15 } },
      }),
      [span('2026-03-15T20:00', '2026-03-16T04:00')],
      '50',
      '0.033',
      240,
      '-4.95',
    ],
    // the second half (16–31, 23 040 min) at 210: 3.200 × 240/23040 = 0.0333… → 0.033 × 160 = 5.28
    [
      'the other part at its own tariff',
      hot({
        volume: '3.200',
        tariff: '210.000000',
        amount: '672.00',
        basis: { segment: { from: '2026-03-16', to: '2026-03-31', days: 16 } },
      }),
      [span('2026-03-15T20:00', '2026-03-16T04:00')],
      '50',
      '0.033',
      240,
      '-5.28',
    ],
  ])('%s', (_name, line, spans, coldTariff, coldVolume, coldMinutes, amount) => {
    const out = coldWaterRepricing({ line, spans, coldTariff, volumeScale: 3 });
    expect(out).toMatchObject({ coldVolume, coldMinutes, amount });
  });

  it('explains the numbers', () => {
    const out = coldWaterRepricing({
      line: hot(),
      spans: [span('2026-03-10T08:00', '2026-03-11T14:00')],
      coldTariff: '50.000000',
      volumeScale: 3,
    });
    expect(out?.formula).toBe('-(6.000 × 1800/44640 min = 0.242 m³ × (200 − 50)) = -36.30');
  });

  it('no hours inside the line, or a tariff not above cold water: nothing', () => {
    const line = hot({ basis: { segment: { from: '2026-03-01', to: '2026-03-09', days: 9 } } });
    const spans = [span('2026-03-10T08:00', '2026-03-11T14:00')];
    expect(coldWaterRepricing({ line, spans, coldTariff: '50', volumeScale: 3 })).toBeUndefined();
    expect(coldWaterRepricing({ line: hot(), spans, coldTariff: '200', volumeScale: 3 })).toBeUndefined();
  });

  it('the hours below +40 °C take no per-degree percent as well', () => {
    const cold = incident(2, {
      serviceCode: 'hot_water',
      kind: 'temperature',
      degrees: '25',
      temperature: '38',
    });
    const warm = incident(10, {
      serviceCode: 'hot_water',
      kind: 'temperature',
      degrees: '7',
      temperature: '50',
    });
    const out = serviceReduction({
      serviceCode: 'hot_water',
      rules: [HOT_TEMPERATURE],
      incidents: [cold, warm],
    });
    // only the warm one: 10 h × 2 steps × 0.1 % = 2 % (the cold one would add 2 h × 8 steps × 0.1 % = 1.6 %)
    expect([out.percent, out.billedAsColdWater, out.rules[0].incidents]).toEqual(['2', [cold.id], [warm.id]]);
  });

  it('one delta line per charge line: percent plus repricing, less what was posted', () => {
    const line = hot();
    const repricing = coldWaterRepricing({
      line,
      spans: [span('2026-03-10T08:00', '2026-03-11T14:00')],
      coldTariff: '50.000000',
      volumeScale: 3,
    })!;
    const reduction = {
      serviceCode: 'hot_water',
      percent: '2',
      appliedPercent: '2',
      capped: false,
      rules: [],
      withoutRule: [],
      billedAsColdWater: ['c1'],
    };
    const out = qualityLines({
      reduction,
      billed: [line],
      already: new Map(),
      repricing: new Map([['200', repricing]]),
    });
    expect(out).toEqual([
      expect.objectContaining({
        chargeLineId: '200',
        amountDelta: '-60.30',
        formula:
          '-(1200.00 × 2 %) = -24.00; as cold water -(6.000 × 1800/44640 min = 0.242 m³ × (200 − 50)) = -36.30; total -60.30',
      }),
    ]);
    expect(out[0].basis).toMatchObject({
      byPercent: '-24.00',
      target: '-60.30',
      asColdWater: { coldVolume: '0.242' },
    });
    const again = qualityLines({
      reduction,
      billed: [line],
      already: new Map([['hot_water||1', '-60.30']]),
      repricing: new Map([['200', repricing]]),
    });
    expect(again).toEqual([]);
  });

  it('percent and repricing together are capped at the line charge', () => {
    const line = hot();
    const repricing = coldWaterRepricing({
      line,
      spans: [span('2026-03-10T08:00', '2026-03-11T14:00')],
      coldTariff: '50.000000',
      volumeScale: 3,
    })!;
    const reduction = {
      serviceCode: 'hot_water',
      percent: '111',
      appliedPercent: '100',
      capped: true,
      rules: [],
      withoutRule: [],
      billedAsColdWater: ['c1'],
    };
    const out = qualityLines({
      reduction,
      billed: [line],
      already: new Map(),
      repricing: new Map([['200', repricing]]),
    });
    // −1200.00 − 36.30 would exceed the charge: −1200.00
    expect(out.map((l) => [l.amountDelta, l.formula.endsWith('(capped at the charge)')])).toEqual([
      ['-1200.00', true],
    ]);
  });
});
