import { account, meter, norm, reading, run, SERVICES, tariff } from './charge.fixtures';
import { twoComponentPrice } from './pricing.calc';

/** Heating by season or by the common heat meter, two-component hot water, solid waste per m². */
const HEAT = [tariff('heating', '2850.120000')];

describe('heating (decree 354 formulas 2, 3; para 42(1))', () => {
  it('bills only the days of the heating season when the building bills in season', () => {
    const seasons = [{ validFrom: '2025-10-01', validTo: '2026-04-15' }];
    const april = run({
      period: '2026-04',
      services: [SERVICES.heating],
      tariffs: HEAT,
      norms: [norm('heating', '0.0325', 'per_m2')],
      building: { heatingMode: 'season' },
      heatingSeasons: seasons,
    });
    // 0.0325 Gcal/m² × 54.30 m² × 15/30 days = 0.882375 Gcal × 2850.12 = 2514.87
    expect(april.lines).toMatchObject([{ volume: '0.882375', amount: '2514.87' }]);
    expect(april.lines[0].basis).toMatchObject({
      segment: { from: '2026-04-01', to: '2026-04-15', days: 15 },
    });
    const may = run({
      period: '2026-05',
      services: [SERVICES.heating],
      tariffs: HEAT,
      norms: [norm('heating', '0.0325', 'per_m2')],
      building: { heatingMode: 'season' },
      heatingSeasons: seasons,
    });
    expect(may.lines).toEqual([]);
    expect(may.issues).toEqual([]);
  });

  it('bills evenly over the year by default, summer included', () => {
    const { lines } = run({
      period: '2026-07',
      services: [SERVICES.heating],
      tariffs: HEAT,
      norms: [norm('heating', '0.0163', 'per_m2')],
    });
    expect(lines).toMatchObject([{ volume: '0.885090' }]);
  });

  it('shares the common heat meter by area (formula 3): 12 Gcal × 60/120 = 6 Gcal', () => {
    const { lines } = run({
      accounts: [account({ area: '60.00' })],
      services: [SERVICES.heating],
      tariffs: HEAT,
      building: { totalArea: '120.00' },
      commonMeters: [meter({ meterId: 'H', premisesId: '', serviceCode: 'heating', digits: 8 })],
      readings: [
        reading('100.000', '2026-02-25', false, { meterId: 'H' }),
        reading('112.000', '2026-03-25', true, { meterId: 'H' }),
      ],
    });
    expect(lines).toMatchObject([{ method: 'area', volume: '6.000000', amount: '17100.72' }]);
    expect(lines[0].basis).toMatchObject({ decreeFormula: '3', houseVolume: '12' });
  });
});

describe('two-component hot water (formula 20)', () => {
  it('prices the RULES.md example at 451.38 ₽/m³: (12.9 × 1056.37 + 31.424 × 17.73) / 31.424', () => {
    expect(
      twoComponentPrice({ coldWater: '17.73', heat: '1056.37', heatPerM3: '0.410514' })
        .toDecimalPlaces(2)
        .toString(),
    ).toBe('451.38');
  });

  it('bills hot water at cold water + heat per m³ × heat tariff, with both components on the line', () => {
    const { lines } = run({
      services: [SERVICES.hot_water],
      tariffs: [tariff('cold_water', '17.730000'), tariff('heating', '1056.370000')],
      building: { hotWaterMode: 'two_component', hotWaterHeatPerM3: '0.410514' },
      meters: [meter({ serviceCode: 'hot_water' })],
      readings: [reading('10.000', '2026-02-20', false), reading('13.000', '2026-03-20')],
    });
    expect(lines).toMatchObject([{ volume: '3.000', tariff: '451.384674', amount: '1354.15' }]);
    expect(lines[0].basis).toMatchObject({
      twoComponents: { coldWaterTariff: '17.730000', heatTariff: '1056.370000', heatPerM3: '0.410514' },
    });
  });

  it('sets the line aside when the heat per m³ is not recorded', () => {
    const { issues } = run({
      services: [SERVICES.hot_water],
      tariffs: [tariff('cold_water', '17.73'), tariff('heating', '1056.37')],
      building: { hotWaterMode: 'two_component' },
      meters: [meter({ serviceCode: 'hot_water' })],
      readings: [reading('10.000', '2026-02-20', false), reading('13.000', '2026-03-20')],
    });
    expect(issues.map((i) => i.code)).toEqual(['NO_TARIFF']);
  });
});

describe('solid waste', () => {
  it('per m² when the norm is per m²: 0.006 × 54.30 = 0.3258 m³ × 987.65 = 321.78', () => {
    const { lines } = run({
      services: [SERVICES.solid_waste],
      tariffs: [tariff('solid_waste', '987.65')],
      norms: [norm('solid_waste', '0.006', 'per_m2')],
    });
    expect(lines).toMatchObject([{ volume: '0.325800', amount: '321.78' }]);
  });
});
