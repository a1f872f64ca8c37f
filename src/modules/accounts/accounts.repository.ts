import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Account, ResidentsEntry } from './entities/account.entity';

interface AccountRow {
  id: string;
  premises_id: string;
  building_id: string;
  number: string;
  holder_name: string;
  opened_on: string;
  closed_on: string | null;
  residents: ResidentsEntry[];
  created_at: Date;
  updated_at: Date;
}

const toAccount = (r: AccountRow): Account => ({
  id: r.id,
  premisesId: r.premises_id,
  buildingId: r.building_id,
  number: r.number,
  holderName: r.holder_name,
  openedOn: r.opened_on,
  closedOn: r.closed_on,
  residents: r.residents,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

// One statement per read: the account, its building, and its residents history as a JSON array
// (dates in JSON are 'YYYY-MM-DD', counts are smallint numbers).
const SELECT_ACCOUNT = `
  SELECT a.*, p.building_id,
         (SELECT coalesce(json_agg(json_build_object('from', r.valid_from, 'count', r.count) ORDER BY r.valid_from),
                          '[]'::json)
            FROM account_residents r WHERE r.account_id = a.id) AS residents
    FROM accounts a JOIN premises p ON p.id = a.premises_id`;

export interface AccountFilter {
  buildingId?: string;
  premisesId?: string;
  number?: string;
  status?: 'open' | 'closed';
  after?: string;
  limit: number;
}

/** SQL for accounts and their residents history. */
@Injectable()
export class AccountsRepository {
  constructor(private readonly db: DataSource) {}

  async insert(
    a: Pick<Account, 'premisesId' | 'number' | 'holderName' | 'openedOn'>,
    m: EntityManager,
  ): Promise<string> {
    const [row]: { id: string }[] = await m.query(
      `INSERT INTO accounts (premises_id, number, holder_name, opened_on) VALUES ($1, $2, $3, $4) RETURNING id`,
      [a.premisesId, a.number, a.holderName, a.openedOn],
    );
    return row.id;
  }

  async insertResidents(accountId: string, entries: ResidentsEntry[], m: EntityManager): Promise<void> {
    if (!entries.length) return;
    await m.query(
      `INSERT INTO account_residents (account_id, valid_from, count)
       SELECT $1, f, c FROM unnest($2::date[], $3::smallint[]) AS t(f, c)`,
      [accountId, entries.map((e) => e.from), entries.map((e) => e.count)],
    );
  }

  async find(id: string, m: EntityManager = this.db.manager): Promise<Account | undefined> {
    const rows: AccountRow[] = await m.query(`${SELECT_ACCOUNT} WHERE a.id = $1`, [id]);
    return rows[0] && toAccount(rows[0]);
  }

  /** Locks the account row for a read-check-write sequence. */
  async lock(
    id: string,
    m: EntityManager,
  ): Promise<{ openedOn: string; closedOn: string | null } | undefined> {
    const rows: { opened_on: string; closed_on: string | null }[] = await m.query(
      `SELECT opened_on, closed_on FROM accounts WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0] && { openedOn: rows[0].opened_on, closedOn: rows[0].closed_on };
  }

  async setHolderName(id: string, holderName: string, m: EntityManager): Promise<void> {
    await m.query(`UPDATE accounts SET holder_name = $2, updated_at = now() WHERE id = $1`, [id, holderName]);
  }

  async close(id: string, closedOn: string, m: EntityManager): Promise<void> {
    await m.query(`UPDATE accounts SET closed_on = $2, updated_at = now() WHERE id = $1`, [id, closedOn]);
  }

  async list(f: AccountFilter): Promise<Account[]> {
    const rows: AccountRow[] = await this.db.query(
      `${SELECT_ACCOUNT}
        WHERE ($1::bigint IS NULL OR p.building_id = $1) AND ($2::bigint IS NULL OR a.premises_id = $2)
          AND ($3::text IS NULL OR a.number = $3)
          AND ($4::text IS NULL OR ($4 = 'open') = (a.closed_on IS NULL))
          AND a.id > $5
        ORDER BY a.id LIMIT $6`,
      [
        f.buildingId ?? null,
        f.premisesId ?? null,
        f.number ?? null,
        f.status ?? null,
        f.after ?? '0',
        f.limit,
      ],
    );
    return rows.map(toAccount);
  }
}
