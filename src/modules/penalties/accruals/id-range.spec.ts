import { idRange } from './id-range';

describe('idRange', () => {
  it('compares ids as numbers, not as strings', () => {
    expect(idRange(['9', '10', '100000000000000000', '42'])).toEqual(['9', '100000000000000000']);
  });
  it('a single id is its own range', () => {
    expect(idRange(['7'])).toEqual(['7', '7']);
  });
});
