import { account, meter, norm, reading, run, SERVICES, tariff } from './charge.fixtures';

/**
 * Boundary cases of decree 354 not covered elsewhere: an account closed inside the month, a norm change
 * inside the month, the average substitution of a multi-zone meter (each zone its own average at its
 * own tariff) and a roll-over on one zone of a multi-zone meter. March 2026 (31 days); values by hand.
 */
const COLD = [tariff('cold_water', '52.230000')];
const ZONE_TARIFFS = [tariff('electricity', '6.000000', 'T1'), tariff('electricity', '2.500000', 'T2')];

describe('account closed inside the month', () => {
  it('bills area and norm for the days up to the closing day only', () => {
    const { lines } = run({
      accounts: [account({ closedOn: '2026-03-10' })],
      services: [SERVICES.maintenance, SERVICES.cold_water],
      tariffs: [tariff('maintenance', '32.15'), ...COLD],
      norms: [norm('cold_water', '6.935')],
    });
    // 54.30 m² × 10/31 = 17.516… → 17.52 × 32.15 = 563.268 → 563.27
    // 6.935 × 3 persons × 10/31 = 6.7112… → 6.711 m³ × 52.23 = 350.5155… → 350.52
    expect(lines.map((l) => [l.serviceCode, l.method, l.volume, l.amount])).toEqual([
      ['maintenance', 'area', '17.52', '563.27'],
      ['cold_water', 'norm', '6.711', '350.52'],
    ]);
  });

  it('an account closed on the last day of the month is billed in full', () => {
    const { lines } = run({
      accounts: [account({ closedOn: '2026-03-31' })],
      services: [SERVICES.maintenance],
      tariffs: [tariff('maintenance', '32.15')],
    });
    // 54.30 × 32.15 = 1745.745 → 1745.75
    expect(lines.map((l) => [l.volume, l.amount])).toEqual([['54.30', '1745.75']]);
  });
});

describe('norm changed on the 16th', () => {
  it('splits the norm line by days, each part at its own norm', () => {
    const { lines } = run({
      services: [SERVICES.cold_water],
      tariffs: COLD,
      norms: [
        norm('cold_water', '6.935', 'per_person', { validTo: '2026-03-15' }),
        norm('cold_water', '7', 'per_person', { validFrom: '2026-03-16' }),
      ],
    });
    // 6.935 × 3 × 15/31 = 10.0669… → 10.067 × 52.23 = 525.7994… → 525.80
    // 7 × 3 × 16/31 = 10.8387… → 10.839 × 52.23 = 566.1209… → 566.12
    expect(lines.map((l) => [l.part, l.method, l.volume, l.amount])).toEqual([
      [1, 'norm', '10.067', '525.80'],
      [2, 'norm', '10.839', '566.12'],
    ]);
  });
});

describe('multi-zone electricity', () => {
  const history = ['2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02'].flatMap(
    (p, i) => [
      reading(String(1000 + 100 * i), `${p}-20`, false, { zone: 'T1' }),
      reading(String(500 + 40 * i), `${p}-20`, false, { zone: 'T2' }),
    ],
  );

  it('no reading: each zone its own average (6 months) at its zone tariff', () => {
    const { lines } = run({
      services: [SERVICES.electricity],
      tariffs: ZONE_TARIFFS,
      norms: [norm('electricity', '50')],
      meters: [meter({ serviceCode: 'electricity', zones: 2 })],
      readings: history,
    });
    // T1: (1600 − 1000) / 6 = 100.000 × 6.00 = 600.00; T2: (740 − 500) / 6 = 40.000 × 2.50 = 100.00
    expect(lines.map((l) => [l.zone, l.method, l.volume, l.amount])).toEqual([
      ['T1', 'average', '100.000', '600.00'],
      ['T2', 'average', '40.000', '100.00'],
    ]);
  });

  it('a roll-over on the day zone only: 99950 → 120 on 5 digits is 170 kWh', () => {
    const { lines } = run({
      services: [SERVICES.electricity],
      tariffs: ZONE_TARIFFS,
      meters: [meter({ serviceCode: 'electricity', zones: 2, digits: 5 })],
      readings: [
        reading('99950', '2026-02-20', false, { zone: 'T1' }),
        reading('120', '2026-03-20', true, { zone: 'T1' }),
        reading('500', '2026-02-20', false, { zone: 'T2' }),
        reading('540', '2026-03-20', true, { zone: 'T2' }),
      ],
    });
    // T1: 100000 − 99950 + 120 = 170 × 6.00 = 1020.00; T2: 40 × 2.50 = 100.00
    expect(lines.map((l) => [l.zone, l.method, l.volume, l.amount])).toEqual([
      ['T1', 'metered', '170.000', '1020.00'],
      ['T2', 'metered', '40.000', '100.00'],
    ]);
  });
});
