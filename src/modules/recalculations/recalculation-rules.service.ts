import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFoundError, RuleViolationError } from 'src/common/errors/domain-error';
import {
  AbsenceRuleDto,
  CreateAbsenceRuleDto,
  CreateQualityRuleDto,
  CreateManualApprovalRuleDto,
  CreateTamperingRuleDto,
  ManualApprovalRuleDto,
  QualityRuleDto,
  TamperingRuleDto,
} from './dto/recalculation-rules.dto';

const QUALITY = `id, service_code AS "serviceCode", kind, permitted_hours_month::text AS "permittedHoursMonth",
  permitted_hours_once::text AS "permittedHoursOnce", percent_per_hour::text AS "percentPerHour", per_degree AS "perDegree",
  degree_step::text AS "degreeStep", cold_below_degrees::text AS "coldBelowDegrees", confirmed, valid_from AS "validFrom",
  valid_to AS "validTo", source`;
const ABSENCE = `id, more_than_days AS "moreThanDays", application_days AS "applicationDays", services,
  valid_from AS "validFrom", valid_to AS "validTo", source`;
const TAMPERING = `id, coefficient::text AS coefficient, lookback_months AS "lookbackMonths", valid_from AS "validFrom",
  valid_to AS "validTo", source`;

const MANUAL_APPROVAL = `id, threshold::text AS threshold, valid_from AS "validFrom", valid_to AS "validTo", source`;

export type RuleTable = 'quality_rules' | 'absence_rules' | 'tampering_rules' | 'manual_approval_rules';
const COLUMNS: Record<RuleTable, string> = {
  quality_rules: QUALITY,
  absence_rules: ABSENCE,
  tampering_rules: TAMPERING,
  manual_approval_rules: MANUAL_APPROVAL,
};

/** The recalculation rules as editable data (Annex 1, section VIII, para 81(11)); overlaps refused by the database. */
@Injectable()
export class RecalculationRulesService {
  constructor(private readonly db: DataSource) {}

  list<T>(table: RuleTable): Promise<T[]> {
    return this.db.query(`SELECT ${COLUMNS[table]} FROM ${table} ORDER BY valid_from, id`);
  }

  async addQuality(d: CreateQualityRuleDto): Promise<QualityRuleDto> {
    if (d.perDegree !== (d.degreeStep !== undefined)) {
      throw new RuleViolationError(
        'QUALITY_RULE_DEGREES',
        'A per-degree rule needs a degree step, and only it',
        {},
        'degreeStep',
      );
    }
    const [row] = await this.db.query(
      `INSERT INTO quality_rules (service_code, kind, permitted_hours_month, permitted_hours_once, percent_per_hour, per_degree,
                                  degree_step, cold_below_degrees, confirmed, valid_from, valid_to, source)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${QUALITY}`,
      [
        d.serviceCode,
        d.kind,
        d.permittedHoursMonth ?? null,
        d.permittedHoursOnce ?? null,
        d.percentPerHour,
        d.perDegree,
        d.degreeStep ?? null,
        d.coldBelowDegrees ?? null,
        d.confirmed ?? true,
        d.validFrom,
        d.validTo ?? null,
        d.source,
      ],
    );
    return row;
  }

  async addAbsence(d: CreateAbsenceRuleDto): Promise<AbsenceRuleDto> {
    const [row] = await this.db.query(
      `INSERT INTO absence_rules (more_than_days, application_days, services, valid_from, valid_to, source)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${ABSENCE}`,
      [d.moreThanDays, d.applicationDays, d.services, d.validFrom, d.validTo ?? null, d.source],
    );
    return row;
  }

  async addTampering(d: CreateTamperingRuleDto): Promise<TamperingRuleDto> {
    const [row] = await this.db.query(
      `INSERT INTO tampering_rules (coefficient, lookback_months, valid_from, valid_to, source)
       VALUES ($1, $2, $3, $4, $5) RETURNING ${TAMPERING}`,
      [d.coefficient, d.lookbackMonths, d.validFrom, d.validTo ?? null, d.source],
    );
    return row;
  }

  async addManualApproval(d: CreateManualApprovalRuleDto): Promise<ManualApprovalRuleDto> {
    const [row] = await this.db.query(
      `INSERT INTO manual_approval_rules (threshold, valid_from, valid_to, source)
       VALUES ($1, $2, $3, $4) RETURNING ${MANUAL_APPROVAL}`,
      [d.threshold, d.validFrom, d.validTo ?? null, d.source],
    );
    return row;
  }

  /** Ends a rule on a day (a new row then takes over); the day may not be before its start. */
  async close<T>(table: RuleTable, id: string, validTo: string): Promise<T> {
    const [rows]: [T[], number] = await this.db.query(
      `UPDATE ${table} SET valid_to = $2 WHERE id = $1 AND valid_from <= $2 RETURNING ${COLUMNS[table]}`,
      [id, validTo],
    );
    if (rows[0]) return rows[0];
    const [exists] = await this.db.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id]);
    if (!exists) throw new NotFoundError(table.replace(/s$/, ''), id);
    throw new RuleViolationError(
      'RULE_CLOSED_BEFORE_START',
      'validTo is before the rule starts',
      { id },
      'validTo',
    );
  }
}
