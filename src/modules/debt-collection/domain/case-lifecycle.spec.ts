import { canTransition, CaseStatus as S } from './case-lifecycle';

describe('case lifecycle', () => {
  it.each([
    [S.Notice, S.RestrictionAllowed, true],
    [S.Notice, S.ClaimFiled, true],
    [S.ClaimFiled, S.OrderIssued, true],
    [S.ClaimFiled, S.OrderCancelled, true],
    [S.OrderIssued, S.Enforcement, true],
    [S.Enforcement, S.Paid, true],
    [S.Enforcement, S.WrittenOff, true],
    [S.Notice, S.OrderIssued, false],
    [S.Notice, S.Enforcement, false],
    [S.Paid, S.Notice, false],
    [S.WrittenOff, S.Paid, false],
    [S.OrderCancelled, S.Enforcement, false],
  ])('%s → %s allowed: %s', (from, to, ok) => {
    expect(canTransition(from, to)).toBe(ok);
  });
});
