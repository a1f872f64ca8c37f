import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from 'src/common/audit/audit.service';
import { Principal } from 'src/common/auth/roles';
import { assertValidToNotBefore } from 'src/common/errors/validity';
import { FeeBracket } from './domain/court-fee';
import { NeverRestrictableRule } from './domain/restriction';
import {
  CloseRuleDto,
  CreateCriterionDto,
  CreateFeeBracketDto,
  CreateNeverRestrictableDto,
  CreateParametersDto,
  CriterionResponseDto,
  FeeBracketResponseDto,
  NeverRestrictableResponseDto,
  ParametersResponseDto,
  RuleTable,
} from './dto/debt-rules.dto';
import { DebtErrorCode as E, debtError } from './debt-collection.errors';

const TABLE: Record<RuleTable, string> = {
  parameters: 'debt_collection_parameters',
  criteria: 'debt_selection_criteria',
  'never-restrictable': 'never_restrictable_services',
  'fee-brackets': 'court_fee_brackets',
};

const PARAM_COLS = `id::text, valid_from::text AS "validFrom", valid_to::text AS "validTo",
  notice_to_restriction_days AS "noticeToRestrictionDays", restriction_norm_months::text AS "restrictionNormMonths",
  limitation_years AS "limitationYears", charge_due_day AS "chargeDueDay", court_order_limit::text AS "courtOrderLimit", source`;
const CRIT_COLS = `id::text, set_code AS "setCode", service_code AS "serviceCode", min_months::text AS "minMonths",
  min_amount::text AS "minAmount", valid_from::text AS "validFrom", valid_to::text AS "validTo", source`;
const NR_COLS = `id::text, service_code AS "serviceCode", condition, valid_from::text AS "validFrom",
  valid_to::text AS "validTo", source`;
const FEE_COLS = `id::text, scale_code AS "scaleCode", over::text, up_to::text AS "upTo", base::text,
  rate_percent::text AS "ratePercent", min_fee::text AS "minFee", max_fee::text AS "maxFee",
  order_share_percent::text AS "orderSharePercent", valid_from::text AS "validFrom", valid_to::text AS "validTo", source`;
const COLS: Record<RuleTable, string> = {
  parameters: PARAM_COLS,
  criteria: CRIT_COLS,
  'never-restrictable': NR_COLS,
  'fee-brackets': FEE_COLS,
};

/** The debt-collection rules as data: read by staff and auditors, changed by a supervisor; audited. */
@Injectable()
export class DebtRulesService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  list(table: RuleTable): Promise<unknown[]> {
    return this.db.query(`SELECT ${COLS[table]} FROM ${TABLE[table]} ORDER BY valid_from, id`);
  }

  createParameters(dto: CreateParametersDto, by: Principal): Promise<ParametersResponseDto> {
    return this.insert('parameters', by, dto.source, (m) =>
      m.query(
        `INSERT INTO debt_collection_parameters (valid_from, valid_to, notice_to_restriction_days, restriction_norm_months,
           limitation_years, charge_due_day, court_order_limit, source)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${PARAM_COLS}`,
        [
          dto.validFrom,
          dto.validTo ?? null,
          dto.noticeToRestrictionDays,
          dto.restrictionNormMonths,
          dto.limitationYears,
          dto.chargeDueDay,
          dto.courtOrderLimit,
          dto.source,
        ],
      ),
    );
  }

  createCriterion(dto: CreateCriterionDto, by: Principal): Promise<CriterionResponseDto> {
    if (dto.minMonths === undefined && dto.minAmount === undefined) {
      throw debtError(E.ThresholdRequired, 'Give minMonths or minAmount', { field: 'minMonths' });
    }
    return this.insert('criteria', by, dto.source, (m) =>
      m.query(
        `INSERT INTO debt_selection_criteria (set_code, service_code, min_months, min_amount, valid_from, valid_to, source)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${CRIT_COLS}`,
        [
          dto.setCode,
          dto.serviceCode ?? null,
          dto.minMonths ?? null,
          dto.minAmount ?? null,
          dto.validFrom,
          dto.validTo ?? null,
          dto.source,
        ],
      ),
    );
  }

  createNeverRestrictable(
    dto: CreateNeverRestrictableDto,
    by: Principal,
  ): Promise<NeverRestrictableResponseDto> {
    return this.insert('never-restrictable', by, dto.source, (m) =>
      m.query(
        `INSERT INTO never_restrictable_services (service_code, condition, valid_from, valid_to, source)
         VALUES ($1, $2, $3, $4, $5) RETURNING ${NR_COLS}`,
        [dto.serviceCode, dto.condition, dto.validFrom, dto.validTo ?? null, dto.source],
      ),
    );
  }

  createFeeBracket(dto: CreateFeeBracketDto, by: Principal): Promise<FeeBracketResponseDto> {
    return this.insert('fee-brackets', by, dto.source, (m) =>
      m.query(
        `INSERT INTO court_fee_brackets (scale_code, valid_from, valid_to, over, up_to, base, rate_percent, min_fee, max_fee,
           order_share_percent, source)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${FEE_COLS}`,
        [
          dto.scaleCode,
          dto.validFrom,
          dto.validTo ?? null,
          dto.over,
          dto.upTo ?? null,
          dto.base,
          dto.ratePercent,
          dto.minFee ?? null,
          dto.maxFee ?? null,
          dto.orderSharePercent,
          dto.source,
        ],
      ),
    );
  }

  /** Sets the last day in force of a rule row (to make room for a new one). */
  async close(table: RuleTable, id: string, dto: CloseRuleDto, by: Principal): Promise<unknown> {
    return this.db.transaction(async (m) => {
      const rows: { validFrom: string }[] = await m.query(
        `SELECT valid_from::text AS "validFrom" FROM ${TABLE[table]} WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (rows.length === 0) throw debtError(E.RuleNotFound, `${table} rule ${id} not found`, { id });
      assertValidToNotBefore(rows[0].validFrom, dto.validTo);
      const [updated]: unknown[] = await m.query(
        `UPDATE ${TABLE[table]} SET valid_to = $2 WHERE id = $1 RETURNING ${COLS[table]}`,
        [id, dto.validTo],
      );
      await this.audit.record(
        {
          actor: by,
          action: 'close',
          entity: TABLE[table],
          entityId: id,
          reason: dto.reason,
          details: { validTo: dto.validTo },
        },
        m,
      );
      return updated;
    });
  }

  private async insert<T>(
    table: RuleTable,
    by: Principal,
    reason: string,
    run: (m: EntityManager) => Promise<T[]>,
  ): Promise<T> {
    try {
      return await this.db.transaction(async (m) => {
        const [row] = await run(m);
        await this.audit.record(
          {
            actor: by,
            action: 'create',
            entity: TABLE[table],
            entityId: (row as { id: string }).id,
            reason,
            details: row as Record<string, unknown>,
          },
          m,
        );
        return row;
      });
    } catch (e) {
      const code =
        (e as { driverError?: { code?: string }; code?: string }).driverError?.code ??
        (e as { code?: string }).code;
      if (code === '23P01') throw debtError(E.RuleOverlap, `the new ${table} row overlaps one in force`);
      if (code === '23503') throw debtError(E.UnknownService, 'unknown service code');
      throw e;
    }
  }

  // --- rules in force (for the services) ---

  async parametersOn(m: EntityManager, on: string): Promise<ParametersResponseDto> {
    const rows: ParametersResponseDto[] = await m.query(
      `SELECT ${PARAM_COLS} FROM debt_collection_parameters
        WHERE valid_from <= $1 AND (valid_to IS NULL OR valid_to >= $1)`,
      [on],
    );
    if (rows.length === 0)
      throw debtError(E.NoParameters, `no debt collection parameters in force on ${on}`, { on });
    return rows[0];
  }

  async feeBracketsOn(m: EntityManager, on: string): Promise<(FeeBracket & { scaleCode: string })[]> {
    return m.query(
      `SELECT ${FEE_COLS} FROM court_fee_brackets WHERE valid_from <= $1 AND (valid_to IS NULL OR valid_to >= $1)
        ORDER BY over`,
      [on],
    );
  }

  neverRestrictableOn(m: EntityManager, on: string): Promise<NeverRestrictableRule[]> {
    return m.query(
      `SELECT service_code AS "serviceCode", condition FROM never_restrictable_services
        WHERE valid_from <= $1 AND (valid_to IS NULL OR valid_to >= $1)`,
      [on],
    );
  }
}
