import { COEFFICIENTS, account, meter, norm, reading, run, SERVICES, tariff } from './charge.fixtures';
import { PriorSubstitution } from './charge-lines.calc';

/**
 * Decree 354 rules beyond plain metering: average substitution and its limit (para 59–60), the late
 * reading correction, increasing coefficients (para 42; decree 1871 from 06.12.2025), and splits inside
 * the month by days (tariff, residents, account opened). Values computed by hand, half-up.
 */
const COLD = [tariff('cold_water', '52.230000')];
const COLD_NORM = [norm('cold_water', '6.935')];

/** Monthly readings on the 20th, +3.000 m³ a month, from `from` through February 2026. */
function monthly(from: string, start = 100): ReturnType<typeof reading>[] {
  const out = [];
  let [y, m] = from.split('-').map(Number);
  let v = start;
  while (y < 2026 || (y === 2026 && m <= 2)) {
    out.push(reading(`${v}.000`, `${y}-${String(m).padStart(2, '0')}-20`, false));
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

describe('average substitution (decree 354 para 59–60)', () => {
  it('replaces a missing reading by the average of the last 6 months', () => {
    const { lines } = run({
      services: [SERVICES.cold_water],
      tariffs: COLD,
      norms: COLD_NORM,
      meters: [meter()],
      readings: monthly('2025-08'),
    });
    expect(lines).toMatchObject([{ method: 'average', volume: '3.000', amount: '156.69' }]);
    expect(lines[0].basis).toMatchObject({
      readings: [
        {
          substitution: 'no_reading',
          substitutedPeriod: 1,
          average: { months: 6, from: { takenOn: '2025-08-20' }, to: { takenOn: '2026-02-20' } },
        },
      ],
    });
  });

  it.each([
    ['1st', [], 'average'],
    ['3rd', ['2026-01', '2026-02'], 'average'],
    ['4th: the norm, without a coefficient', ['2025-12', '2026-01', '2026-02'], 'norm'],
    ['a gap resets the count', ['2025-12', '2026-01'], 'average'],
  ])('the %s substituted month', (_name, periods, method) => {
    const { lines } = run({
      services: [SERVICES.cold_water],
      tariffs: COLD,
      norms: COLD_NORM,
      coefficients: COEFFICIENTS,
      meters: [meter()],
      readings: monthly('2025-08'),
      priorAverages: prior(...periods),
    });
    expect(lines[0].method).toBe(method);
    if (method === 'norm')
      expect(lines[0]).toMatchObject({ volume: '20.805', coefficient: null, amount: '1086.65' });
  });

  it('takes a younger meter over at least 3 months, and gives the norm below that', () => {
    const young = run({
      services: [SERVICES.cold_water],
      tariffs: COLD,
      norms: COLD_NORM,
      meters: [meter()],
      readings: monthly('2025-11', 0),
    });
    expect(young.lines[0]).toMatchObject({ method: 'average', volume: '3.000' });
    const tooYoung = run({
      services: [SERVICES.cold_water],
      tariffs: COLD,
      norms: COLD_NORM,
      meters: [meter()],
      readings: monthly('2025-12', 0),
    });
    expect(tooYoung.lines[0]).toMatchObject({ method: 'norm', volume: '20.805' });
  });

  it('deducts the volumes billed by average when the real reading arrives (late-reading correction)', () => {
    const { lines } = run({
      services: [SERVICES.cold_water],
      tariffs: COLD,
      norms: COLD_NORM,
      meters: [meter()],
      priorAverages: prior('2026-02'),
      readings: [reading('100.000', '2026-01-20', false), reading('107.500', '2026-03-20')],
    });
    // 7.500 consumed since January, 3.000 of it billed in February by average → 4.500
    expect(lines[0]).toMatchObject({ method: 'metered', volume: '4.500', amount: '235.04' });
    expect(lines[0].basis).toMatchObject({
      correction: { substitutedPeriods: ['2026-02'], substitutedVolume: '3' },
    });
  });

  it('deducts the norm months too when the reading returns after the averages ran out', () => {
    const normJuly: PriorSubstitution = {
      accountId: 'A1',
      serviceCode: 'cold_water',
      zone: null,
      period: '2025-07',
      method: 'norm',
      volume: '10.000',
    };
    const { lines } = run({
      period: '2025-08',
      services: [SERVICES.cold_water],
      tariffs: COLD,
      norms: COLD_NORM,
      meters: [meter()],
      priorAverages: [...prior('2025-04', '2025-05', '2025-06'), normJuly],
      readings: [reading('109.000', '2025-03-20', false), reading('124.000', '2025-08-20')],
    });
    // 15.000 used since March; 3 × 3.000 by average and 10.000 by norm already billed → −4.000, a credit
    expect(lines[0]).toMatchObject({ method: 'metered', volume: '-4.000', amount: '-208.92' });
    expect(lines[0].basis).toMatchObject({
      correction: {
        substitutedPeriods: ['2025-04', '2025-05', '2025-06', '2025-07'],
        substitutedVolume: '19',
      },
    });
  });

  it('substitutes a meter whose verification expired, then bills the norm × 3 for cold water', () => {
    const expired = meter({ nextVerificationOn: '2025-11-30' });
    const early = run({
      period: '2026-01',
      services: [SERVICES.cold_water],
      tariffs: COLD,
      norms: COLD_NORM,
      coefficients: COEFFICIENTS,
      meters: [expired],
      readings: monthly('2025-04').filter((r) => r.takenOn < '2025-12-01'),
    });
    expect(early.lines[0]).toMatchObject({ method: 'average', volume: '3.000' });
    const late = run({
      services: [SERVICES.cold_water],
      tariffs: COLD,
      norms: COLD_NORM,
      coefficients: COEFFICIENTS,
      meters: [expired],
      readings: monthly('2025-04').filter((r) => r.takenOn < '2025-12-01'),
    });
    // December, January, February substituted; March: 20.805 × 52.23 = 1086.65 + 2173.29 (×3 − 1)
    expect(late.lines[0]).toMatchObject({
      method: 'norm',
      coefficient: '3',
      coefficientAmount: '2173.29',
      amount: '3259.94',
    });
    expect(late.lines[0].basis).toMatchObject({ reason: 'verification_expired' });
  });

  it('gives no coefficient for an expired electricity meter after 01.07.2020 (the supplier meters)', () => {
    const { lines } = run({
      services: [SERVICES.electricity],
      tariffs: [tariff('electricity', '6.430000')],
      norms: [norm('electricity', '100')],
      coefficients: COEFFICIENTS,
      meters: [meter({ serviceCode: 'electricity', nextVerificationOn: '2025-06-01' })],
    });
    expect(lines[0]).toMatchObject({ method: 'norm', coefficient: null, amount: '1929.00' });
  });
});

describe('increasing coefficient (decree 354 para 42)', () => {
  it('splits December 2025 for cold water without a meter: ×1.5 to the 5th, ×3 from the 6th', () => {
    const { lines } = run({
      period: '2025-12',
      services: [SERVICES.cold_water],
      tariffs: COLD,
      norms: COLD_NORM,
      coefficients: COEFFICIENTS,
    });
    expect(lines.map((l) => [l.part, l.volume, l.coefficient, l.coefficientAmount, l.amount])).toEqual([
      [1, '3.356', '1.5', '87.64', '262.92'],
      [2, '17.449', '3', '1822.72', '2734.08'],
    ]);
    expect(lines[1].basis).toMatchObject({
      segment: { from: '2025-12-06', to: '2025-12-31', days: 26, daysInPeriod: 31 },
    });
  });

  it('applies none where an act of technical impossibility is recorded', () => {
    const { lines } = run({
      services: [SERVICES.cold_water],
      tariffs: COLD,
      norms: COLD_NORM,
      coefficients: COEFFICIENTS,
      impossibility: ['P1|cold_water'],
    });
    expect(lines[0]).toMatchObject({ coefficient: null, coefficientAmount: '0.00', amount: '1086.65' });
  });

  it('never applies to sewerage, heating or a service with a meter', () => {
    const { lines } = run({
      services: [SERVICES.cold_water, SERVICES.sewerage, SERVICES.heating],
      tariffs: [...COLD, tariff('sewerage', '40.5'), tariff('heating', '2000')],
      norms: [...COLD_NORM, norm('heating', '0.0163', 'per_m2')],
      coefficients: [
        ...COEFFICIENTS,
        {
          serviceCode: 'sewerage',
          appliesWhen: 'no_meter',
          value: '1.5',
          validFrom: '2017-01-01',
          validTo: null,
        },
      ],
      meters: [meter()],
      readings: [reading('1', '2026-02-20', false), reading('2', '2026-03-20')],
    });
    expect(lines.map((l) => l.coefficient)).toEqual([null, null, null]);
  });
});

describe('changes inside the month, split by days', () => {
  const MARCH_TARIFFS = [
    tariff('maintenance', '30', null, { validTo: '2026-03-15' }),
    tariff('maintenance', '33', null, { validFrom: '2026-03-16' }),
  ];

  it('prices area by days on each side of a tariff change on the 16th', () => {
    const { lines } = run({ services: [SERVICES.maintenance], tariffs: MARCH_TARIFFS });
    expect(lines.map((l) => [l.part, l.volume, l.tariff, l.amount])).toEqual([
      [1, '26.27', '30', '788.10'],
      [2, '28.03', '33', '924.99'],
    ]);
  });

  it('spreads a metered volume over a tariff change by days, the remainder on the last part', () => {
    const { lines } = run({
      services: [SERVICES.cold_water],
      tariffs: [
        tariff('cold_water', '52.23', null, { validTo: '2026-03-15' }),
        tariff('cold_water', '55.00', null, { validFrom: '2026-03-16' }),
      ],
      meters: [meter()],
      readings: [reading('100.000', '2026-02-20', false), reading('105.110', '2026-03-20')],
    });
    expect(lines.map((l) => [l.part, l.volume, l.amount])).toEqual([
      [1, '2.473', '129.16'],
      [2, '2.637', '145.04'],
    ]);
  });

  it('follows a change of residents on the 11th', () => {
    const { lines } = run({
      accounts: [
        account({
          residents: [
            { from: '2020-01-01', count: 3 },
            { from: '2026-03-11', count: 1 },
          ],
        }),
      ],
      services: [SERVICES.cold_water],
      tariffs: COLD,
      norms: COLD_NORM,
    });
    expect(lines.map((l) => [l.part, l.volume, l.amount])).toEqual([
      [1, '6.711', '350.52'],
      [2, '4.698', '245.38'],
    ]);
  });

  it('bills an account opened on the 20th for 12 days of area and norm, and one closed before the month not at all', () => {
    const { lines } = run({
      accounts: [
        account({ openedOn: '2026-03-20' }),
        account({ accountId: 'A2', openedOn: '2020-01-01', closedOn: '2026-02-28' }),
      ],
      services: [SERVICES.maintenance],
      tariffs: [tariff('maintenance', '32.15')],
    });
    expect(lines).toMatchObject([{ accountId: 'A1', volume: '21.02', amount: '675.79' }]);
  });
});

describe('control check (para 61) already billed by a recalculation document', () => {
  const check = (checkedOn: string, volume = '2.000') => ({
    accountId: 'A1',
    serviceCode: 'cold_water',
    zone: null,
    checkedOn,
    volume,
  });
  const readings = [reading('100.000', '2026-02-20', false), reading('107.000', '2026-03-20')];

  it('deducts a check taken between the base reading and the last reading of the period', () => {
    const { lines } = run({
      services: [SERVICES.cold_water],
      tariffs: COLD,
      meters: [meter()],
      readings,
      controlChecks: [check('2026-03-05')],
    });
    // 7.000 measured, 2.000 of it already billed by the control-check document → 5.000
    expect(lines[0]).toMatchObject({ method: 'metered', volume: '5.000', amount: '261.15' });
    expect(lines[0].basis).toMatchObject({ controlChecks: { checkedOn: ['2026-03-05'], volume: '2' } });
  });

  it('leaves a check outside the readings to the run that spans it', () => {
    const before = run({
      services: [SERVICES.cold_water],
      tariffs: COLD,
      meters: [meter()],
      readings,
      controlChecks: [check('2026-02-10')],
    });
    const after = run({
      services: [SERVICES.cold_water],
      tariffs: COLD,
      meters: [meter()],
      readings,
      controlChecks: [check('2026-03-22')],
    });
    expect([before.lines[0].volume, after.lines[0].volume]).toEqual(['7.000', '7.000']);
  });
});
