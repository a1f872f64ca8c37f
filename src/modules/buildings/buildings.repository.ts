import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Building, BuildingService } from './entities/building.entity';

interface BuildingRow {
  id: string;
  organisation_id: string;
  address: string;
  fias_guid: string | null;
  created_at: Date;
  updated_at: Date;
}

interface BuildingServiceRow {
  id: string;
  building_id: string;
  service_code: string;
  supplier_organisation_id: string;
  valid_from: string;
  valid_to: string | null;
  created_at: Date;
}

const toBuilding = (r: BuildingRow): Building => ({
  id: r.id,
  organisationId: r.organisation_id,
  address: r.address,
  fiasGuid: r.fias_guid,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toBuildingService = (r: BuildingServiceRow): BuildingService => ({
  id: r.id,
  buildingId: r.building_id,
  serviceCode: r.service_code,
  supplierOrganisationId: r.supplier_organisation_id,
  validFrom: r.valid_from,
  validTo: r.valid_to,
  createdAt: r.created_at,
});

export type BuildingFields = Pick<Building, 'organisationId' | 'address' | 'fiasGuid'>;
export type BuildingServiceFields = Omit<BuildingService, 'id' | 'createdAt'>;

/** SQL for buildings and the services provided in them. */
@Injectable()
export class BuildingsRepository {
  constructor(private readonly db: DataSource) {}

  async insert(b: BuildingFields): Promise<Building> {
    const [row]: BuildingRow[] = await this.db.query(
      `INSERT INTO buildings (organisation_id, address, fias_guid) VALUES ($1, $2, $3) RETURNING *`,
      [b.organisationId, b.address, b.fiasGuid],
    );
    return toBuilding(row);
  }

  async update(id: string, b: BuildingFields, m: EntityManager): Promise<Building> {
    const [rows] = (await m.query(
      `UPDATE buildings SET organisation_id = $2, address = $3, fias_guid = $4, updated_at = now()
        WHERE id = $1 RETURNING *`,
      [id, b.organisationId, b.address, b.fiasGuid],
    )) as [BuildingRow[], number];
    return toBuilding(rows[0]);
  }

  async find(id: string, m: EntityManager = this.db.manager, lock = false): Promise<Building | undefined> {
    const rows: BuildingRow[] = await m.query(
      `SELECT * FROM buildings WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] && toBuilding(rows[0]);
  }

  async list(q: {
    organisationId?: string;
    fiasGuid?: string;
    after?: string;
    limit: number;
  }): Promise<Building[]> {
    const rows: BuildingRow[] = await this.db.query(
      `SELECT * FROM buildings
        WHERE ($1::bigint IS NULL OR organisation_id = $1) AND ($2::uuid IS NULL OR fias_guid = $2) AND id > $3
        ORDER BY id LIMIT $4`,
      [q.organisationId ?? null, q.fiasGuid ?? null, q.after ?? '0', q.limit],
    );
    return rows.map(toBuilding);
  }

  async insertService(s: BuildingServiceFields): Promise<BuildingService> {
    const [row]: BuildingServiceRow[] = await this.db.query(
      `INSERT INTO building_services (building_id, service_code, supplier_organisation_id, valid_from, valid_to)
       VALUES ($1, $2, $3, $4, $5) RETURNING *`,
      [s.buildingId, s.serviceCode, s.supplierOrganisationId, s.validFrom, s.validTo],
    );
    return toBuildingService(row);
  }

  async findService(buildingId: string, id: string, m: EntityManager): Promise<BuildingService | undefined> {
    const rows: BuildingServiceRow[] = await m.query(
      `SELECT * FROM building_services WHERE id = $1 AND building_id = $2 FOR UPDATE`,
      [id, buildingId],
    );
    return rows[0] && toBuildingService(rows[0]);
  }

  async setServiceValidTo(id: string, validTo: string | null, m: EntityManager): Promise<BuildingService> {
    const [rows] = (await m.query(`UPDATE building_services SET valid_to = $2 WHERE id = $1 RETURNING *`, [
      id,
      validTo,
    ])) as [BuildingServiceRow[], number];
    return toBuildingService(rows[0]);
  }

  async listServices(q: {
    buildingId: string;
    serviceCode?: string;
    on?: string;
    after?: string;
    limit: number;
  }): Promise<BuildingService[]> {
    const rows: BuildingServiceRow[] = await this.db.query(
      `SELECT * FROM building_services
        WHERE building_id = $1 AND ($2::text IS NULL OR service_code = $2)
          AND ($3::date IS NULL OR (valid_from <= $3 AND (valid_to IS NULL OR valid_to >= $3)))
          AND id > $4
        ORDER BY id LIMIT $5`,
      [q.buildingId, q.serviceCode ?? null, q.on ?? null, q.after ?? '0', q.limit],
    );
    return rows.map(toBuildingService);
  }
}
