import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { MeterKind, MeterStatus } from './domain/meter.rules';

export interface MeterRow {
  id: string;
  kind: MeterKind;
  building_id: string;
  premises_id: string | null;
  service_code: string;
  serial_number: string;
  model: string | null;
  zones: number;
  digits: number;
  installed_on: string;
  seal_number: string | null;
  verified_on: string;
  verification_interval_years: number;
  next_verification_on: string;
  status: MeterStatus;
  decommissioned_on: string | null;
  decommission_reason: string | null;
  replaces_meter_id: string | null;
  created_at: Date;
  updated_at: Date;
}

export type NewMeterRow = Omit<
  MeterRow,
  'id' | 'status' | 'decommissioned_on' | 'decommission_reason' | 'created_at' | 'updated_at'
>;

export interface MeterFilter {
  premisesId?: string;
  buildingId?: string;
  serviceCode?: string;
  status?: MeterStatus;
  after?: string;
  limit: number;
}

const INSERT_COLUMNS: (keyof NewMeterRow)[] = [
  'kind',
  'building_id',
  'premises_id',
  'service_code',
  'serial_number',
  'model',
  'zones',
  'digits',
  'installed_on',
  'seal_number',
  'verified_on',
  'verification_interval_years',
  'next_verification_on',
  'replaces_meter_id',
];

/** SQL of the meters table (premises and buildings are only read, to place a meter). */
@Injectable()
export class MetersRepository {
  async premisesBuilding(m: EntityManager, premisesId: string): Promise<string | undefined> {
    const rows: { building_id: string }[] = await m.query(`SELECT building_id FROM premises WHERE id = $1`, [
      premisesId,
    ]);
    return rows[0]?.building_id;
  }

  async buildingExists(m: EntityManager, buildingId: string): Promise<boolean> {
    const rows: unknown[] = await m.query(`SELECT 1 FROM buildings WHERE id = $1`, [buildingId]);
    return rows.length > 0;
  }

  async insert(m: EntityManager, row: NewMeterRow): Promise<MeterRow> {
    const [inserted]: MeterRow[] = await m.query(
      `INSERT INTO meters (${INSERT_COLUMNS.join(', ')})
       VALUES (${INSERT_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING *`,
      INSERT_COLUMNS.map((c) => row[c]),
    );
    return inserted;
  }

  async findById(m: EntityManager, id: string, lock = false): Promise<MeterRow | undefined> {
    const rows: MeterRow[] = await m.query(`SELECT * FROM meters WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [
      id,
    ]);
    return rows[0];
  }

  /** Keyset page by id with optional filters. */
  async list(m: EntityManager, f: MeterFilter): Promise<MeterRow[]> {
    return m.query(
      `SELECT * FROM meters
        WHERE ($1::bigint IS NULL OR premises_id = $1) AND ($2::bigint IS NULL OR building_id = $2)
          AND ($3::text IS NULL OR service_code = $3) AND ($4::text IS NULL OR status = $4) AND id > $5
        ORDER BY id LIMIT $6`,
      [
        f.premisesId ?? null,
        f.buildingId ?? null,
        f.serviceCode ?? null,
        f.status ?? null,
        f.after ?? '0',
        f.limit + 1,
      ],
    );
  }

  /** Active meters whose verification runs out on or before `until` (overdue ones included), earliest first. */
  async verificationDue(m: EntityManager, until: string): Promise<MeterRow[]> {
    return m.query(
      `SELECT * FROM meters WHERE status = 'active' AND next_verification_on <= $1 ORDER BY next_verification_on, id`,
      [until],
    );
  }

  async decommission(m: EntityManager, id: string, date: string, reason: string): Promise<MeterRow> {
    const [rows]: [MeterRow[], number] = await m.query(
      `UPDATE meters SET status = 'decommissioned', decommissioned_on = $2, decommission_reason = $3, updated_at = now()
        WHERE id = $1 RETURNING *`,
      [id, date, reason],
    );
    return rows[0];
  }

  async updateVerification(
    m: EntityManager,
    id: string,
    v: { verifiedOn: string; intervalYears: number; nextVerificationOn: string; sealNumber?: string },
  ): Promise<MeterRow> {
    const [rows]: [MeterRow[], number] = await m.query(
      `UPDATE meters SET verified_on = $2, verification_interval_years = $3, next_verification_on = $4,
              seal_number = coalesce($5, seal_number), updated_at = now()
        WHERE id = $1 RETURNING *`,
      [id, v.verifiedOn, v.intervalYears, v.nextVerificationOn, v.sealNumber ?? null],
    );
    return rows[0];
  }
}
