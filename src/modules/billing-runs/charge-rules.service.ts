import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFoundError } from 'src/common/errors/domain-error';
import {
  BuildingBillingSettingsDto,
  CoefficientDto,
  CreateCoefficientDto,
  CreateImpossibilityActDto,
  CreateSubstitutionRuleDto,
  CreateHeatingSeasonDto,
  HeatingSeasonDto,
  ImpossibilityActDto,
  PutBuildingBillingSettingsDto,
  SubstitutionRuleDto,
} from './dto/charge-rules.dto';

const COEFFICIENT = `id, service_code AS "serviceCode", applies_when AS "appliesWhen", value::text AS value,
  valid_from AS "validFrom", valid_to AS "validTo", source`;
const SUBSTITUTION = `id, valid_from AS "validFrom", valid_to AS "validTo", max_periods AS "maxPeriods",
  history_months AS "historyMonths", min_history_months AS "minHistoryMonths", source`;
const ACT = `id, premises_id AS "premisesId", service_code AS "serviceCode", act_number AS "actNumber", act_date AS "actDate"`;

/** Reads and writes the charge-rule tables (database constraints refuse overlaps and unknown references). */
@Injectable()
export class ChargeRulesService {
  constructor(private readonly db: DataSource) {}

  coefficients(): Promise<CoefficientDto[]> {
    return this.db.query(
      `SELECT ${COEFFICIENT} FROM increasing_coefficients ORDER BY service_code, applies_when, valid_from`,
    );
  }

  async addCoefficient(d: CreateCoefficientDto): Promise<CoefficientDto> {
    const [row] = await this.db.query(
      `INSERT INTO increasing_coefficients (service_code, applies_when, value, valid_from, valid_to, source)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COEFFICIENT}`,
      [d.serviceCode, d.appliesWhen, d.value, d.validFrom, d.validTo ?? null, d.source],
    );
    return row;
  }

  substitutionRules(): Promise<SubstitutionRuleDto[]> {
    return this.db.query(`SELECT ${SUBSTITUTION} FROM substitution_rules ORDER BY valid_from`);
  }

  async addSubstitutionRule(d: CreateSubstitutionRuleDto): Promise<SubstitutionRuleDto> {
    const [row] = await this.db.query(
      `INSERT INTO substitution_rules (valid_from, valid_to, max_periods, history_months, min_history_months, source)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${SUBSTITUTION}`,
      [d.validFrom, d.validTo ?? null, d.maxPeriods, d.historyMonths, d.minHistoryMonths, d.source],
    );
    return row;
  }

  acts(): Promise<ImpossibilityActDto[]> {
    return this.db.query(`SELECT ${ACT} FROM metering_impossibility_acts ORDER BY id`);
  }

  async addAct(d: CreateImpossibilityActDto): Promise<ImpossibilityActDto> {
    const [row] = await this.db.query(
      `INSERT INTO metering_impossibility_acts (premises_id, service_code, act_number, act_date) VALUES ($1, $2, $3, $4)
       RETURNING ${ACT}`,
      [d.premisesId, d.serviceCode, d.actNumber, d.actDate],
    );
    return row;
  }

  heatingSeasons(): Promise<HeatingSeasonDto[]> {
    return this.db.query(
      `SELECT id, starts_on AS "startsOn", ends_on AS "endsOn", source FROM heating_seasons ORDER BY starts_on`,
    );
  }

  async addHeatingSeason(d: CreateHeatingSeasonDto): Promise<HeatingSeasonDto> {
    const [row] = await this.db.query(
      `INSERT INTO heating_seasons (starts_on, ends_on, source) VALUES ($1, $2, $3)
       RETURNING id, starts_on AS "startsOn", ends_on AS "endsOn", source`,
      [d.startsOn, d.endsOn, d.source],
    );
    return row;
  }

  async settings(buildingId: string): Promise<BuildingBillingSettingsDto> {
    const [row] = await this.db.query(
      `SELECT b.id AS "buildingId", s.common_area::text AS "commonArea", coalesce(s.odn_cap_by_norm, true) AS "odnCapByNorm",
              coalesce(s.heating_mode, 'even') AS "heatingMode", coalesce(s.hot_water_mode, 'single') AS "hotWaterMode",
              s.hot_water_heat_per_m3::text AS "hotWaterHeatPerM3"
         FROM buildings b LEFT JOIN building_billing_settings s ON s.building_id = b.id WHERE b.id = $1`,
      [buildingId],
    );
    if (!row) throw new NotFoundError('building', buildingId);
    return row;
  }

  async putSettings(
    buildingId: string,
    d: PutBuildingBillingSettingsDto,
  ): Promise<BuildingBillingSettingsDto> {
    await this.settings(buildingId);
    await this.db.query(
      `INSERT INTO building_billing_settings (building_id, common_area, odn_cap_by_norm, heating_mode, hot_water_mode,
                                              hot_water_heat_per_m3)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (building_id) DO UPDATE SET common_area = $2, odn_cap_by_norm = $3, heating_mode = $4,
              hot_water_mode = $5, hot_water_heat_per_m3 = $6, updated_at = now()`,
      [
        buildingId,
        d.commonArea ?? null,
        d.odnCapByNorm,
        d.heatingMode ?? 'even',
        d.hotWaterMode ?? 'single',
        d.hotWaterHeatPerM3 ?? null,
      ],
    );
    return this.settings(buildingId);
  }
}
