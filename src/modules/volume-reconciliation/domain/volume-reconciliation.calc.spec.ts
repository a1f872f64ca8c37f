import { CommonServiceFacts, reconcileVolumes } from './volume-reconciliation.calc';

const facts = (o: Partial<CommonServiceFacts> = {}): CommonServiceFacts => ({
  serviceCode: 'electricity_odn',
  baseServiceCode: 'electricity',
  decreeFormula: '10/12',
  houseVolume: '1100',
  individualVolume: '950',
  distributedVolume: '150',
  billedCommonVolume: '149.99',
  billedIndividualVolume: '950',
  cappedByNorm: false,
  ...o,
});

describe('reconcileVolumes', () => {
  it('what the meter measured minus what was billed individually and as common property', () => {
    expect(reconcileVolumes(facts())).toMatchObject({
      unbilledVolume: '0.01',
      formula: '1100 − 950 − 149.99 = 0.01',
    });
  });

  it('the norm cap leaves the excess unbilled', () => {
    expect(
      reconcileVolumes(facts({ distributedVolume: '100', billedCommonVolume: '100', cappedByNorm: true })),
    ).toMatchObject({ unbilledVolume: '50' });
  });

  it('more billed than measured is negative', () => {
    expect(
      reconcileVolumes(facts({ billedIndividualVolume: '1200', billedCommonVolume: '0' })),
    ).toMatchObject({
      unbilledVolume: '-100',
    });
  });

  it('no meter volume (formula 15): nothing to reconcile', () => {
    expect(reconcileVolumes(facts({ decreeFormula: '15', houseVolume: null }))).toMatchObject({
      unbilledVolume: null,
      formula: null,
    });
  });
});
