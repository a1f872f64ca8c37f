/** States of a debt case, in lifecycle order. */
export enum CaseStatus {
  Notice = 'notice',
  RestrictionAllowed = 'restriction_allowed',
  ClaimFiled = 'claim_filed',
  OrderIssued = 'order_issued',
  OrderCancelled = 'order_cancelled',
  Enforcement = 'enforcement',
  Paid = 'paid',
  WrittenOff = 'written_off',
}

export const CASE_STATUSES = Object.values(CaseStatus);

const S = CaseStatus;
/** Allowed transitions; paid and written off are final. */
export const TRANSITIONS: Record<CaseStatus, CaseStatus[]> = {
  [S.Notice]: [S.RestrictionAllowed, S.ClaimFiled, S.Paid, S.WrittenOff],
  [S.RestrictionAllowed]: [S.ClaimFiled, S.Paid, S.WrittenOff],
  [S.ClaimFiled]: [S.OrderIssued, S.OrderCancelled, S.Paid, S.WrittenOff],
  [S.OrderIssued]: [S.Enforcement, S.OrderCancelled, S.Paid],
  [S.OrderCancelled]: [S.ClaimFiled, S.Paid, S.WrittenOff],
  [S.Enforcement]: [S.Paid, S.WrittenOff],
  [S.Paid]: [],
  [S.WrittenOff]: [],
};

export function canTransition(from: CaseStatus, to: CaseStatus): boolean {
  return TRANSITIONS[from].includes(to);
}
