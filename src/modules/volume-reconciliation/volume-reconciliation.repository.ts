import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CommonServiceFacts } from './domain/volume-reconciliation.calc';

// Per common-property service of the building and period: the building-level figures every line's
// basis repeats (taken once), the billed shares, and the billed individual volume of the base service.
const FACTS = `
  WITH odn AS (
    SELECT service_code, regexp_replace(service_code, '_odn$', '') AS base,
           min(basis ->> 'decreeFormula') AS decree_formula, min(basis ->> 'houseVolume') AS house_volume,
           min(basis ->> 'individualVolume') AS individual_volume, min(basis ->> 'distributedVolume') AS distributed_volume,
           bool_or(coalesce((basis ->> 'cappedByNorm')::boolean, false)) AS capped, sum(volume) AS billed_common
      FROM charge_lines WHERE building_id = $1 AND period = $2 AND method = 'common'
     GROUP BY service_code
  )
  SELECT o.service_code, o.base, o.decree_formula, o.house_volume, o.individual_volume, o.distributed_volume, o.capped,
         trim_scale(o.billed_common)::text AS billed_common,
         trim_scale(coalesce((SELECT sum(c.volume) FROM charge_lines c
                               WHERE c.building_id = $1 AND c.period = $2 AND c.service_code = o.base), 0))::text AS billed_individual
    FROM odn o ORDER BY o.service_code`;

/** Read-only SQL over the building's charge lines of a period. */
@Injectable()
export class VolumeReconciliationRepository {
  constructor(private readonly db: DataSource) {}

  async buildingExists(id: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM buildings WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  async facts(buildingId: string, period: string): Promise<CommonServiceFacts[]> {
    const rows: {
      service_code: string;
      base: string;
      decree_formula: string | null;
      house_volume: string | null;
      individual_volume: string | null;
      distributed_volume: string | null;
      capped: boolean;
      billed_common: string;
      billed_individual: string;
    }[] = await this.db.query(FACTS, [buildingId, `${period}-01`]);
    return rows.map((r) => ({
      serviceCode: r.service_code,
      baseServiceCode: r.base,
      decreeFormula: r.decree_formula,
      houseVolume: r.house_volume,
      individualVolume: r.individual_volume,
      distributedVolume: r.distributed_volume,
      billedCommonVolume: r.billed_common,
      billedIndividualVolume: r.billed_individual,
      cappedByNorm: r.capped,
    }));
  }
}
