import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Organisation } from './entities/organisation.entity';

interface OrganisationRow {
  id: string;
  name: string;
  inn: string;
  kpp: string | null;
  bank_name: string;
  bic: string;
  correspondent_account: string;
  settlement_account: string;
  created_at: Date;
  updated_at: Date;
}

const toOrganisation = (r: OrganisationRow): Organisation => ({
  id: r.id,
  name: r.name,
  inn: r.inn,
  kpp: r.kpp,
  bankName: r.bank_name,
  bic: r.bic,
  correspondentAccount: r.correspondent_account,
  settlementAccount: r.settlement_account,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export type OrganisationFields = Omit<Organisation, 'id' | 'createdAt' | 'updatedAt'>;

/** SQL for organisations. */
@Injectable()
export class OrganisationsRepository {
  constructor(private readonly db: DataSource) {}

  async insert(o: OrganisationFields): Promise<Organisation> {
    const [row]: OrganisationRow[] = await this.db.query(
      `INSERT INTO organisations (name, inn, kpp, bank_name, bic, correspondent_account, settlement_account)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [o.name, o.inn, o.kpp, o.bankName, o.bic, o.correspondentAccount, o.settlementAccount],
    );
    return toOrganisation(row);
  }

  async update(id: string, o: OrganisationFields, m: EntityManager): Promise<Organisation> {
    const [rows] = (await m.query(
      `UPDATE organisations SET name = $2, kpp = $3, bank_name = $4, bic = $5, correspondent_account = $6,
              settlement_account = $7, updated_at = now()
        WHERE id = $1 RETURNING *`,
      [id, o.name, o.kpp, o.bankName, o.bic, o.correspondentAccount, o.settlementAccount],
    )) as [OrganisationRow[], number];
    return toOrganisation(rows[0]);
  }

  async find(
    id: string,
    m: EntityManager = this.db.manager,
    lock = false,
  ): Promise<Organisation | undefined> {
    const rows: OrganisationRow[] = await m.query(
      `SELECT * FROM organisations WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] && toOrganisation(rows[0]);
  }

  async exists(id: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM organisations WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  async list(q: { inn?: string; after?: string; limit: number }): Promise<Organisation[]> {
    const rows: OrganisationRow[] = await this.db.query(
      `SELECT * FROM organisations
        WHERE ($1::text IS NULL OR inn = $1) AND id > $2
        ORDER BY id LIMIT $3`,
      [q.inn ?? null, q.after ?? '0', q.limit],
    );
    return rows.map(toOrganisation);
  }
}
