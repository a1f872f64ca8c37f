import { zoneConsumption } from './charge-lines.calc';
import { account, meter, norm, reading, run, SERVICES, tariff } from './charge.fixtures';

describe('calculateChargeLines', () => {
  it('metered: volume from the base reading to the period reading × tariff, rounded half-up once', () => {
    const { lines, issues } = run({
      services: [SERVICES.cold_water],
      tariffs: [tariff('cold_water', '52.230000')],
      meters: [meter()],
      readings: [reading('100.000', '2026-02-20', false), reading('105.110', '2026-03-20')],
    });
    expect(issues).toEqual([]);
    // 5.110 × 52.23 = 266.8953 → 266.90
    expect(lines).toMatchObject([
      {
        serviceCode: 'cold_water',
        zone: null,
        method: 'metered',
        volume: '5.110',
        tariff: '52.230000',
        amount: '266.90',
      },
    ]);
    expect(lines[0].basis).toMatchObject({ formula: '5.110 m3 × 52.230000 = 266.90' });
  });

  it.each([
    ['161.00 × 0.1188 = 19.1268 → 19.13', '161', '0.118800', '19.13'],
    ['58.20 × 0.08 = 4.656 → 4.66', '58.2', '0.080000', '4.66'],
    ['52.23 × 0.11 = 5.7453 → 5.75', '52.23', '0.110000', '5.75'],
    ['half a kopeck rounds up: 1.005 → 1.01', '1.005', '1.000000', '1.01'],
  ])('rounds the line half-up to the kopeck (%s)', (_name, volume, price, expected) => {
    const { lines } = run({
      services: [SERVICES.cold_water],
      tariffs: [tariff('cold_water', price)],
      meters: [meter()],
      readings: [reading('0', '2026-02-20', false), reading(volume, '2026-03-20')],
    });
    expect(lines[0].amount).toBe(expected);
  });

  it('metered multi-zone: each zone at its own tariff', () => {
    const { lines } = run({
      services: [SERVICES.electricity],
      tariffs: [
        tariff('electricity', '6.430000', 'T1'),
        tariff('electricity', '2.510000', 'T2'),
        tariff('electricity', '5.000000'),
      ],
      meters: [meter({ serviceCode: 'electricity', zones: 2 })],
      readings: [
        reading('1000', '2026-02-25', false),
        reading('1120', '2026-03-25'),
        reading('500', '2026-02-25', false, { zone: 'T2' }),
        reading('560', '2026-03-25', true, { zone: 'T2' }),
      ],
    });
    expect(lines.map((l) => [l.zone, l.volume, l.amount])).toEqual([
      ['T1', '120.000', '771.60'],
      ['T2', '60.000', '150.60'],
    ]);
  });

  it('roll-over past the digit capacity gives the right volume', () => {
    expect(
      zoneConsumption({ digits: 5 }, [
        reading('99990.500', '2026-02-20', false),
        reading('12.250', '2026-03-20'),
      ]).volume.toFixed(),
    ).toBe('21.75');
    expect(
      zoneConsumption({ digits: 4 }, [
        reading('9999', '2026-02-20', false),
        reading('3', '2026-03-20'),
      ]).volume.toFixed(),
    ).toBe('4');
  });

  it('sums the steps of several readings in the period and a replaced meter with its successor', () => {
    const { lines } = run({
      services: [SERVICES.cold_water],
      tariffs: [tariff('cold_water', '10.000000')],
      meters: [meter(), meter({ meterId: 'M2', serialNumber: 'SN2' })],
      readings: [
        reading('200', '2026-02-20', false),
        reading('203', '2026-03-10'), // old meter closed on the 10th
        reading('0', '2026-03-10', true, { meterId: 'M2' }),
        reading('2.5', '2026-03-24', true, { meterId: 'M2' }),
      ],
    });
    expect(lines[0]).toMatchObject({ volume: '5.500', amount: '55.00', method: 'metered' });
  });

  it('norm × residents when the premises has no meter', () => {
    const { lines } = run({
      services: [SERVICES.cold_water],
      tariffs: [tariff('cold_water', '52.230000')],
      norms: [norm('cold_water', '6.935000')],
    });
    // 6.935 × 3 = 20.805 m³ × 52.23 = 1086.64515 → 1086.65
    expect(lines[0]).toMatchObject({ method: 'norm', volume: '20.805', amount: '1086.65' });
    expect(lines[0].basis).toMatchObject({ reason: 'no_meter', residents: 3, norm: '6.935000' });
  });

  it('norm when the meter has no reading for the period', () => {
    const { lines } = run({
      services: [SERVICES.cold_water],
      tariffs: [tariff('cold_water', '52.230000')],
      norms: [norm('cold_water', '6.935000')],
      meters: [meter()],
      readings: [reading('100', '2026-02-20', false)],
    });
    expect(lines[0]).toMatchObject({ method: 'norm', volume: '20.805' });
    expect(lines[0].basis).toMatchObject({ reason: 'no_reading' });
  });

  it('a multi-zone meter without a reading falls back to the norm at the single-rate tariff', () => {
    const { lines } = run({
      services: [SERVICES.electricity],
      tariffs: [tariff('electricity', '5.000000'), tariff('electricity', '6.000000', 'T1')],
      norms: [norm('electricity', '50')],
      meters: [meter({ serviceCode: 'electricity', zones: 2 })],
    });
    expect(lines).toMatchObject([{ zone: null, method: 'norm', volume: '150.000', amount: '750.00' }]);
  });

  it('heating: area × norm per m² × tariff', () => {
    const { lines } = run({
      services: [SERVICES.heating],
      tariffs: [tariff('heating', '2150.340000')],
      norms: [norm('heating', '0.016300', 'per_m2')],
    });
    // 54.30 × 0.0163 = 0.88509 Gcal; × 2150.34 = 1903.2444306 → 1903.24
    expect(lines[0]).toMatchObject({ method: 'area', volume: '0.885090', amount: '1903.24' });
  });

  it('heating refuses a per-person norm (flagged, no line)', () => {
    const { lines, issues } = run({
      services: [SERVICES.heating],
      tariffs: [tariff('heating', '1')],
      norms: [norm('heating', '1')],
    });
    expect(lines).toEqual([]);
    expect(issues).toEqual([
      {
        accountId: 'A1',
        serviceCode: 'heating',
        code: 'NORM_BASIS_MISMATCH',
        message: 'heating needs a per_m2 norm, found per_person',
      },
    ]);
  });

  it('maintenance: area × tariff per m²', () => {
    const { lines } = run({
      services: [SERVICES.maintenance],
      tariffs: [tariff('maintenance', '32.150000')],
    });
    // 54.30 × 32.15 = 1745.745 → 1745.75
    expect(lines[0]).toMatchObject({ method: 'area', volume: '54.30', amount: '1745.75' });
  });

  it('sewerage = cold + hot water volume × the sewerage tariff, whatever method billed the water', () => {
    const { lines } = run({
      services: [SERVICES.sewerage, SERVICES.cold_water, SERVICES.hot_water],
      tariffs: [tariff('cold_water', '50'), tariff('hot_water', '200'), tariff('sewerage', '40.500000')],
      norms: [norm('hot_water', '4.745000')],
      meters: [meter()],
      readings: [reading('10', '2026-02-20', false), reading('15.500', '2026-03-20')],
    });
    const sewerage = lines.find((l) => l.serviceCode === 'sewerage')!;
    // 5.500 + 14.235 = 19.735 m³ × 40.50 = 799.2675 → 799.27
    expect(sewerage).toMatchObject({ method: 'derived', volume: '19.735', amount: '799.27' });
    expect(sewerage.basis).toMatchObject({ sources: { cold_water: '5.5', hot_water: '14.235' } });
  });

  it('solid waste per resident: 0.16 m³ × 3 persons × 600 = 288.00 (RULES.md worked example)', () => {
    const { lines } = run({
      services: [SERVICES.solid_waste],
      tariffs: [tariff('solid_waste', '600')],
      norms: [norm('solid_waste', '0.16')],
    });
    expect(lines[0]).toMatchObject({ volume: '0.480000', amount: '288.00' });
  });

  it('flags an account-service without a tariff and bills the rest', () => {
    const { lines, issues } = run({
      services: [SERVICES.cold_water, SERVICES.maintenance],
      norms: [norm('cold_water', '1')],
      tariffs: [tariff('maintenance', '10')],
    });
    expect(lines.map((l) => l.serviceCode)).toEqual(['maintenance']);
    expect(issues).toEqual([
      {
        accountId: 'A1',
        serviceCode: 'cold_water',
        code: 'NO_TARIFF',
        message: 'no tariff for cold_water in force on 2026-03-01',
      },
    ]);
  });

  it('flags a missing norm', () => {
    const { issues } = run({ services: [SERVICES.cold_water], tariffs: [tariff('cold_water', '1')] });
    expect(issues.map((i) => i.code)).toEqual(['NO_NORM']);
  });

  it('zero residents gives a zero norm line, not a missing one', () => {
    const { lines } = run({
      accounts: [account({ people: 0 })],
      services: [SERVICES.cold_water],
      tariffs: [tariff('cold_water', '52.23')],
      norms: [norm('cold_water', '6.935')],
    });
    expect(lines[0]).toMatchObject({ volume: '0.000', amount: '0.00' });
  });
});
