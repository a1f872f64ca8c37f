import { absenceLines, absencePeriods, assessAbsence } from './absence.calc';
import { ABSENCE_RULE, billed } from './recalculation.fixtures';

describe('assessAbsence (decree 354 paras 86, 91)', () => {
  it.each([
    ['5 full days (10th → 16th): too short', '2026-03-10', '2026-03-16', '2026-03-20', 'ABSENCE_TOO_SHORT'],
    [
      'applied the 31st day after return: late',
      '2026-03-10',
      '2026-03-17',
      '2026-04-17',
      'ABSENCE_APPLICATION_LATE',
    ],
  ])('%s', (_name, departedOn, returnedOn, appliedOn, code) => {
    expect(assessAbsence({ departedOn, returnedOn, appliedOn, rule: ABSENCE_RULE })).toMatchObject({
      refusal: code,
    });
  });

  it.each([
    ['6 full days (10th → 17th)', '2026-03-10', '2026-03-17', '2026-04-16', '2026-03-11', '2026-03-16', 6],
    ['applied before leaving', '2026-03-10', '2026-03-17', '2026-03-01', '2026-03-11', '2026-03-16', 6],
    ['over the year end', '2025-12-28', '2026-01-05', '2026-01-05', '2025-12-29', '2026-01-04', 7],
  ])('%s', (_name, departedOn, returnedOn, appliedOn, firstDay, lastDay, fullDays) => {
    expect(assessAbsence({ departedOn, returnedOn, appliedOn, rule: ABSENCE_RULE })).toMatchObject({
      firstDay,
      lastDay,
      fullDays,
    });
  });

  it('lists the periods of the full days', () => {
    expect(absencePeriods({ firstDay: '2025-12-29', lastDay: '2026-02-01' })).toEqual([
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
  });
});

describe('absenceLines (decree 354 para 90)', () => {
  const run = (firstDay: string, lastDay: string, persons: number, lines = [billed()]) =>
    absenceLines({ days: { firstDay, lastDay }, persons, rule: ABSENCE_RULE, billed: lines });

  it.each([
    // 192.00 × 6/31 × 1/2 = 18.5806… → 18.58; 0.32 × 6/62 = 0.030967… → 0.030968
    [
      '6 days, 1 of 2 persons',
      '2026-03-11',
      '2026-03-16',
      1,
      '-18.58',
      '-0.030968',
      '-(192.00 × 6/31 days × 1/2 persons) = -18.58',
    ],
    [
      'whole month, both persons',
      '2026-03-01',
      '2026-03-31',
      2,
      '-192.00',
      '-0.320000',
      '-(192.00 × 31/31 days × 2/2 persons) = -192.00',
    ],
    [
      '3 persons capped at 2 residents',
      '2026-03-11',
      '2026-03-16',
      3,
      '-37.16',
      '-0.061935',
      '-(192.00 × 6/31 days × 2/2 persons) = -37.16',
    ],
  ])('%s', (_name, from, to, persons, amountDelta, volumeDelta, formula) => {
    const { lines } = run(from, to, persons);
    expect(lines).toEqual([
      expect.objectContaining({
        chargeLineId: '100',
        correctedPeriod: '2026-03',
        amountDelta,
        volumeDelta,
        formula,
      }),
    ]);
  });

  it('an absence over two periods reduces the line of each by its own days', () => {
    const lines = [billed(), billed({ id: '101', period: '2026-04' })];
    // March 29–31: 192.00 × 3/31 = 18.58; April 1–4: 192.00 × 4/30 = 25.60
    expect(
      run('2026-03-29', '2026-04-04', 2, lines).lines.map((l) => [l.correctedPeriod, l.amountDelta]),
    ).toEqual([
      ['2026-03', '-18.58'],
      ['2026-04', '-25.60'],
    ]);
  });

  it('a month split in parts: each part by its own days and residents', () => {
    const lines = [
      billed({
        amount: '96.00',
        basis: { residents: 2, segment: { from: '2026-03-01', to: '2026-03-15', days: 15 } },
      }),
      billed({
        id: '101',
        part: 2,
        amount: '153.60',
        basis: { residents: 3, segment: { from: '2026-03-16', to: '2026-03-31', days: 16 } },
      }),
    ];
    // 96.00 × 5/15 × 1/2 = 16.00; 153.60 × 4/16 × 1/3 = 12.80
    expect(run('2026-03-11', '2026-03-19', 1, lines).lines.map((l) => [l.part, l.amountDelta])).toEqual([
      [1, '-16.00'],
      [2, '-12.80'],
    ]);
  });

  it('leaves metered, area and per-m² lines alone, saying why', () => {
    const lines = [
      billed({ id: '1', method: 'metered', serviceCode: 'cold_water' }),
      billed({ id: '2', method: 'norm', serviceCode: 'heating' }),
      billed({ id: '3', basis: { area: '50.00', normBasis: 'per_m2' } }),
      billed({ id: '4', period: '2026-04' }),
    ];
    const out = run('2026-03-11', '2026-03-16', 1, lines);
    expect(out.lines).toEqual([]);
    expect(out.skipped.map((s) => [s.chargeLineId, s.reason])).toEqual([
      ['1', 'not_norm'],
      ['2', 'service_not_recalculated'],
      ['3', 'not_per_person'],
      ['4', 'no_absent_day'],
    ]);
  });
});

describe('absence only where no meter can be installed (decree 354 para 86)', () => {
  const cold = (id: string, reason: string) =>
    billed({
      id,
      serviceCode: 'cold_water',
      volume: '15.000',
      unit: 'm3',
      tariff: '12.000000',
      amount: '180.00',
      basis: { reason, residents: 3 },
    });

  it.each([
    ['no meter, act of impossibility: reduced', 'no_meter', ['cold_water'], '-30.97', undefined],
    ['no meter, installable (no act): not reduced', 'no_meter', [], undefined, 'meter_installable'],
    ['a meter without a reading: not reduced', 'no_reading', ['cold_water'], undefined, 'meter_installed'],
    [
      'a meter with expired verification: not reduced',
      'verification_expired',
      [],
      undefined,
      'meter_installed',
    ],
    ['a service never metered: reduced', 'norm_service', [], '-30.97', undefined],
  ])('%s', (_name, reason, impossible, amount, skip) => {
    const out = absenceLines({
      // 8 full days of August 2025 (31 days), 2 of 3 persons: 180.00 × 8/31 × 2/3 = 30.9677… → 30.97
      days: { firstDay: '2025-08-04', lastDay: '2025-08-11' },
      persons: 2,
      rule: ABSENCE_RULE,
      billed: [{ ...cold('C', reason), period: '2025-08' }],
      impossible,
    });
    expect(out.lines.map((l) => l.amountDelta)).toEqual(amount ? [amount] : []);
    expect(out.skipped.map((s) => s.reason)).toEqual(skip ? [skip] : []);
  });
});

describe('absence and sewerage billed from water (decree 354 para 86)', () => {
  const water = (serviceCode: string, id: string) =>
    billed({
      id,
      serviceCode,
      method: 'norm',
      volume: '10.000',
      unit: 'm3',
      tariff: '52.230000',
      amount: '522.30',
      basis: { residents: 2 },
    });
  const sewerage = billed({
    id: 'S',
    serviceCode: 'sewerage',
    method: 'derived',
    volume: '20.000',
    unit: 'm3',
    tariff: '40.500000',
    amount: '810.00',
    basis: { sources: { cold_water: '10', hot_water: '10' } },
  });

  it('reduces sewerage by the water volumes recalculated in the same period', () => {
    const { lines } = absenceLines({
      days: { firstDay: '2026-03-11', lastDay: '2026-03-20' },
      persons: 1,
      rule: ABSENCE_RULE,
      billed: [water('cold_water', 'C'), water('hot_water', 'H'), sewerage],
    });
    // water: 10.000 × 10/31 × 1/2 = 1.6129… → −1.613 m³ each; sewerage −3.226 m³ × 40.50 = −130.653 → −130.65
    expect(lines.map((l) => [l.serviceCode, l.volumeDelta, l.amountDelta])).toEqual([
      ['cold_water', '-1.613', '-84.24'],
      ['hot_water', '-1.613', '-84.24'],
      ['sewerage', '-3.226', '-130.65'],
    ]);
  });

  it('leaves sewerage alone when no water line was recalculated', () => {
    const metered = billed({
      id: 'C',
      serviceCode: 'cold_water',
      method: 'metered',
      volume: '5.000',
      amount: '261.15',
    });
    const { lines } = absenceLines({
      days: { firstDay: '2026-03-11', lastDay: '2026-03-20' },
      persons: 1,
      rule: ABSENCE_RULE,
      billed: [metered, sewerage],
    });
    expect(lines).toEqual([]);
  });
});
