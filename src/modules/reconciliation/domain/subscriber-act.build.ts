import { dec, Dec, moneyString, sum, ZERO } from 'src/shared/money';

/** One booked event of an account, as read from the books (amounts signed as they are stored). */
export type ActSource =
  | { kind: 'charge'; date: string; period: string; serviceCode: string; amount: string }
  | { kind: 'imported'; date: string; period: string; serviceCode: string; penalty: boolean; amount: string }
  | {
      kind: 'recalculation';
      date: string;
      period: string;
      number: string;
      reason: string;
      amount: string;
      lines: { serviceCode: string; correctedPeriod: string; amount: string }[];
    }
  | {
      kind: 'payment';
      date: string;
      paymentId: string;
      amount: string;
      channel: string;
      reason: string | null;
      allocation: {
        kind: 'principal' | 'penalty' | 'advance';
        period: string | null;
        serviceCode: string | null;
        amount: string;
      }[];
    }
  | {
      kind: 'penalty';
      date: string;
      period: string;
      amount: string;
      debtPeriods: { debtPeriod: string; amount: string }[];
    };

export interface ActEntry {
  date: string;
  kind: ActSource['kind'];
  /** What the line is, in words (Russian, as printed). */
  description: string;
  /** Increase of the debt (charges, positive recalculations, penalties, imported debt). */
  debit: string;
  /** Decrease of the debt (payments, negative recalculations). */
  credit: string;
  /** Balance after the line (positive = owed). */
  balance: string;
  /** The source row: payment allocation, recalculation reason and lines, penalty periods… */
  details: Record<string, unknown>;
}

export interface ActBalance {
  /** Total owed (principal + penalty); negative = overpaid. */
  total: string;
  /** Principal part (charges, recalculations, imported debt less what payments paid to them and advances). */
  principal: string;
  /** Penalty part (penalty charged and imported less penalty paid). */
  penalty: string;
}

export interface SubscriberActFigures {
  opening: ActBalance;
  entries: ActEntry[];
  turnover: { debit: string; credit: string };
  closing: ActBalance;
}

/** Effect on (principal, penalty) of one event. Payments split by their stored allocation. */
function effect(s: ActSource): { principal: Dec; penalty: Dec } {
  switch (s.kind) {
    case 'charge':
    case 'recalculation':
      return { principal: dec(s.amount), penalty: ZERO };
    case 'imported':
      return s.penalty
        ? { principal: ZERO, penalty: dec(s.amount) }
        : { principal: dec(s.amount), penalty: ZERO };
    case 'penalty':
      return { principal: ZERO, penalty: dec(s.amount) };
    case 'payment': {
      const penalty = sum(s.allocation.filter((a) => a.kind === 'penalty').map((a) => dec(a.amount)));
      return { principal: dec(s.amount).minus(penalty).neg(), penalty: penalty.neg() };
    }
  }
}

const KIND_ORDER: Record<ActSource['kind'], number> = {
  imported: 0,
  charge: 1,
  recalculation: 2,
  penalty: 3,
  payment: 4,
};

function describe(s: ActSource): string {
  switch (s.kind) {
    case 'charge':
      return `Начислено за ${s.period}: ${s.serviceCode}`;
    case 'imported':
      return `${s.penalty ? 'Пени' : 'Долг'} за ${s.period} (перенесено из прежней системы): ${s.serviceCode}`;
    case 'recalculation':
      return `Перерасчёт ${s.number} (${s.reason})`;
    case 'penalty':
      return `Пени, начисленные за ${s.period}`;
    case 'payment':
      return s.amount.startsWith('-') ? `Сторно оплаты (${s.reason ?? ''})` : `Оплата (${s.channel})`;
  }
}

function detailsOf(s: ActSource): Record<string, unknown> {
  switch (s.kind) {
    case 'charge':
      return { period: s.period, serviceCode: s.serviceCode };
    case 'imported':
      return { period: s.period, serviceCode: s.serviceCode, penalty: s.penalty };
    case 'recalculation':
      return { period: s.period, number: s.number, reason: s.reason, lines: s.lines };
    case 'penalty':
      return { period: s.period, debtPeriods: s.debtPeriods };
    case 'payment':
      return { paymentId: s.paymentId, channel: s.channel, reason: s.reason, allocation: s.allocation };
  }
}

const balanceOf = (principal: Dec, penalty: Dec): ActBalance => ({
  total: moneyString(principal.plus(penalty)),
  principal: moneyString(principal),
  penalty: moneyString(penalty),
});

/**
 * Акт сверки: events before `from` fold into the opening balance, events from `from` to `to`
 * (inclusive, by date) are listed chronologically with a running balance, the closing balance is split
 * into principal and penalty. Pure: the books are read elsewhere.
 */
export function buildSubscriberAct(sources: ActSource[], from: string, to: string): SubscriberActFigures {
  const sorted = [...sources].sort(
    (a, b) => a.date.localeCompare(b.date) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind],
  );
  let principal = ZERO;
  let penalty = ZERO;
  for (const s of sorted.filter((x) => x.date < from)) {
    const e = effect(s);
    principal = principal.plus(e.principal);
    penalty = penalty.plus(e.penalty);
  }
  const opening = balanceOf(principal, penalty);
  let debit = ZERO;
  let credit = ZERO;
  const entries: ActEntry[] = [];
  for (const s of sorted.filter((x) => x.date >= from && x.date <= to)) {
    const e = effect(s);
    principal = principal.plus(e.principal);
    penalty = penalty.plus(e.penalty);
    const change = e.principal.plus(e.penalty);
    if (change.gte(0)) debit = debit.plus(change);
    else credit = credit.minus(change);
    entries.push({
      date: s.date,
      kind: s.kind,
      description: describe(s),
      debit: moneyString(change.gte(0) ? change : ZERO),
      credit: moneyString(change.lt(0) ? change.neg() : ZERO),
      balance: moneyString(principal.plus(penalty)),
      details: detailsOf(s),
    });
  }
  return {
    opening,
    entries,
    turnover: { debit: moneyString(debit), credit: moneyString(credit) },
    closing: balanceOf(principal, penalty),
  };
}
