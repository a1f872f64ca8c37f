import { choosePostingPeriod, decide, needsApproval } from './recalculation.state';
import { RecalculationStatus as S } from './recalculation.types';

describe('choosePostingPeriod', () => {
  it.each([
    ['nothing closed: the corrected period itself', null, '2026-03', [], { period: '2026-03' }],
    ['skips closed periods', null, '2026-01', ['2026-01', '2026-02'], { period: '2026-03' }],
    ['requested open period', '2026-04', '2026-01', ['2026-01'], { period: '2026-04' }],
  ])('%s', (_name, requested, correctedTo, closed, expected) => {
    expect(choosePostingPeriod({ requested, correctedTo, closed })).toEqual(expected);
  });

  it.each([
    ['requested closed → PERIOD_CLOSED', '2026-02', '2026-01', ['2026-02'], 'PERIOD_CLOSED'],
    ['requested before corrected', '2025-12', '2026-01', [], 'POSTING_BEFORE_CORRECTED'],
  ])('%s', (_name, requested, correctedTo, closed, code) => {
    expect(choosePostingPeriod({ requested, correctedTo, closed })).toMatchObject({ refusal: code });
  });
});

describe('needsApproval (maker-checker threshold 1000.00)', () => {
  it.each([
    ['999.99', false],
    ['1000.00', false],
    ['1000.01', true],
    ['-1000.00', false],
    ['-1000.01', true],
  ])('%s → %s', (amount, expected) => {
    expect(needsApproval({ amount, threshold: '1000.00' })).toBe(expected);
  });
});

describe('decide', () => {
  const base = { status: S.PendingApproval, makerId: 'user:1', checkerId: 'user:2' };
  it.each([
    ['another user approves', { ...base, decision: 'approve' as const }, { status: S.Approved }],
    ['another user rejects', { ...base, decision: 'reject' as const }, { status: S.Rejected }],
    [
      'the maker withdraws',
      { ...base, checkerId: 'user:1', decision: 'reject' as const },
      { status: S.Rejected },
    ],
  ])('%s', (_name, p, expected) => {
    expect(decide(p)).toEqual(expected);
  });

  it.each([
    [
      'the maker approves',
      { ...base, checkerId: 'user:1', decision: 'approve' as const },
      'MAKER_CANNOT_APPROVE',
    ],
    [
      'already posted',
      { ...base, status: S.Posted, decision: 'approve' as const },
      'RECALCULATION_NOT_PENDING',
    ],
    [
      'already rejected',
      { ...base, status: S.Rejected, decision: 'reject' as const },
      'RECALCULATION_NOT_PENDING',
    ],
  ])('%s → %s', (_name, p, code) => {
    expect(decide(p)).toMatchObject({ refusal: code });
  });
});
