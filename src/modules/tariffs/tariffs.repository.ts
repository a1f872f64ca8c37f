import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Tariff, TariffZone } from './entities/tariff.entity';
import { RATE_FILTER, RateFilter, rateFilterParams } from './rates.sql';

interface TariffRow {
  id: string;
  service_code: string;
  zone: TariffZone | null;
  price: string;
  valid_from: string;
  valid_to: string | null;
  organisation_id: string | null;
  building_id: string | null;
  created_at: Date;
}

// price is numeric(14,6): node-postgres gives the exact string ("45.120000"), kept as is.
const toTariff = (r: TariffRow): Tariff => ({
  id: r.id,
  serviceCode: r.service_code,
  zone: r.zone,
  price: r.price,
  validFrom: r.valid_from,
  validTo: r.valid_to,
  organisationId: r.organisation_id,
  buildingId: r.building_id,
  createdAt: r.created_at,
});

export type TariffFields = Omit<Tariff, 'id' | 'createdAt'>;

/** SQL for tariffs; overlapping validity in one scope is refused by ex_tariffs__overlap. */
@Injectable()
export class TariffsRepository {
  constructor(private readonly db: DataSource) {}

  async insert(t: TariffFields): Promise<Tariff> {
    const [row]: TariffRow[] = await this.db.query(
      `INSERT INTO tariffs (service_code, zone, price, valid_from, valid_to, organisation_id, building_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [t.serviceCode, t.zone, t.price, t.validFrom, t.validTo, t.organisationId, t.buildingId],
    );
    return toTariff(row);
  }

  async find(id: string, m: EntityManager = this.db.manager, lock = false): Promise<Tariff | undefined> {
    const rows: TariffRow[] = await m.query(
      `SELECT * FROM tariffs WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] && toTariff(rows[0]);
  }

  async setValidTo(id: string, validTo: string | null, m: EntityManager): Promise<Tariff> {
    const [rows] = (await m.query(`UPDATE tariffs SET valid_to = $2 WHERE id = $1 RETURNING *`, [
      id,
      validTo,
    ])) as [TariffRow[], number];
    return toTariff(rows[0]);
  }

  async list(f: RateFilter): Promise<Tariff[]> {
    const rows: TariffRow[] = await this.db.query(
      `SELECT * FROM tariffs WHERE ${RATE_FILTER} ORDER BY id LIMIT $6`,
      rateFilterParams(f),
    );
    return rows.map(toTariff);
  }
}
