import { ServiceDef } from './charge-lines.calc';
import { account, meter, norm, reading, run, SERVICES, tariff } from './charge.fixtures';

/** Common property (ОДН), decree 354 para 44, formulas 10/12 and 15, with the RULES.md worked examples. */
const ODN: ServiceDef = { code: 'electricity_odn', unit: 'kWh', volumeScale: 3, calculation: 'common' };
const POWER = [tariff('electricity', '1.936000')];
const flat = (id: string, area: string) => account({ accountId: id, premisesId: `P${id}`, area });

describe('common-property consumption (ОДН)', () => {
  it('formula 15 without a common meter: 3.94 × 1426 × 60 / 2400 = 140.461 kWh → 271.93', () => {
    const { lines } = run({
      accounts: [flat('1', '60.00')],
      building: { totalArea: '2400.00', commonArea: '1426.00', capByNorm: true },
      services: [ODN],
      tariffs: POWER,
      norms: [norm('electricity_odn', '3.94', 'per_m2')],
    });
    expect(lines).toMatchObject([
      {
        serviceCode: 'electricity_odn',
        method: 'common',
        volume: '140.461',
        tariff: '1.936000',
        amount: '271.93',
      },
    ]);
    expect(lines[0].basis).toMatchObject({
      decreeFormula: '15',
      normLimit: '5618.44',
      area: '60.00',
      totalArea: '2400.00',
    });
  });

  const house = (value: string) => [
    reading('10000', '2026-02-25', false, { meterId: 'H1' }),
    reading(value, '2026-03-25', true, { meterId: 'H1' }),
  ];
  const metered = (id: string, used: string) =>
    [
      meter({ meterId: `M${id}`, premisesId: `P${id}`, serviceCode: 'electricity', digits: 6 }),
      [
        reading('1000', '2026-02-20', false, { meterId: `M${id}` }),
        reading(String(1000 + Number(used)), '2026-03-20', true, { meterId: `M${id}` }),
      ],
    ] as const;

  it('formulas 10/12 with a common meter: house − individual, by area; 150 kWh + the 96.80 share = 387.20', () => {
    const [m1, r1] = metered('1', '150');
    const [m2, r2] = metered('2', '850');
    const { lines } = run({
      accounts: [flat('1', '60.00'), flat('2', '60.00')],
      building: { totalArea: '120.00', commonArea: '40.00', capByNorm: true },
      services: [SERVICES.electricity, ODN],
      tariffs: POWER,
      norms: [norm('electricity_odn', '3.94', 'per_m2')],
      meters: [m1, m2],
      readings: [...r1, ...r2, ...house('11100')],
      commonMeters: [meter({ meterId: 'H1', premisesId: '', serviceCode: 'electricity', digits: 6 })],
    });
    const a1 = lines.filter((l) => l.accountId === '1').map((l) => [l.serviceCode, l.volume, l.amount]);
    expect(a1).toEqual([
      ['electricity', '150.000', '290.40'],
      ['electricity_odn', '50.000', '96.80'],
    ]);
    expect(lines.find((l) => l.serviceCode === 'electricity_odn')!.basis).toMatchObject({
      decreeFormula: '10/12',
      houseVolume: '1100',
      individualVolume: '1000',
      distributedVolume: '100',
    });
  });

  it('caps the distributed volume at norm × common area, unless the owners decided otherwise', () => {
    const [m1, r1] = metered('1', '150');
    const params = {
      accounts: [flat('1', '60.00'), flat('2', '60.00')],
      services: [SERVICES.electricity, ODN],
      tariffs: POWER,
      norms: [norm('electricity_odn', '3.94', 'per_m2'), norm('electricity', '100')],
      meters: [m1],
      readings: [...r1, ...house('11100')],
      commonMeters: [meter({ meterId: 'H1', premisesId: '', serviceCode: 'electricity', digits: 6 })],
    };
    // individual: 150 metered + flat 2 by norm 100 × 3 = 300 → 650 left; the cap is 3.94 × 40 = 157.6
    const capped = run({
      ...params,
      building: { totalArea: '120.00', commonArea: '40.00', capByNorm: true },
    });
    expect(capped.lines.filter((l) => l.serviceCode === 'electricity_odn').map((l) => l.volume)).toEqual([
      '78.800',
      '78.800',
    ]);
    const uncapped = run({
      ...params,
      building: { totalArea: '120.00', commonArea: '40.00', capByNorm: false },
    });
    expect(uncapped.lines.filter((l) => l.serviceCode === 'electricity_odn').map((l) => l.volume)).toEqual([
      '325.000',
      '325.000',
    ]);
  });

  it('distributes nothing when the individual volumes exceed the house meter', () => {
    const [m1, r1] = metered('1', '1500');
    const { lines } = run({
      accounts: [flat('1', '60.00')],
      building: { totalArea: '60.00', commonArea: '40.00', capByNorm: true },
      services: [SERVICES.electricity, ODN],
      tariffs: POWER,
      norms: [norm('electricity_odn', '3.94', 'per_m2')],
      meters: [m1],
      readings: [...r1, ...house('11100')],
      commonMeters: [meter({ meterId: 'H1', premisesId: '', serviceCode: 'electricity', digits: 6 })],
    });
    expect(lines.find((l) => l.serviceCode === 'electricity_odn')).toMatchObject({
      volume: '0.000',
      amount: '0.00',
    });
  });

  it('flags a building without a common area', () => {
    const { issues } = run({
      services: [ODN],
      tariffs: POWER,
      norms: [norm('electricity_odn', '3.94', 'per_m2')],
    });
    expect(issues).toEqual([
      {
        accountId: 'A1',
        serviceCode: 'electricity_odn',
        code: 'NO_COMMON_AREA',
        message: 'the building has no common area recorded',
      },
    ]);
  });
});
