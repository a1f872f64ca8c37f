import { collectionRatePercent } from './collection-rate.calc';

describe('collectionRatePercent', () => {
  it.each([
    ['paid in full', '4980.00', '4980.00', '100.00'],
    ['half-up at the 3rd decimal', '4980.00', '2692.00', '54.06'],
    ['2306.45 / 4500.00 = 51.2544…', '4500.00', '2306.45', '51.25'],
    ['exactly .005 rounds up', '200.00', '0.01', '0.01'],
    ['nothing paid', '1800.00', '0.00', '0.00'],
    ['overpaid after a credit recalculation', '100.00', '150.00', '150.00'],
    ['a reversal exceeding payments', '100.00', '-10.00', '-10.00'],
  ])('%s', (_name, billed, paid, rate) => {
    expect(collectionRatePercent({ billed, paid })).toBe(rate);
  });

  it.each([['0.00'], ['-250.00']])('no rate when billed is %s', (billed) => {
    expect(collectionRatePercent({ billed, paid: '10.00' })).toBeNull();
  });
});
