import { dec } from 'src/shared/money';
import { addMonths } from 'src/shared/period';
import { Refusal, RecalculationStatus } from './recalculation.types';

/**
 * Where a document posts: the period requested, or the earliest period not closed from the last
 * corrected one on. Closed periods never take new lines (corrections go to the open period), and a
 * document never posts before a period it corrects.
 */
export function choosePostingPeriod(p: {
  requested: string | null;
  correctedTo: string;
  closed: string[];
}): { period: string } | Refusal {
  const closed = new Set(p.closed);
  if (p.requested !== null) {
    if (p.requested < p.correctedTo) {
      return {
        refusal: 'POSTING_BEFORE_CORRECTED',
        message: 'A recalculation posts into the corrected period or a later one',
        details: { postingPeriod: p.requested, correctedTo: p.correctedTo },
      };
    }
    if (closed.has(p.requested)) {
      return {
        refusal: 'PERIOD_CLOSED',
        message: 'The billing period is closed: corrections go to the open period',
        details: { period: p.requested },
      };
    }
    return { period: p.requested };
  }
  let period = p.correctedTo;
  while (closed.has(period)) period = addMonths(period, 1);
  return { period };
}

/**
 * Maker-checker for manual corrections: an amount whose absolute value exceeds the threshold
 * (configuration, roubles) waits for a second user's approval; exactly the threshold posts at once.
 */
export function needsApproval(p: { amount: string; threshold: string }): boolean {
  return dec(p.amount).abs().gt(dec(p.threshold));
}

export type Decision = 'approve' | 'reject';

/**
 * The transition a checker's decision makes: pending_approval → approved (then posted in the same
 * transaction) or rejected. The maker may not approve his own document (maker-checker); he may
 * withdraw it by rejecting it.
 */
export function decide(p: {
  status: RecalculationStatus;
  makerId: string;
  checkerId: string;
  decision: Decision;
}): { status: RecalculationStatus.Approved | RecalculationStatus.Rejected } | Refusal {
  if (p.status !== RecalculationStatus.PendingApproval) {
    return {
      refusal: 'RECALCULATION_NOT_PENDING',
      message: `The recalculation is ${p.status}, not pending approval`,
      details: { status: p.status },
    };
  }
  if (p.decision === 'approve' && p.makerId === p.checkerId) {
    return {
      refusal: 'MAKER_CANNOT_APPROVE',
      message: 'The user who made the correction cannot approve it: another supervisor must',
      details: { makerId: p.makerId },
    };
  }
  return {
    status: p.decision === 'approve' ? RecalculationStatus.Approved : RecalculationStatus.Rejected,
  };
}
