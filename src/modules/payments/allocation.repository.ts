import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { PlannedAllocation } from './domain/allocation-plan.calc';
import { AllocationKind, OutstandingAdvance } from './domain/allocation.types';
import { emptyCell, LedgerCell } from './domain/ledger-cell';
import type { PenaltyChargeRow } from './penalty-charges.source';
import { byKeys, prepared } from 'src/database/prepared';

interface CellRow {
  account_id: string;
  period: string;
  service_code: string | null;
  sort_order: number;
  charged: string;
  recalculated: string;
  imported_principal: string;
  imported_penalty: string;
  paid_principal: string;
  paid_penalty: string;
}

interface AdvanceRow {
  account_id: string;
  payment_id: string;
  paid_on: string;
  amount: string;
}

export interface StoredAllocation {
  paymentId: string;
  period: string | null;
  serviceCode: string | null;
  kind: AllocationKind;
  amount: string;
  createdAt: Date;
}

// Charges, migrated balances and allocations of the accounts, summed per period and service in one
// statement; numeric sums stay decimal strings with 2 decimals.
const CELL_TOTALS = `
  SELECT x.account_id::text AS account_id, to_char(x.period, 'YYYY-MM') AS period, x.service_code,
         coalesce(s.sort_order, 32767)::int AS sort_order,
         sum(x.charged)::numeric(14,2)::text AS charged,
         sum(x.recalculated)::numeric(14,2)::text AS recalculated,
         sum(x.imported_principal)::numeric(14,2)::text AS imported_principal,
         sum(x.imported_penalty)::numeric(14,2)::text AS imported_penalty,
         sum(x.paid_principal)::numeric(14,2)::text AS paid_principal,
         sum(x.paid_penalty)::numeric(14,2)::text AS paid_penalty
    FROM (
      SELECT account_id, period, service_code, amount AS charged, 0::numeric AS recalculated,
             0::numeric AS imported_principal, 0::numeric AS imported_penalty, 0::numeric AS paid_principal,
             0::numeric AS paid_penalty
        FROM charge_lines WHERE account_id = ANY($1::bigint[])
      UNION ALL
      -- Recalculation deltas count in the period they are posted into (the corrected period stays closed).
      SELECT account_id, posting_period, service_code, 0, amount_delta, 0, 0, 0, 0
        FROM recalculation_lines WHERE account_id = ANY($1::bigint[])
      UNION ALL
      SELECT account_id, period, service_code, 0, 0, CASE WHEN kind = 'principal' THEN amount ELSE 0 END,
             CASE WHEN kind = 'penalty' THEN amount ELSE 0 END, 0, 0
        FROM opening_balances WHERE account_id = ANY($1::bigint[])
      UNION ALL
      SELECT account_id, period, service_code, 0, 0, 0, 0, CASE WHEN kind = 'principal' THEN amount ELSE 0 END,
             CASE WHEN kind = 'penalty' THEN amount ELSE 0 END
        FROM payment_allocations WHERE account_id = ANY($1::bigint[]) AND kind <> 'advance'
    ) x LEFT JOIN services s ON s.code = x.service_code
   GROUP BY x.account_id, x.period, x.service_code, s.sort_order
   ORDER BY x.account_id, x.period, sort_order`;

// Net advance per original payment: a reversal's rows count against the payment it reverses.
const OUTSTANDING_ADVANCES = `
  SELECT a.account_id::text AS account_id, root.id::text AS payment_id, root.paid_on,
         sum(a.amount)::numeric(14,2)::text AS amount
    FROM payment_allocations a
    JOIN payments p ON p.id = a.payment_id
    JOIN payments root ON root.id = coalesce(p.reverses_payment_id, p.id)
   WHERE a.account_id = ANY($1::bigint[]) AND a.kind = 'advance'
   GROUP BY a.account_id, root.id, root.paid_on
  HAVING sum(a.amount) > 0
   ORDER BY root.paid_on, root.id`;

// Both figures in one round trip (the hot path of a payment post): each list as a json array in the
// order of its own statement above. json_agg keeps numeric and bigint as the strings cast above.
const CELLS_AND_ADVANCES = `
  SELECT (SELECT coalesce(json_agg(c ORDER BY c.account_id::bigint, c.period, c.sort_order), '[]')
            FROM (${CELL_TOTALS}) c) AS cells,
         (SELECT coalesce(json_agg(a ORDER BY a.paid_on, a.payment_id::bigint), '[]')
            FROM (${OUTSTANDING_ADVANCES}) a) AS advances`;

/** Which accounts exist, their cells, outstanding advances and accrued penalties (not merged). */
export interface Figures {
  found: string[];
  cells: Map<string, LedgerCell[]>;
  advances: Map<string, OutstandingAdvance[]>;
  penalties: PenaltyChargeRow[];
}

interface PenaltyRow {
  account_id: string;
  period: string;
  service_code: string | null;
  amount: string;
}

const figuresSqlCache = new Map<string, string>();

/** CELLS_AND_ADVANCES with the accounts found and the penalty rows of `penaltySql` (over $1). */
function figuresSql(penaltySql: string): string {
  let sql = figuresSqlCache.get(penaltySql);
  if (sql === undefined) {
    sql = `
  SELECT (SELECT coalesce(json_agg(id::text ORDER BY id), '[]') FROM accounts WHERE id = ANY($1::bigint[])) AS found,
         (SELECT coalesce(json_agg(c ORDER BY c.account_id::bigint, c.period, c.sort_order), '[]')
            FROM (${CELL_TOTALS}) c) AS cells,
         (SELECT coalesce(json_agg(a ORDER BY a.paid_on, a.payment_id::bigint), '[]')
            FROM (${OUTSTANDING_ADVANCES}) a) AS advances,
         (SELECT coalesce(json_agg(p ORDER BY p.account_id::bigint, p.period), '[]')
            FROM (${penaltySql}) p) AS penalties`;
    figuresSqlCache.set(penaltySql, sql);
  }
  return sql;
}

/** Inserts allocation rows given as six arrays ($1–$6, see `allocationParams`). */
export const INSERT_ALLOCATIONS = `
  INSERT INTO payment_allocations (payment_id, account_id, period, service_code, kind, amount)
  SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::date[], $4::text[], $5::text[], $6::numeric[])`;

/** The parameters $1–$6 of INSERT_ALLOCATIONS. */
export function allocationParams(rows: (PlannedAllocation & { accountId: string })[]): unknown[] {
  return [
    rows.map((r) => r.paymentId),
    rows.map((r) => r.accountId),
    rows.map((r) => (r.period === null ? null : `${r.period}-01`)),
    rows.map((r) => r.serviceCode),
    rows.map((r) => r.kind),
    rows.map((r) => r.amount),
  ];
}

/** SQL of payment_allocations and the debt figures the allocation works on (read-only over charges). */
@Injectable()
export class AllocationRepository {
  /** Locks the accounts (in id order, so concurrent writers never deadlock); returns the ids found. */
  async lockAccounts(m: EntityManager, ids: string[]): Promise<string[]> {
    const rows: { id: string }[] = await m.query(
      `SELECT id::text AS id FROM accounts WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE`,
      [ids],
    );
    return rows.map((r) => r.id);
  }

  /** The ids of the accounts that exist. */
  async existing(m: EntityManager, ids: string[]): Promise<string[]> {
    const rows: { id: string }[] = await m.query(
      `SELECT id::text AS id FROM accounts WHERE id = ANY($1::bigint[]) ORDER BY id`,
      [ids],
    );
    return rows.map((r) => r.id);
  }

  async cellTotals(m: EntityManager, accountIds: string[]): Promise<Map<string, LedgerCell[]>> {
    const rows: CellRow[] = await m.query(CELL_TOTALS, [accountIds]);
    return cellsByAccount(rows);
  }

  async outstandingAdvances(
    m: EntityManager,
    accountIds: string[],
  ): Promise<Map<string, OutstandingAdvance[]>> {
    const rows: AdvanceRow[] = await m.query(OUTSTANDING_ADVANCES, [accountIds]);
    return advancesByAccount(rows);
  }

  /**
   * Which of the accounts exist, their cells, outstanding advances and (given the SQL of the penalty
   * source over $1) accrued penalties, with one statement: the ledger read and the allocation figures
   * of a payment post in one round trip. Penalties are not merged into the cells here.
   */
  async figures(m: EntityManager, accountIds: string[], penaltySql: string): Promise<Figures> {
    return this.figuresAfter(m, accountIds, penaltySql, null, []);
  }

  /**
   * `figures` in the same statement as a data-modifying CTE `before` (its parameters from $2, the one
   * row of its RETURNING given back as `inserted`, a json object): e.g. a payment's insert under an
   * account lock already held. The figures do not see the CTE's own rows (one snapshot per statement).
   */
  async figuresAfter(
    m: EntityManager,
    accountIds: string[],
    penaltySql: string,
    before: string | null,
    beforeParams: unknown[],
  ): Promise<Figures & { inserted: Record<string, unknown> | null }> {
    const many = before
      ? `WITH before AS (${before}) SELECT (SELECT to_json(b) FROM before b) AS inserted, f.* FROM (${figuresSql(penaltySql)}) f`
      : figuresSql(penaltySql);
    // One account (the ledger read, a payment post): a scalar key, so the statement keeps a generic plan.
    const { text, key } = byKeys(many, accountIds);
    const [row]: {
      inserted?: Record<string, unknown> | null;
      found: string[];
      cells: CellRow[];
      advances: AdvanceRow[];
      penalties: PenaltyRow[];
    }[] = await m.query(prepared(text), [key, ...beforeParams]);
    return {
      inserted: row.inserted ?? null,
      found: row.found,
      cells: cellsByAccount(row.cells),
      advances: advancesByAccount(row.advances),
      penalties: row.penalties.map((p) => ({
        accountId: p.account_id,
        period: p.period,
        serviceCode: p.service_code,
        amount: p.amount,
      })),
    };
  }

  /** `cellTotals` and `outstandingAdvances` with one statement. */
  async cellsAndAdvances(
    m: EntityManager,
    accountIds: string[],
  ): Promise<{ cells: Map<string, LedgerCell[]>; advances: Map<string, OutstandingAdvance[]> }> {
    const [row]: { cells: CellRow[]; advances: AdvanceRow[] }[] = await m.query(CELLS_AND_ADVANCES, [
      accountIds,
    ]);
    return { cells: cellsByAccount(row.cells), advances: advancesByAccount(row.advances) };
  }

  /**
   * Writes allocation rows (possibly none) and, in the same statement, other inserts given as
   * data-modifying CTEs whose parameters are numbered from `$first` (the rows take $1–$6): e.g. a
   * payment's idempotency record and audit entry, its transaction's last statement.
   */
  async insertWith(
    m: EntityManager,
    rows: (PlannedAllocation & { accountId: string })[],
    inserts: ((first: number) => { sql: string; params: unknown[] })[],
  ): Promise<void> {
    const params = allocationParams(rows);
    const ctes = [`allocations AS (${INSERT_ALLOCATIONS})`];
    for (const insert of inserts) {
      const { sql, params: own } = insert(params.length + 1);
      ctes.push(`i${ctes.length} AS (${sql})`);
      params.push(...own);
    }
    await m.query(prepared(`WITH ${ctes.join(',\n')}\nSELECT 1`), params);
  }

  /** Writes allocation rows with one statement (arrays through unnest). */
  async insert(m: EntityManager, rows: (PlannedAllocation & { accountId: string })[]): Promise<void> {
    if (rows.length === 0) return;
    await m.query(INSERT_ALLOCATIONS, allocationParams(rows));
  }

  /** Stored rows of the payments, in the order they were written. */
  async ofPayments(m: EntityManager, paymentIds: string[]): Promise<StoredAllocation[]> {
    const rows: {
      payment_id: string;
      period: string | null;
      service_code: string | null;
      kind: AllocationKind;
      amount: string;
      created_at: Date;
    }[] = await m.query(
      `SELECT payment_id::text AS payment_id, to_char(period, 'YYYY-MM') AS period, service_code, kind,
              amount::text AS amount, created_at
         FROM payment_allocations WHERE payment_id = ANY($1::bigint[]) ORDER BY id`,
      [paymentIds],
    );
    return rows.map((r) => ({
      paymentId: r.payment_id,
      period: r.period,
      serviceCode: r.service_code,
      kind: r.kind,
      amount: r.amount,
      createdAt: r.created_at,
    }));
  }
}

function cellsByAccount(rows: CellRow[]): Map<string, LedgerCell[]> {
  const byAccount = new Map<string, LedgerCell[]>();
  for (const r of rows) {
    const cell: LedgerCell = {
      ...emptyCell(r.period, r.service_code, r.sort_order),
      charged: r.charged,
      recalculated: r.recalculated,
      importedPrincipal: r.imported_principal,
      importedPenalty: r.imported_penalty,
      paidPrincipal: r.paid_principal,
      paidPenalty: r.paid_penalty,
    };
    const list = byAccount.get(r.account_id);
    if (list) list.push(cell);
    else byAccount.set(r.account_id, [cell]);
  }
  return byAccount;
}

function advancesByAccount(rows: AdvanceRow[]): Map<string, OutstandingAdvance[]> {
  const byAccount = new Map<string, OutstandingAdvance[]>();
  for (const r of rows) {
    const advance = { paymentId: r.payment_id, amount: r.amount, paidOn: r.paid_on };
    const list = byAccount.get(r.account_id);
    if (list) list.push(advance);
    else byAccount.set(r.account_id, [advance]);
  }
  return byAccount;
}
