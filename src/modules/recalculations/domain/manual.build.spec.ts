import { buildManualLine } from './manual.build';
import { BilledLine } from './recalculation.types';

const billed = (o: Partial<BilledLine> = {}): BilledLine => ({
  id: '10',
  period: '2026-03',
  serviceCode: 'maintenance',
  zone: null,
  part: 1,
  method: 'area',
  volume: '50.00',
  unit: 'm2',
  tariff: '30.000000',
  amount: '1500.00',
  basis: {},
  ...o,
});

describe('buildManualLine', () => {
  it.each([
    [
      'a credit linked to the one charge line',
      '-250.5',
      [billed()],
      '-250.50',
      '10',
      'manual correction -250.50',
    ],
    ['a surcharge, no line billed', '12', [], '12.00', null, 'manual correction +12.00'],
    [
      'two parts: no single link',
      '1.005',
      [billed(), billed({ id: '11', part: 2 })],
      '1.01',
      null,
      'manual correction +1.01',
    ],
  ])('%s', (_name, amount, lines, amountDelta, chargeLineId, formula) => {
    const line = buildManualLine({
      period: '2026-03',
      serviceCode: 'maintenance',
      unit: 'm2',
      amount,
      reason: 'act of 12.03.2026',
      billed: lines,
    });
    expect(line).toMatchObject({
      amountDelta,
      chargeLineId,
      formula,
      volumeDelta: '0',
      correctedPeriod: '2026-03',
    });
    expect(line.basis.reason).toBe('act of 12.03.2026');
  });
});
