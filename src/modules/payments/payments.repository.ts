import { Injectable } from '@nestjs/common';
import { types } from 'pg';
import { EntityManager } from 'typeorm';
import { StoredAllocation } from './allocation.repository';
import { AllocationKind } from './domain/allocation.types';
import { PaymentChannel } from './dto/payment.dto';

/** A payment to insert (period YYYY-MM or null). */
export interface NewPayment {
  accountId: string;
  amount: string;
  paidOn: string;
  channel: PaymentChannel;
  period: string | null;
  externalId: string | null;
  bankPaymentId: string | null;
  registryId: string | null;
  reversesPaymentId: string | null;
  reason: string | null;
  createdBy: string;
}

export interface StoredPayment extends NewPayment {
  id: string;
  reversedByPaymentId: string | null;
  createdAt: Date;
}

interface AllocationJson {
  period: string | null;
  service_code: string | null;
  kind: AllocationKind;
  amount: string;
  created_ms: number | string;
}

interface PaymentRow {
  id: string;
  account_id: string;
  amount: string;
  paid_on: string;
  channel: PaymentChannel;
  period: string | null;
  external_id: string | null;
  bank_payment_id: string | null;
  registry_id: string | null;
  reverses_payment_id: string | null;
  reversed_by: string | null;
  reason: string | null;
  created_by: string;
  created_at: Date;
}

const SELECT_PAYMENT = `
  SELECT p.id::text AS id, p.account_id::text AS account_id, p.amount::text AS amount, p.paid_on, p.channel,
         to_char(p.period, 'YYYY-MM') AS period, p.external_id, p.bank_payment_id, p.registry_id::text AS registry_id,
         p.reverses_payment_id::text AS reverses_payment_id, r.id::text AS reversed_by, p.reason, p.created_by,
         p.created_at
    FROM payments p LEFT JOIN payments r ON r.reverses_payment_id = p.id`;

/** Raw rows bypass transformers: map them explicitly (numeric and bigint stay strings). */
function toPayment(r: PaymentRow): StoredPayment {
  return {
    id: r.id,
    accountId: r.account_id,
    amount: r.amount,
    paidOn: r.paid_on,
    channel: r.channel,
    period: r.period,
    externalId: r.external_id,
    bankPaymentId: r.bank_payment_id,
    registryId: r.registry_id,
    reversesPaymentId: r.reverses_payment_id,
    reversedByPaymentId: r.reversed_by,
    reason: r.reason,
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}

type AnswerRow = PaymentRow & { allocations: AllocationJson[] };

/** The payment `idParam` with its rows of `allocations` (a table or CTE of payment_allocations) as json. */
function answerSelect(allocations: string, idParam: string): string {
  return `${SELECT_PAYMENT.replace(
    /\n\s*FROM payments p/,
    `, coalesce((SELECT json_agg(json_build_object(
          'period', to_char(a.period, 'YYYY-MM'), 'service_code', a.service_code, 'kind', a.kind,
          'amount', a.amount::text, 'created_ms', extract(epoch FROM a.created_at) * 1000) ORDER BY a.id)
        FROM ${allocations} a WHERE a.payment_id = p.id), '[]') AS allocations
    FROM payments p`,
  )} WHERE p.id = ${idParam}`;
}

function toAnswer(row: AnswerRow): { payment: StoredPayment; allocations: StoredAllocation[] } {
  return {
    payment: toPayment(row),
    allocations: row.allocations.map((a) => ({
      paymentId: row.id,
      period: a.period,
      serviceCode: a.service_code,
      kind: a.kind,
      amount: a.amount,
      // Milliseconds, as the driver turns a timestamptz into a Date (microseconds dropped).
      createdAt: new Date(Math.trunc(Number(a.created_ms))),
    })),
  };
}

const COLUMNS = `account_id, amount, paid_on, channel, period, external_id, bank_payment_id, registry_id,
  reverses_payment_id, reason, created_by`;

/**
 * Inserts a payment of an account already locked, parameters from $2 (see `insertParams`), for
 * AllocationService.insertAndPlan (one statement with the figures). Returns the row as SELECT_PAYMENT
 * reads it, every column as text (`insertedPayment` maps it), and `created_ms` as the answer's
 * allocation rows read theirs (they share the transaction's now()).
 */
export const INSERT_PAYMENT = `INSERT INTO payments (${COLUMNS})
  VALUES ($2::bigint, $3::numeric, $4::date, $5::text, $6::date, $7::text, $8::text, $9::bigint, $10::bigint,
          $11::text, $12::text)
  RETURNING id::text AS id, account_id::text AS account_id, amount::text AS amount, paid_on::text AS paid_on,
            channel, to_char(period, 'YYYY-MM') AS period, external_id, bank_payment_id,
            registry_id::text AS registry_id, reverses_payment_id::text AS reverses_payment_id,
            NULL::text AS reversed_by, reason, created_by, created_at::text AS created_at,
            (extract(epoch FROM created_at) * 1000)::text AS created_ms`;

const parseTimestamptz = types.getTypeParser(types.builtins.TIMESTAMPTZ, 'text') as (v: string) => Date;

/**
 * The row INSERT_PAYMENT returned (as a json object of texts), as `find` would read it (created_at
 * parsed by the driver's own parser), with the creation time of its allocation rows in the form the
 * answer's rows take (milliseconds since the epoch, truncated).
 */
export function insertedPayment(row: Record<string, unknown>): {
  payment: StoredPayment;
  rowsCreatedAt: Date;
} {
  const r = row as unknown as Omit<PaymentRow, 'created_at'> & { created_at: string; created_ms: string };
  return {
    payment: toPayment({ ...r, created_at: parseTimestamptz(r.created_at) }),
    rowsCreatedAt: new Date(Math.trunc(Number(r.created_ms))),
  };
}

/** The parameters $2–$12 of INSERT_PAYMENT. */
export function insertParams(p: NewPayment): unknown[] {
  return [
    p.accountId,
    p.amount,
    p.paidOn,
    p.channel,
    p.period && `${p.period}-01`,
    p.externalId,
    p.bankPaymentId,
    p.registryId,
    p.reversesPaymentId,
    p.reason,
    p.createdBy,
  ];
}

/** SQL of payments; every method takes the manager of the caller's transaction. */
@Injectable()
export class PaymentsRepository {
  async insert(m: EntityManager, p: NewPayment): Promise<string> {
    const [row]: { id: string }[] = await m.query(
      `INSERT INTO payments (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id::text AS id`,
      insertParams(p),
    );
    return row.id;
  }

  /**
   * Inserts bank payments in one statement; a bank payment id already stored is skipped (the partial
   * unique index decides, whatever runs concurrently). Returns the ids of the rows inserted now.
   */
  async insertBankPayments(m: EntityManager, ps: NewPayment[]): Promise<Map<string, string>> {
    if (ps.length === 0) return new Map();
    const rows: { id: string; bank_payment_id: string }[] = await m.query(
      `INSERT INTO payments (${COLUMNS})
       SELECT t.account_id, t.amount, t.paid_on, 'bank', t.period, NULL, t.bank_payment_id, $6::bigint, NULL, NULL, $7::text
         FROM unnest($1::bigint[], $2::numeric[], $3::date[], $4::date[], $5::text[])
              AS t(account_id, amount, paid_on, period, bank_payment_id)
       ON CONFLICT (bank_payment_id) WHERE bank_payment_id IS NOT NULL DO NOTHING
       RETURNING id::text AS id, bank_payment_id`,
      [
        ps.map((p) => p.accountId),
        ps.map((p) => p.amount),
        ps.map((p) => p.paidOn),
        ps.map((p) => (p.period ? `${p.period}-01` : null)),
        ps.map((p) => p.bankPaymentId),
        ps[0].registryId,
        ps[0].createdBy,
      ],
    );
    return new Map(rows.map((r) => [r.bank_payment_id, r.id]));
  }

  async findByBankIds(m: EntityManager, bankPaymentIds: string[]): Promise<Map<string, StoredPayment>> {
    const rows: PaymentRow[] = await m.query(`${SELECT_PAYMENT} WHERE p.bank_payment_id = ANY($1::text[])`, [
      bankPaymentIds,
    ]);
    return new Map(rows.map((r) => [r.bank_payment_id!, toPayment(r)]));
  }

  /**
   * A payment and its allocation rows (in the order written) in one statement: the answer of a
   * payment write, read inside its transaction (one round trip fewer on the API's hottest POST).
   */
  async findWithAllocations(
    m: EntityManager,
    id: string,
  ): Promise<{ payment: StoredPayment; allocations: StoredAllocation[] } | undefined> {
    const rows: AnswerRow[] = await m.query(answerSelect('payment_allocations', '$1'), [id]);
    return rows[0] && toAnswer(rows[0]);
  }

  async find(m: EntityManager, id: string): Promise<StoredPayment | undefined> {
    const rows: PaymentRow[] = await m.query(`${SELECT_PAYMENT} WHERE p.id = $1`, [id]);
    return rows[0] && toPayment(rows[0]);
  }

  /** Payments of an account in id order, keyset-paginated. */
  async listByAccount(
    m: EntityManager,
    accountId: string,
    after: string | null,
    limit: number,
  ): Promise<StoredPayment[]> {
    const rows: PaymentRow[] = await m.query(
      `${SELECT_PAYMENT} WHERE p.account_id = $1 AND ($2::bigint IS NULL OR p.id > $2) ORDER BY p.id LIMIT $3`,
      [accountId, after, limit],
    );
    return rows.map(toPayment);
  }

  async accountExists(m: EntityManager, id: string): Promise<boolean> {
    const rows: unknown[] = await m.query(`SELECT 1 FROM accounts WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  /** Account ids by number (one query); numbers not found are absent from the map. */
  async accountsByNumber(m: EntityManager, numbers: string[]): Promise<Map<string, string>> {
    const rows: { id: string; number: string }[] = await m.query(
      `SELECT id::text AS id, number FROM accounts WHERE number = ANY($1::text[])`,
      [numbers],
    );
    return new Map(rows.map((r) => [r.number, r.id]));
  }
}
