import { AppealStatus as S } from './appeal.types';
import { AppealAction, checkTransition, isOverdue } from './appeal.state';

describe('checkTransition', () => {
  const base = { on: '2026-03-10', lastOn: '2026-03-05', today: '2026-03-20' };
  it.each<[S, AppealAction, S]>([
    [S.Registered, 'assign', S.Assigned],
    [S.Assigned, 'assign', S.Assigned],
    [S.Assigned, 'answer', S.Answered],
    [S.Answered, 'close', S.Closed],
  ])('%s --%s--> %s', (status, action, to) => {
    expect(checkTransition({ ...base, status, action })).toEqual({ ok: true, to });
  });

  it.each<[S, AppealAction]>([
    [S.Registered, 'answer'],
    [S.Registered, 'close'],
    [S.Assigned, 'close'],
    [S.Answered, 'assign'],
    [S.Answered, 'answer'],
    [S.Closed, 'assign'],
    [S.Closed, 'answer'],
    [S.Closed, 'close'],
  ])('refuses %s --%s-->', (status, action) => {
    expect(checkTransition({ ...base, status, action })).toEqual({
      ok: false,
      code: 'APPEAL_TRANSITION_INVALID',
      message: `Cannot ${action} an appeal that is ${status}`,
    });
  });

  it('refuses a date before the previous step', () => {
    const r = checkTransition({ ...base, status: S.Registered, action: 'assign', on: '2026-03-04' });
    expect(r).toMatchObject({ ok: false, code: 'APPEAL_DATE_BEFORE_PREVIOUS' });
  });

  it('accepts the same day as the previous step and refuses tomorrow', () => {
    expect(checkTransition({ ...base, status: S.Registered, action: 'assign', on: '2026-03-05' }).ok).toBe(
      true,
    );
    const r = checkTransition({ ...base, status: S.Registered, action: 'assign', on: '2026-03-21' });
    expect(r).toMatchObject({ ok: false, code: 'APPEAL_DATE_IN_FUTURE' });
  });
});

describe('isOverdue', () => {
  it.each([
    ['open, deadline passed', '2026-03-10', null, '2026-03-11', true],
    ['open, deadline today', '2026-03-11', null, '2026-03-11', false],
    ['answered late, judged after the answer', '2026-03-10', '2026-03-12', '2026-03-20', false],
    ['answered late, judged before the answer', '2026-03-10', '2026-03-12', '2026-03-11', true],
  ])('%s', (_n, deadlineOn, answeredOn, asOf, expected) => {
    expect(isOverdue({ deadlineOn, answeredOn, asOf })).toBe(expected);
  });
});
