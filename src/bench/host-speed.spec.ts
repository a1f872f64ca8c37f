import { bestOf, decimalWork, fixedBytes } from './host-speed';

describe('host speed (the fixed work of the benchmark)', () => {
  it('does the same money work every time: 20 000 amounts rounded half-up per line', () => {
    // Σ round(48.37 × i / 1000, 2) for i = 1 … 20 000, computed independently with Python's decimal.
    expect(decimalWork()).toBe('9674483.80');
  });

  it('deflates the same bytes every time', () => {
    expect([...fixedBytes(8)]).toEqual(FIRST_EIGHT);
    expect(fixedBytes(4096).equals(fixedBytes(4096))).toBe(true);
  });

  it('runs the work the given number of times and gives a time', async () => {
    let runs = 0;
    const ms = await bestOf(4, () => (runs += 1));
    expect(runs).toBe(4);
    expect(Number.isFinite(ms)).toBe(true);
  });

  it('waits for work that returns a promise before it stops the clock', async () => {
    let done = 0;
    const later = () =>
      new Promise<void>((resolve) =>
        setImmediate(() => {
          done += 1;
          resolve();
        }),
      );
    await bestOf(2, later);
    expect(done).toBe(2);
  });
});

const FIRST_EIGHT = [44, 36, 69, 74, 63, 45, 45, 58];
