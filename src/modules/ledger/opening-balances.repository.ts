import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OpeningBalanceLine } from './domain/opening-balance-file.rules';

export type BalanceToStore = OpeningBalanceLine & { accountId: string };

/** The natural key of an opening balance. */
export const balanceKey = (b: { accountId: string; period: string; serviceCode: string; kind: string }) =>
  `${b.accountId}|${b.period}|${b.serviceCode}|${b.kind}`;

/** SQL of opening_balances (plus read-only lookups of accounts and the service catalogue). */
@Injectable()
export class OpeningBalancesRepository {
  async serviceCodes(m: EntityManager): Promise<Set<string>> {
    const rows: { code: string }[] = await m.query(`SELECT code FROM services`);
    return new Set(rows.map((r) => r.code));
  }

  async accountsByNumber(m: EntityManager, numbers: string[]): Promise<Map<string, string>> {
    const rows: { id: string; number: string }[] = await m.query(
      `SELECT id::text AS id, number FROM accounts WHERE number = ANY($1::text[])`,
      [numbers],
    );
    return new Map(rows.map((r) => [r.number, r.id]));
  }

  /** Inserts in one statement; a key already stored is skipped. Returns the keys inserted now. */
  async insert(
    m: EntityManager,
    rows: BalanceToStore[],
    source: string,
    createdBy: string,
  ): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    const inserted: { account_id: string; period: string; service_code: string; kind: string }[] =
      await m.query(
        `INSERT INTO opening_balances (account_id, period, service_code, kind, amount, source, created_by)
       SELECT t.account_id, t.period, t.service_code, t.kind, t.amount, $6::text, $7::text
         FROM unnest($1::bigint[], $2::date[], $3::text[], $4::text[], $5::numeric[])
              AS t(account_id, period, service_code, kind, amount)
       ON CONFLICT ON CONSTRAINT uq_opening_balances__account_period_service_kind DO NOTHING
       RETURNING account_id::text AS account_id, to_char(period, 'YYYY-MM') AS period, service_code, kind`,
        [
          rows.map((r) => r.accountId),
          rows.map((r) => `${r.period}-01`),
          rows.map((r) => r.serviceCode),
          rows.map((r) => r.kind),
          rows.map((r) => r.amount),
          source,
          createdBy,
        ],
      );
    return new Set(
      inserted.map((r) =>
        balanceKey({ accountId: r.account_id, period: r.period, serviceCode: r.service_code, kind: r.kind }),
      ),
    );
  }

  /** Stored amounts of the given balances, by key. */
  async amounts(m: EntityManager, rows: BalanceToStore[]): Promise<Map<string, string>> {
    const found: {
      account_id: string;
      period: string;
      service_code: string;
      kind: string;
      amount: string;
    }[] = await m.query(
      `SELECT b.account_id::text AS account_id, to_char(b.period, 'YYYY-MM') AS period, b.service_code, b.kind,
                b.amount::text AS amount
           FROM opening_balances b
           JOIN unnest($1::bigint[], $2::date[], $3::text[], $4::text[]) AS t(account_id, period, service_code, kind)
             ON (b.account_id, b.period, b.service_code, b.kind) = (t.account_id, t.period, t.service_code, t.kind)`,
      [
        rows.map((r) => r.accountId),
        rows.map((r) => `${r.period}-01`),
        rows.map((r) => r.serviceCode),
        rows.map((r) => r.kind),
      ],
    );
    return new Map(
      found.map((r) => [
        balanceKey({ accountId: r.account_id, period: r.period, serviceCode: r.service_code, kind: r.kind }),
        r.amount,
      ]),
    );
  }
}
