import { Dec, dec, moneyString, sum, ZERO } from 'src/shared/money';
import { settleAdvances } from 'src/modules/payments/domain/allocation.calc';
import { AllocationKind, OutstandingAdvance } from 'src/modules/payments/domain/allocation.types';
import {
  debtsOfCells,
  LedgerCell,
  penaltyOwed,
  principalOwed,
} from 'src/modules/payments/domain/ledger-cell';

/** One row of the account ledger: a period and service (roubles, decimal strings). */
export interface LedgerRow {
  period: string;
  serviceCode: string | null;
  openingBalance: string;
  imported: string;
  charged: string;
  recalculated: string;
  paid: string;
  advanceApplied: string;
  closingBalance: string;
  penaltyOpening: string;
  penaltyImported: string;
  penaltyCharged: string;
  penaltyPaid: string;
  penaltyClosing: string;
}

export interface Ledger {
  from: string | null;
  to: string | null;
  rows: LedgerRow[];
  closingPrincipal: string;
  closingPenalty: string;
  advance: { outstanding: string; appliedOnView: string; remaining: string };
}

const key = (period: string, service: string | null) => `${period}|${service ?? ''}`;

/**
 * The account ledger (карточка лицевого счёта) per period and service, by the period the debt
 * belongs to: opening = the service's closing of earlier periods; closing = opening + imported +
 * charged + recalculated − paid; penalties apart the same way. An advance still outstanding is
 * shown applied to what is owed now by the same rule the next write will store (`settleAdvances`),
 * so the ledger never shows debt and unapplied money side by side; `advanceApplied` marks that part.
 * Rows only where something was booked; `from`/`to` default to the first and last such period.
 */
export function buildLedger(p: {
  cells: LedgerCell[];
  advances: OutstandingAdvance[];
  skipTimeBarred: boolean;
  from?: string;
  to?: string;
}): Ledger {
  const { cells, applied } = applyAdvances(p.cells, p.advances, p.skipTimeBarred);
  const periods = cells.map((c) => c.period).sort();
  const from = p.from ?? periods[0] ?? null;
  const to = p.to ?? periods[periods.length - 1] ?? null;
  const upTo = cells.filter((c) => to !== null && c.period <= to).sort(byPeriodAndService);
  const opening = new Map<string, { principal: Dec; penalty: Dec }>();
  const rows: LedgerRow[] = [];
  for (const c of upTo) {
    const service = c.serviceCode ?? '';
    const o = opening.get(service) ?? { principal: ZERO, penalty: ZERO };
    const closing = {
      principal: o.principal.plus(principalOwed(c)),
      penalty: o.penalty.plus(penaltyOwed(c)),
    };
    opening.set(service, closing);
    if (from !== null && c.period >= from)
      rows.push(toRow(c, o, closing, applied.get(key(c.period, c.serviceCode))));
  }
  const outstanding = sum(p.advances.map((a) => dec(a.amount)));
  const appliedTotal = sum([...applied.values()]);
  return {
    from,
    to,
    rows,
    closingPrincipal: moneyString(sum(upTo.map((c) => dec(principalOwed(c))))),
    closingPenalty: moneyString(sum(upTo.map((c) => dec(penaltyOwed(c))))),
    advance: {
      outstanding: moneyString(outstanding),
      appliedOnView: moneyString(appliedTotal),
      remaining: moneyString(outstanding.minus(appliedTotal)),
    },
  };
}

/** Cells with the outstanding advances applied (as paid), and the applied amount per cell. */
function applyAdvances(
  cells: LedgerCell[],
  advances: OutstandingAdvance[],
  skipTimeBarred: boolean,
): { cells: LedgerCell[]; applied: Map<string, Dec> } {
  const settled = settleAdvances({ advances, debts: debtsOfCells(cells), skipTimeBarred });
  const out = new Map(cells.map((c) => [key(c.period, c.serviceCode), { ...c }]));
  const applied = new Map<string, Dec>();
  for (const line of settled.settlements.flatMap((s) => s.lines)) {
    if (line.kind === AllocationKind.Advance || line.period === null) continue;
    const k = key(line.period, line.serviceCode);
    const cell = out.get(k)!;
    if (line.kind === AllocationKind.Principal)
      cell.paidPrincipal = moneyString(dec(cell.paidPrincipal).plus(line.amount));
    else cell.paidPenalty = moneyString(dec(cell.paidPenalty).plus(line.amount));
    applied.set(k, (applied.get(k) ?? ZERO).plus(line.amount));
  }
  return { cells: [...out.values()], applied };
}

function toRow(
  c: LedgerCell,
  opening: { principal: Dec; penalty: Dec },
  closing: { principal: Dec; penalty: Dec },
  applied: Dec | undefined,
): LedgerRow {
  return {
    period: c.period,
    serviceCode: c.serviceCode,
    openingBalance: moneyString(opening.principal),
    imported: c.importedPrincipal,
    charged: c.charged,
    recalculated: c.recalculated,
    paid: c.paidPrincipal,
    advanceApplied: moneyString(applied ?? ZERO),
    closingBalance: moneyString(closing.principal),
    penaltyOpening: moneyString(opening.penalty),
    penaltyImported: c.importedPenalty,
    penaltyCharged: c.penaltyCharged,
    penaltyPaid: c.paidPenalty,
    penaltyClosing: moneyString(closing.penalty),
  };
}

function byPeriodAndService(a: LedgerCell, b: LedgerCell): number {
  return (
    a.period.localeCompare(b.period) ||
    a.sortOrder - b.sortOrder ||
    (a.serviceCode ?? '').localeCompare(b.serviceCode ?? '')
  );
}
