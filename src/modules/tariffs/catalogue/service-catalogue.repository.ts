import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ServiceResponseDto } from './service-catalogue.dto';

interface ServiceRow {
  code: string;
  name: string;
  unit: string;
  volume_scale: number;
  calculation: string;
}

const toService = (r: ServiceRow): ServiceResponseDto => ({
  code: r.code,
  name: r.name,
  unit: r.unit,
  volumeScale: r.volume_scale,
  calculation: r.calculation,
});

/** SQL for the service catalogue (read-only reference data). */
@Injectable()
export class ServiceCatalogueRepository {
  constructor(private readonly db: DataSource) {}

  async list(): Promise<ServiceResponseDto[]> {
    const rows: ServiceRow[] = await this.db.query(
      `SELECT code, name, unit, volume_scale, calculation FROM services ORDER BY sort_order, code`,
    );
    return rows.map(toService);
  }

  async exists(code: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM services WHERE code = $1`, [code]);
    return rows.length > 0;
  }
}
