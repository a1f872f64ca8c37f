import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Premises, PremisesKind } from './entities/premises.entity';

interface PremisesRow {
  id: string;
  building_id: string;
  number: string;
  area: string;
  kind: PremisesKind;
  created_at: Date;
  updated_at: Date;
}

// `area` is numeric(10,2): node-postgres gives the exact string ("54.30"), kept as is.
const toPremises = (r: PremisesRow): Premises => ({
  id: r.id,
  buildingId: r.building_id,
  number: r.number,
  area: r.area,
  kind: r.kind,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export type PremisesFields = Pick<Premises, 'buildingId' | 'number' | 'area' | 'kind'>;

/** SQL for premises. */
@Injectable()
export class PremisesRepository {
  constructor(private readonly db: DataSource) {}

  async insert(p: PremisesFields): Promise<Premises> {
    const [row]: PremisesRow[] = await this.db.query(
      `INSERT INTO premises (building_id, number, area, kind) VALUES ($1, $2, $3, $4) RETURNING *`,
      [p.buildingId, p.number, p.area, p.kind],
    );
    return toPremises(row);
  }

  async update(id: string, p: Omit<PremisesFields, 'buildingId'>, m: EntityManager): Promise<Premises> {
    const [rows] = (await m.query(
      `UPDATE premises SET number = $2, area = $3, kind = $4, updated_at = now() WHERE id = $1 RETURNING *`,
      [id, p.number, p.area, p.kind],
    )) as [PremisesRow[], number];
    return toPremises(rows[0]);
  }

  async find(id: string, m: EntityManager = this.db.manager, lock = false): Promise<Premises | undefined> {
    const rows: PremisesRow[] = await m.query(
      `SELECT * FROM premises WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] && toPremises(rows[0]);
  }

  async list(q: {
    buildingId?: string;
    number?: string;
    after?: string;
    limit: number;
  }): Promise<Premises[]> {
    const rows: PremisesRow[] = await this.db.query(
      `SELECT * FROM premises
        WHERE ($1::bigint IS NULL OR building_id = $1) AND ($2::text IS NULL OR number = $2) AND id > $3
        ORDER BY id LIMIT $4`,
      [q.buildingId ?? null, q.number ?? null, q.after ?? '0', q.limit],
    );
    return rows.map(toPremises);
  }
}
