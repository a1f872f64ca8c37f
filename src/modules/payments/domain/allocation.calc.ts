import { Dec, dec, moneyString, sum } from 'src/shared/money';
import { AllocationKind, AllocationLine, DebtCell, DebtKind, OutstandingAdvance } from './allocation.types';
import { isTimeBarred } from './limitation.rules';

/** A debt cell with its unpaid amount as a decimal, updated as money is applied. */
interface WorkCell {
  cell: DebtCell;
  owed: Dec;
}

const ONE_KOPECK = dec('0.01');
/** Principal before penalty (RULES.md 2: penalty last unless the payer designates it). */
const KIND_ORDER: DebtKind[] = [AllocationKind.Principal, AllocationKind.Penalty];

export interface AllocatePaymentParams {
  /** Roubles, decimal string > 0 with at most 2 decimals. */
  amount: string;
  /** The period the payer named (YYYY-MM), or null when the payer named none. */
  period: string | null;
  /** The payment's date (YYYY-MM-DD): the limitation switch is judged on it. */
  paidOn: string;
  /** The account's unpaid cells before this payment. */
  debts: DebtCell[];
  /** Skip periods past the 3-year limitation when the payer named no period. */
  skipTimeBarred: boolean;
}

export interface AllocationResult {
  /** The payment's allocation rows in the order the money was applied; they sum to the amount. */
  lines: AllocationLine[];
  /** The cells after this payment (same order as given). */
  debts: DebtCell[];
}

/**
 * Allocates one payment over an account's unpaid cells.
 *
 * 1. A named period is paid first (Civil Code art. 319.1; Plenum 22 of 27.06.2017 para 32): its
 *    principal, then its penalty. A named period past the limitation is still paid: the payer chose it.
 * 2. The rest goes to the oldest unpaid period first (art. 319.1: the obligation due earliest),
 *    all principal before any penalty (RULES.md 2), optionally skipping time-barred periods.
 * 3. Services of one period fall due on the same day, so a period that cannot be paid in full is
 *    paid pro rata to each service's unpaid amount (art. 319.1: equal due dates → pro rata); the
 *    split is rounded down to the kopeck and the remaining kopecks go to the largest remainders
 *    (ties: service sort order), so the rows sum exactly to the money applied.
 * 4. What is left is an advance (one row with no period), applied to later debts by `settleAdvances`.
 */
export function allocatePayment(p: AllocatePaymentParams): AllocationResult {
  const work = toWork(p.debts);
  const lines: AllocationLine[] = [];
  let left = dec(p.amount);
  if (p.period !== null) {
    for (const kind of KIND_ORDER) left = payGroup(groupOf(work, p.period, kind), left, lines);
  }
  left = payOldestFirst(work, left, lines, p.skipTimeBarred ? p.paidOn : null);
  if (left.gt(0)) {
    lines.push({ period: null, serviceCode: null, kind: AllocationKind.Advance, amount: moneyString(left) });
  }
  return { lines, debts: fromWork(work) };
}

export interface SettleAdvancesParams {
  /** Outstanding advances, oldest first (the order they are applied in). */
  advances: OutstandingAdvance[];
  debts: DebtCell[];
  skipTimeBarred: boolean;
}

export interface AdvanceSettlement {
  paymentId: string;
  /** A negative advance row and the positive rows it pays; they sum to zero. */
  lines: AllocationLine[];
}

/**
 * Applies outstanding advances to unpaid cells by the same oldest-first rule as `allocatePayment`
 * (an advance is money the payer did not assign). Each applied amount is booked on the payment
 * that brought the advance: a negative advance row and the principal/penalty rows it pays, so a
 * payment's rows always sum to the payment.
 */
export function settleAdvances(p: SettleAdvancesParams): {
  settlements: AdvanceSettlement[];
  debts: DebtCell[];
} {
  const work = toWork(p.debts);
  const settlements: AdvanceSettlement[] = [];
  for (const advance of p.advances) {
    const amount = dec(advance.amount);
    const lines: AllocationLine[] = [];
    const left = payOldestFirst(work, amount, lines, p.skipTimeBarred ? advance.paidOn : null);
    const applied = amount.minus(left);
    if (applied.gt(0)) {
      const back = { period: null, serviceCode: null, kind: AllocationKind.Advance };
      settlements.push({
        paymentId: advance.paymentId,
        lines: [{ ...back, amount: moneyString(applied.neg()) }, ...lines],
      });
    }
  }
  return { settlements, debts: fromWork(work) };
}

/**
 * Splits `amount` over `weights` in proportion, each share rounded down to the kopeck, then one
 * kopeck each to the largest remainders (ties: the earlier weight) until the shares sum to `amount`.
 * Requires amount ≤ the sum of the weights, so no share exceeds its weight.
 */
export function splitProRata(amount: Dec, weights: Dec[]): Dec[] {
  const total = sum(weights);
  const exact = weights.map((w) => amount.mul(w).div(total));
  const shares = exact.map((e) => e.mul(100).floor().div(100));
  const byRemainder = exact
    .map((e, i) => ({ i, rest: e.minus(shares[i]) }))
    .sort((a, b) => b.rest.comparedTo(a.rest) || a.i - b.i);
  let left = amount.minus(sum(shares));
  for (const { i } of byRemainder) {
    if (left.lt(ONE_KOPECK)) break;
    shares[i] = shares[i].plus(ONE_KOPECK);
    left = left.minus(ONE_KOPECK);
  }
  return shares;
}

function payOldestFirst(
  work: WorkCell[],
  amount: Dec,
  lines: AllocationLine[],
  barredOn: string | null,
): Dec {
  let left = amount;
  for (const kind of KIND_ORDER) {
    for (const period of openPeriods(work, kind)) {
      if (left.lte(0)) return left;
      if (barredOn !== null && isTimeBarred({ period, on: barredOn })) continue;
      left = payGroup(groupOf(work, period, kind), left, lines);
    }
  }
  return left;
}

/** Pays the open cells of one period and kind: in full when the money suffices, else pro rata. */
function payGroup(group: WorkCell[], amount: Dec, lines: AllocationLine[]): Dec {
  const open = group.filter((w) => w.owed.gt(0));
  const total = sum(open.map((w) => w.owed));
  if (open.length === 0 || amount.lte(0)) return amount;
  const owed = open.map((w) => w.owed);
  const shares = amount.gte(total) ? owed : splitProRata(amount, owed);
  open.forEach((w, i) => {
    if (shares[i].lte(0)) return;
    w.owed = w.owed.minus(shares[i]);
    const { period, serviceCode, kind } = w.cell;
    lines.push({ period, serviceCode, kind, amount: moneyString(shares[i]) });
  });
  return amount.minus(sum(shares));
}

function groupOf(work: WorkCell[], period: string, kind: DebtKind): WorkCell[] {
  return work
    .filter((w) => w.cell.period === period && w.cell.kind === kind)
    .sort(
      (a, b) =>
        a.cell.sortOrder - b.cell.sortOrder ||
        (a.cell.serviceCode ?? '').localeCompare(b.cell.serviceCode ?? ''),
    );
}

function openPeriods(work: WorkCell[], kind: DebtKind): string[] {
  const periods = work.filter((w) => w.cell.kind === kind && w.owed.gt(0)).map((w) => w.cell.period);
  return [...new Set(periods)].sort();
}

function toWork(debts: DebtCell[]): WorkCell[] {
  return debts.map((cell) => ({ cell, owed: dec(cell.amount) }));
}

function fromWork(work: WorkCell[]): DebtCell[] {
  return work.map((w) => ({ ...w.cell, amount: moneyString(w.owed) }));
}
