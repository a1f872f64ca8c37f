import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from 'src/config/configuration';
import { dec, moneyString } from 'src/shared/money';
import { AllocationRepository, Figures, StoredAllocation } from './allocation.repository';
import { PaymentToAllocate, PlannedAllocation, planAllocations } from './domain/allocation-plan.calc';
import { OutstandingAdvance } from './domain/allocation.types';
import { debtsOfCells, emptyCell, LedgerCell } from './domain/ledger-cell';
import { PENALTY_CHARGES_SOURCE, PenaltyChargeRow, PenaltyChargesSource } from './penalty-charges.source';

/** A new payment of an account, already inserted, waiting for its allocation rows. */
export interface AccountPayment extends PaymentToAllocate {
  accountId: string;
}

/**
 * Allocation of money to an account's debt, and the figures it works on. Every write (payment,
 * registry line, reversal, migrated balance) runs under the account lock, applies outstanding
 * advances first and stores the rows, so the stored allocation is always the one the rules give.
 * Exported: the ledger module reads cells and advances through it and settles after an import.
 */
@Injectable()
export class AllocationService {
  constructor(
    private readonly repo: AllocationRepository,
    @Inject(PENALTY_CHARGES_SOURCE) private readonly penalties: PenaltyChargesSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Whether periods past the 3-year limitation are skipped (ALLOCATION_SKIP_LIMITATION). */
  get skipTimeBarred(): boolean {
    return this.config.payments.skipTimeBarredPeriods;
  }

  /** Locks the accounts in id order for the caller's transaction; returns the ids that exist. */
  lockAccounts(m: EntityManager, ids: string[]): Promise<string[]> {
    return this.repo.lockAccounts(m, [...new Set(ids)]);
  }

  /** Booked figures per account, period and service, with accrued penalties merged in. */
  async cellsOf(m: EntityManager, accountIds: string[]): Promise<Map<string, LedgerCell[]>> {
    // One connection per transaction: the statements run one after the other.
    const cells = await this.repo.cellTotals(m, accountIds);
    await this.mergePenalties(m, accountIds, cells);
    return cells;
  }

  /**
   * Which of the accounts exist, their cells (accrued penalties merged in) and outstanding advances:
   * one statement when the penalty source gives its SQL (the ledger read, a payment's figures).
   */
  async figuresOf(
    m: EntityManager,
    accountIds: string[],
  ): Promise<{
    found: Set<string>;
    cells: Map<string, LedgerCell[]>;
    advances: Map<string, OutstandingAdvance[]>;
  }> {
    const f = await this.repo.figures(m, accountIds, this.penalties.sql ?? NO_PENALTIES);
    await this.mergeFigurePenalties(m, accountIds, f);
    return { found: new Set(f.found), cells: f.cells, advances: f.advances };
  }

  /**
   * Inserts a new payment (`insertSql` returning one row with its `id` as text, its parameters from
   * $2; the account locked by the caller) and reads the figures its allocation works on, with one
   * statement; then plans its allocation rows. Returns the inserted row (a json object) and the rows
   * to write.
   */
  async insertAndPlan(
    m: EntityManager,
    insertSql: string,
    insertParams: unknown[],
    payment: Omit<AccountPayment, 'paymentId'>,
  ): Promise<{ inserted: Record<string, unknown>; rows: (PlannedAllocation & { accountId: string })[] }> {
    const { accountId } = payment;
    const f = await this.repo.figuresAfter(
      m,
      [accountId],
      this.penalties.sql ?? NO_PENALTIES,
      insertSql,
      insertParams,
    );
    if (f.inserted === null || typeof f.inserted.id !== 'string') {
      throw new Error('the payment insert returned no id');
    }
    await this.mergeFigurePenalties(m, [accountId], f);
    const rows = planAllocations({
      debts: debtsOfCells(f.cells.get(accountId) ?? []),
      advances: f.advances.get(accountId) ?? [],
      payments: [{ ...payment, paymentId: f.inserted.id }],
      skipTimeBarred: this.skipTimeBarred,
    }).map((r) => ({ ...r, accountId }));
    return { inserted: f.inserted, rows };
  }

  /** Writes allocation rows and other inserts in one statement (see AllocationRepository.insertWith). */
  insertWith(
    m: EntityManager,
    rows: (PlannedAllocation & { accountId: string })[],
    inserts: ((first: number) => { sql: string; params: unknown[] })[],
  ): Promise<void> {
    return this.repo.insertWith(m, rows, inserts);
  }

  /** Penalties read with the figures, or through `chargedFor` when the source gives no SQL. */
  private async mergeFigurePenalties(m: EntityManager, accountIds: string[], f: Figures): Promise<void> {
    mergePenaltyRows(
      f.cells,
      this.penalties.sql === null ? await this.penalties.chargedFor(m, accountIds) : f.penalties,
    );
  }

  /** Adds accrued penalties to the cells (a cell is created for a penalty on a period without one). */
  private async mergePenalties(
    m: EntityManager,
    accountIds: string[],
    cells: Map<string, LedgerCell[]>,
  ): Promise<void> {
    mergePenaltyRows(cells, await this.penalties.chargedFor(m, accountIds));
  }

  advancesOf(m: EntityManager, accountIds: string[]): Promise<Map<string, OutstandingAdvance[]>> {
    return this.repo.outstandingAdvances(m, accountIds);
  }

  /**
   * Allocates new payments (accounts already locked by the caller): per account, outstanding
   * advances first, then the payments in the given order; all rows written with one statement.
   */
  async allocate(m: EntityManager, payments: AccountPayment[], alsoSettle: string[] = []): Promise<void> {
    await this.repo.insert(m, await this.plan(m, payments, alsoSettle));
  }

  /** The rows `allocate` writes (accounts locked by the caller), for a caller that writes them itself. */
  async plan(
    m: EntityManager,
    payments: AccountPayment[],
    alsoSettle: string[] = [],
  ): Promise<(PlannedAllocation & { accountId: string })[]> {
    const accountIds = [...new Set([...payments.map((p) => p.accountId), ...alsoSettle])];
    if (accountIds.length === 0) return [];
    const { cells, advances } = await this.figuresOf(m, accountIds);
    return accountIds.flatMap((accountId) =>
      planAllocations({
        debts: debtsOfCells(cells.get(accountId) ?? []),
        advances: advances.get(accountId) ?? [],
        payments: payments.filter((p) => p.accountId === accountId),
        skipTimeBarred: this.skipTimeBarred,
      }).map((r) => ({ ...r, accountId })),
    );
  }

  /** Applies outstanding advances of the (locked) accounts to what they now owe. */
  settle(m: EntityManager, accountIds: string[]): Promise<void> {
    return this.allocate(m, [], accountIds);
  }

  /** Writes the exact negative of a payment's rows on its reversal. */
  async reverse(m: EntityManager, originalId: string, reversalId: string, accountId: string): Promise<void> {
    const rows = await this.repo.ofPayments(m, [originalId]);
    await this.repo.insert(
      m,
      rows.map((r) => ({
        paymentId: reversalId,
        accountId,
        period: r.period,
        serviceCode: r.serviceCode,
        kind: r.kind,
        amount: moneyString(dec(r.amount).neg()),
      })),
    );
  }

  ofPayments(m: EntityManager, paymentIds: string[]): Promise<StoredAllocation[]> {
    return this.repo.ofPayments(m, paymentIds);
  }
}

/** Penalty SQL of no rows (a source without SQL: its rows come from `chargedFor`). */
const NO_PENALTIES = `SELECT NULL::text AS account_id, NULL::text AS period, NULL::text AS service_code,
  NULL::text AS amount WHERE false`;

/** Adds penalty rows to the cells (a cell is created for a penalty on a period without one). */
function mergePenaltyRows(cells: Map<string, LedgerCell[]>, penalties: PenaltyChargeRow[]): void {
  for (const p of penalties) {
    const list = cells.get(p.accountId) ?? [];
    let cell = list.find((c) => c.period === p.period && c.serviceCode === p.serviceCode);
    if (!cell) {
      cell = emptyCell(p.period, p.serviceCode, 32767);
      list.push(cell);
    }
    cell.penaltyCharged = moneyString(dec(cell.penaltyCharged).plus(p.amount));
    cells.set(p.accountId, list);
  }
}
