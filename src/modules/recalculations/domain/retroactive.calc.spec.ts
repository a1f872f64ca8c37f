import { ChargeLine } from 'src/modules/billing-runs/domain/charge-inputs';
import { billed } from './recalculation.fixtures';
import { PostedDelta, retroactiveDeltas } from './retroactive.calc';

const recomputed = (o: Partial<ChargeLine> = {}): ChargeLine => ({
  accountId: 'A1',
  serviceCode: 'maintenance',
  zone: null,
  part: 1,
  method: 'area',
  volume: '50.00',
  unit: 'm2',
  tariff: '33.000000',
  tariffId: 't2',
  coefficient: null,
  coefficientAmount: '0.00',
  amount: '1650.00',
  basis: { formula: '50.00 m2 × 33.000000 = 1650.00' },
  ...o,
});
const was = (o = {}) => ({
  ...billed({
    id: '9',
    serviceCode: 'maintenance',
    method: 'area',
    volume: '50.00',
    unit: 'm2',
    tariff: '30.000000',
    amount: '1500.00',
  }),
  accountId: 'A1',
  ...o,
});
const run = (o: Partial<Parameters<typeof retroactiveDeltas>[0]> = {}) =>
  retroactiveDeltas({
    period: '2026-03',
    recomputed: [recomputed()],
    billed: [was()],
    posted: [],
    issues: [],
    services: null,
    ...o,
  });

describe('retroactiveDeltas', () => {
  it('a tariff raised from 30 to 33 backwards: +150.00, linked to the billed line', () => {
    expect(run().lines).toEqual([
      expect.objectContaining({
        accountId: 'A1',
        correctedPeriod: '2026-03',
        chargeLineId: '9',
        volumeDelta: '0.00',
        tariff: '33.000000',
        amountDelta: '150.00',
        formula: 'recomputed 1650.00 − billed 1500.00 − corrected 0.00 = 150.00',
      }),
    ]);
  });

  it.each([
    ['already corrected by an earlier document: nothing', [{ amountDelta: '150.00', volumeDelta: '0' }], []],
    ['corrected in part: the rest', [{ amountDelta: '100.00', volumeDelta: '0' }], ['50.00']],
  ])('%s', (_name, posted, amounts) => {
    const deltas: PostedDelta[] = posted.map((d) => ({
      accountId: 'A1',
      serviceCode: 'maintenance',
      zone: null,
      ...d,
    }));
    expect(run({ posted: deltas }).lines.map((l) => l.amountDelta)).toEqual(amounts);
  });

  it('a tariff change on the 16th splits the month: parts summed against the one billed line', () => {
    const parts = [
      recomputed({ volume: '24.19', amount: '725.70', tariff: '30.000000' }),
      recomputed({ part: 2, volume: '25.81', amount: '851.73' }),
    ];
    expect(run({ recomputed: parts }).lines.map((l) => [l.amountDelta, l.volumeDelta, l.tariff])).toEqual([
      ['77.43', '0.00', null],
    ]);
  });

  it('an issue in the recomputation skips the cell instead of reversing it; a service filter applies', () => {
    const out = run({ recomputed: [], issues: [{ accountId: 'A1', serviceCode: 'maintenance' }] });
    expect(out).toEqual({ lines: [], skipped: [{ accountId: 'A1', serviceCode: 'maintenance' }] });
    expect(run({ services: ['solid_waste'] }).lines).toEqual([]);
  });

  it('an account no longer billed in the period: the billed amount reversed', () => {
    expect(run({ recomputed: [] }).lines.map((l) => [l.amountDelta, l.volumeDelta])).toEqual([
      ['-1500.00', '-50.00'],
    ]);
  });
});
