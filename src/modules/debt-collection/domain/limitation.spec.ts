import { dueDateOf, isTimeBarred, limitationEnds } from './limitation';

describe('limitation', () => {
  it('due date is the due day of the next month', () => {
    expect(dueDateOf('2023-01', 10)).toBe('2023-02-10');
    expect(dueDateOf('2023-12', 10)).toBe('2024-01-10');
  });

  it('3 years from the due date', () => {
    expect(limitationEnds('2023-01', 10, 3)).toBe('2026-02-10');
  });

  it('flags a period only after its limitation ends', () => {
    expect(isTimeBarred('2023-01', '2026-02-10', 10, 3)).toBe(false);
    expect(isTimeBarred('2023-01', '2026-02-11', 10, 3)).toBe(true);
    expect(isTimeBarred('2023-02', '2026-02-11', 10, 3)).toBe(false);
  });
});
