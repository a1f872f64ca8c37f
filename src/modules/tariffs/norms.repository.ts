import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Norm, NormBasis } from './entities/tariff.entity';
import { RATE_FILTER, RateFilter, rateFilterParams } from './rates.sql';

interface NormRow {
  id: string;
  service_code: string;
  value: string;
  basis: NormBasis;
  valid_from: string;
  valid_to: string | null;
  organisation_id: string | null;
  building_id: string | null;
  created_at: Date;
}

// value is numeric(14,6): node-postgres gives the exact string, kept as is.
const toNorm = (r: NormRow): Norm => ({
  id: r.id,
  serviceCode: r.service_code,
  value: r.value,
  basis: r.basis,
  validFrom: r.valid_from,
  validTo: r.valid_to,
  organisationId: r.organisation_id,
  buildingId: r.building_id,
  createdAt: r.created_at,
});

export type NormFields = Omit<Norm, 'id' | 'createdAt'>;

/** SQL for norms; overlapping validity in one scope is refused by ex_norms__overlap. */
@Injectable()
export class NormsRepository {
  constructor(private readonly db: DataSource) {}

  async insert(n: NormFields): Promise<Norm> {
    const [row]: NormRow[] = await this.db.query(
      `INSERT INTO norms (service_code, value, basis, valid_from, valid_to, organisation_id, building_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [n.serviceCode, n.value, n.basis, n.validFrom, n.validTo, n.organisationId, n.buildingId],
    );
    return toNorm(row);
  }

  async find(id: string, m: EntityManager = this.db.manager, lock = false): Promise<Norm | undefined> {
    const rows: NormRow[] = await m.query(`SELECT * FROM norms WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [
      id,
    ]);
    return rows[0] && toNorm(rows[0]);
  }

  async setValidTo(id: string, validTo: string | null, m: EntityManager): Promise<Norm> {
    const [rows] = (await m.query(`UPDATE norms SET valid_to = $2 WHERE id = $1 RETURNING *`, [
      id,
      validTo,
    ])) as [NormRow[], number];
    return toNorm(rows[0]);
  }

  async list(f: RateFilter): Promise<Norm[]> {
    const rows: NormRow[] = await this.db.query(
      `SELECT * FROM norms WHERE ${RATE_FILTER} ORDER BY id LIMIT $6`,
      rateFilterParams(f),
    );
    return rows.map(toNorm);
  }
}
