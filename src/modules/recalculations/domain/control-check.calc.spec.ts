import {
  discrepancyLines,
  monthsBefore,
  TamperingPeriod,
  tamperingLines,
  tamperingWindow,
} from './control-check.calc';

describe('discrepancyLines (decree 354 para 61)', () => {
  const zone = (inspector: string, subscriber: string, o = {}) => ({
    zone: null,
    meterZone: 'T1' as const,
    inspector,
    subscriber,
    subscriberTakenOn: '2026-03-20',
    tariff: '50.930000',
    tariffId: '7',
    chargeLineId: '100',
    ...o,
  });
  const run = (zones: ReturnType<typeof zone>[]) =>
    discrepancyLines({ period: '2026-04', serviceCode: 'cold_water', unit: 'm3', volumeScale: 3, zones });

  it.each([
    [
      'understated by 3.5 m³: charged',
      '123.500',
      '120.000',
      '3.500',
      '178.26',
      '(123.500 − 120.000) m3 × 50.930000 = 178.26',
    ],
    [
      'overstated by 1.25 m³: credited',
      '118.750',
      '120.000',
      '-1.250',
      '-63.66',
      '(118.750 − 120.000) m3 × 50.930000 = -63.66',
    ],
  ])('%s', (_name, inspector, subscriber, volumeDelta, amountDelta, formula) => {
    expect(run([zone(inspector, subscriber)])).toEqual([
      expect.objectContaining({
        correctedPeriod: '2026-04',
        volumeDelta,
        amountDelta,
        formula,
        chargeLineId: '100',
      }),
    ]);
  });

  it('equal readings: no line', () => {
    expect(run([zone('120.000', '120')])).toEqual([]);
  });
});

describe('tamperingWindow (para 81(11): at most 3 months, not before the previous check)', () => {
  it.each([
    ['previous check long ago: 3 months back', '2025-01-10', '2026-01-15', 'lookback'],
    ['previous check exactly 3 months back', '2026-01-15', '2026-01-15', 'lookback'],
    ['previous check 3 months and 1 day back', '2026-01-14', '2026-01-15', 'lookback'],
    ['previous check 2.5 months back', '2026-02-01', '2026-02-01', 'previous_check'],
    ['no check: since installation', null, '2026-03-01', 'installation'],
  ])('%s', (_name, previousCheckOn, from, limitedBy) => {
    const installedOn = previousCheckOn === null ? '2026-03-01' : '2020-01-01';
    expect(
      tamperingWindow({ checkedOn: '2026-04-15', previousCheckOn, installedOn, lookbackMonths: 3 }),
    ).toEqual({ from, to: '2026-04-14', limitedBy });
  });

  it.each([
    ['2026-05-31', '2026-02-28'],
    ['2024-05-31', '2024-02-29'],
    ['2026-02-15', '2025-11-15'],
  ])('%s − 3 months = %s', (date, expected) => {
    expect(monthsBefore(date, 3)).toBe(expected);
  });
});

describe('tamperingLines (norm 4.85 m³/person × 2 × 10 × tariff 50.00)', () => {
  const period = (p: string, charged: string, chargedVolume: string): TamperingPeriod => ({
    period: p,
    norm: '4.85',
    normId: 'n1',
    residents: 2,
    tariff: '50.000000',
    tariffId: 't1',
    charged,
    chargedVolume,
    chargeLineId: null,
  });
  const run = (periods: TamperingPeriod[]) =>
    tamperingLines({
      window: { from: '2026-01-15', to: '2026-04-14' },
      coefficient: '10',
      serviceCode: 'cold_water',
      unit: 'm3',
      volumeScale: 3,
      periods,
    });

  it('charges each month of the window by its days, less its share of what was charged', () => {
    const lines = run([
      period('2026-01', '310.00', '6.200'),
      period('2026-02', '250.00', '5.000'),
      period('2026-03', '300.00', '6.000'),
      period('2026-04', '0', '0'),
    ]);
    // Jan 15–31: 97 × 17/31 = 53.194 m³ × 50 = 2659.70 − 310.00 × 17/31 = 170.00
    // Apr 1–14: 97 × 14/30 = 45.267 m³ × 50 = 2263.35
    expect(lines.map((l) => [l.correctedPeriod, l.volumeDelta, l.amountDelta])).toEqual([
      ['2026-01', '49.794', '2489.70'],
      ['2026-02', '92.000', '4600.00'],
      ['2026-03', '91.000', '4550.00'],
      ['2026-04', '45.267', '2263.35'],
    ]);
    expect(lines[0].formula).toBe(
      '4.85 × 2 persons × 10 × 17/31 days = 53.194 m3 × 50.000000 = 2659.70 − charged 310.00 × 17/31 = 170.00 → 2489.70',
    );
  });

  it('a month outside the window gives no line; a charge above the norm × 10 gives zero, flagged', () => {
    const lines = run([period('2025-12', '100.00', '2'), period('2026-02', '9999.00', '200')]);
    expect(lines.map((l) => [l.correctedPeriod, l.amountDelta, l.basis.belowCharged])).toEqual([
      ['2026-02', '0.00', true],
    ]);
  });
});
