import { describeReason, ReasonCategory } from './reason-labels';

describe('describeReason', () => {
  it.each([
    [ReasonCategory.Charge, 'norm', 'by the consumption norm (para 42, Annex 2)'],
    [ReasonCategory.Charge, 'something_new', 'something_new'],
    [
      ReasonCategory.Recalculation,
      'absence:temporary_absence',
      'temporary absence (decree 354 section VIII): temporary_absence',
    ],
    [ReasonCategory.Recalculation, 'manual', 'manual correction'],
    [ReasonCategory.Recalculation, 'odd:code', 'odd: code'],
    [ReasonCategory.Penalty, 'penalty_155_14', 'penalty for late payment (ЖК РФ ст. 155 ч. 14)'],
  ])('%s %s', (category, code, text) => expect(describeReason(category, code)).toBe(text));
});
