import { COEFFICIENTS, meter, norm, reading, run, SERVICES, tariff } from './charge.fixtures';
import { PriorSubstitution } from './charge-lines.calc';

/**
 * Decree 354 para 59 "а", 60: a meter taken out of service without a replacement is billed by its
 * average monthly volume for at most 3 billing periods (the period after its last day in service is
 * the 1st), then by the norm × the increasing coefficient for a missing meter (cold water ×3 from
 * 06.12.2025). Billed period March 2026 (31 days); tariff 52.23 ₽/m³; norm 6.935 m³ × 3 residents.
 * Values computed by hand, half-up.
 */
const COLD = [tariff('cold_water', '52.230000')];
const COLD_NORM = [norm('cold_water', '6.935')];

/** Readings on the 20th from `from` through `to` (YYYY-MM), +3.000 m³ a month from 100.000. */
function history(from: string, to: string) {
  const out = [];
  let [y, m] = from.split('-').map(Number);
  let v = 100;
  for (;;) {
    const p = `${y}-${String(m).padStart(2, '0')}`;
    if (p > to) break;
    out.push(reading(`${v}.000`, `${p}-20`, false));
    v += 3;
    m += 1;
    if (m === 13) [y, m] = [y + 1, 1];
  }
  return out;
}
const prior = (...periods: string[]): PriorSubstitution[] =>
  periods.map((period) => ({
    accountId: 'A1',
    serviceCode: 'cold_water',
    zone: null,
    method: 'average' as const,
    period,
    volume: '3.000',
  }));

function bill(o: {
  decommissionedOn: string;
  readings: ReturnType<typeof reading>[];
  installedOn?: string;
  priorAverages?: PriorSubstitution[];
  impossible?: boolean;
}) {
  return run({
    services: [SERVICES.cold_water],
    tariffs: COLD,
    norms: COLD_NORM,
    coefficients: COEFFICIENTS,
    meters: [meter({ installedOn: o.installedOn ?? '2020-01-01', decommissionedOn: o.decommissionedOn })],
    readings: o.readings,
    priorAverages: o.priorAverages ?? [],
    impossibility: o.impossible ? ['P1|cold_water'] : [],
  });
}

// Norm after the window: 6.935 × 3 = 20.805 m³ × 52.23 = 1086.65; × (3 − 1) = 2173.29 extra; 3259.94.
const NORM_X3 = {
  method: 'norm',
  volume: '20.805',
  coefficient: '3',
  coefficientAmount: '2173.29',
  amount: '3259.94',
};

describe('meter decommissioned without a replacement (decree 354 para 59 "а", 60)', () => {
  it.each([
    // last day in service, its history (through the month of the last reading), expected line, period no.
    [
      '1st period: left service on 28.02',
      '2026-02-28',
      history('2025-08', '2026-02'),
      { method: 'average', volume: '3.000', amount: '156.69' },
      1,
    ],
    [
      '3rd period: left service on 31.12',
      '2025-12-31',
      history('2025-06', '2025-12'),
      { method: 'average', volume: '3.000', amount: '156.69' },
      3,
    ],
    ['4th period: the norm × 3', '2025-11-30', history('2025-05', '2025-11'), NORM_X3, 3],
  ])('%s', (_name, decommissionedOn, readings, line, periodNo) => {
    const { lines, issues } = bill({ decommissionedOn, readings });
    expect(issues).toEqual([]);
    expect(lines).toMatchObject([{ part: 1, zone: null, ...line }]);
    if (line.method === 'average')
      expect(lines[0].basis).toMatchObject({
        substitution: 'meter_decommissioned',
        decommissionedOn,
        substitutedPeriod: periodNo,
        average: { monthly: '3', meters: [{ meterId: 'M1', months: 6 }] },
        days: { count: 31, ofDays: 31 },
      });
    else
      expect(lines[0].basis).toMatchObject({
        reason: 'no_meter',
        decommissioned: { on: decommissionedOn, substitutedPeriods: periodNo },
        coefficient: { case: 'no_meter', value: '3' },
      });
  });

  it.each([
    ['2 months of history: the norm × 3', '2025-12', undefined],
    ['3 months of a younger meter: the average over 3', '2025-11', 3],
    ['6 of 9 months: the average over the last 6', '2025-05', 6],
  ])('%s', (_name, firstMonth, months) => {
    const { lines } = bill({
      decommissionedOn: '2026-02-28',
      installedOn: `${firstMonth}-20`,
      readings: history(firstMonth, '2026-02'),
    });
    if (months === undefined) expect(lines).toMatchObject([NORM_X3]);
    else {
      expect(lines).toMatchObject([{ method: 'average', volume: '3.000', amount: '156.69' }]);
      expect(lines[0].basis).toMatchObject({ average: { meters: [{ months }] } });
    }
  });

  it('mid-month: metered to the closing reading, then the average × 16/31', () => {
    // Base 118.000 (20.02), closing 120.000 (15.03): 2.000 m³ → 104.46. Average 6 months to the closing
    // reading: (120 − 103) / 6 = 2.8333… × 16 / 31 = 1.462 m³ → 76.36.
    const { lines } = bill({
      decommissionedOn: '2026-03-15',
      readings: [...history('2025-08', '2026-02'), reading('120.000', '2026-03-15')],
    });
    expect(lines).toMatchObject([
      { part: 1, method: 'metered', volume: '2.000', amount: '104.46' },
      { part: 2, method: 'average', volume: '1.462', amount: '76.36' },
    ]);
    expect(lines[1].basis).toMatchObject({
      decommissionedOn: '2026-03-15',
      substitutedPeriod: 1,
      average: { meters: [{ months: 6, to: { takenOn: '2026-03-15' } }] },
      days: { count: 16, ofDays: 31 },
      segment: { from: '2026-03-16', to: '2026-03-31', days: 16 },
    });
  });

  it('mid-month without a closing reading: the average × 15/31 and × 16/31', () => {
    // 3.000 × 15 / 31 = 1.452 → 75.84; 3.000 × 16 / 31 = 1.548 → 80.85.
    const { lines } = bill({ decommissionedOn: '2026-03-15', readings: history('2025-08', '2026-02') });
    expect(lines).toMatchObject([
      { part: 1, method: 'average', volume: '1.452', amount: '75.84' },
      { part: 2, method: 'average', volume: '1.548', amount: '80.85' },
    ]);
  });

  it('periods already billed by average before the removal count towards the 3', () => {
    const readings = history('2025-06', '2025-12');
    const third = bill({
      decommissionedOn: '2026-02-28',
      readings,
      priorAverages: prior('2026-01', '2026-02'),
    });
    expect(third.lines).toMatchObject([{ method: 'average', volume: '3.000' }]);
    expect(third.lines[0].basis).toMatchObject({ substitutedPeriod: 3 });
    const fourth = bill({
      decommissionedOn: '2026-02-28',
      readings,
      priorAverages: prior('2025-12', '2026-01', '2026-02'),
    });
    expect(fourth.lines).toMatchObject([NORM_X3]);
  });

  it('after the window with an act of technical impossibility: the norm without a coefficient', () => {
    const { lines } = bill({ decommissionedOn: '2025-11-30', readings: [], impossible: true });
    expect(lines).toMatchObject([{ method: 'norm', volume: '20.805', coefficient: null, amount: '1086.65' }]);
  });

  it('a replacement installed later ends the substitution', () => {
    const { lines } = run({
      services: [SERVICES.cold_water],
      tariffs: COLD,
      norms: COLD_NORM,
      coefficients: COEFFICIENTS,
      meters: [
        meter({ decommissionedOn: '2026-01-31', installedOn: '2020-01-01' }),
        meter({ meterId: 'M2', serialNumber: 'SN2', installedOn: '2026-03-10' }),
      ],
      readings: [
        ...history('2025-07', '2026-01'),
        reading('0.000', '2026-03-10', true, { meterId: 'M2' }),
        reading('2.500', '2026-03-25', true, { meterId: 'M2' }),
      ],
    });
    // Only the new meter: 2.500 × 52.23 = 130.575 → 130.58.
    expect(lines).toMatchObject([{ part: 1, method: 'metered', volume: '2.500', amount: '130.58' }]);
    expect(lines).toHaveLength(1);
  });
});
