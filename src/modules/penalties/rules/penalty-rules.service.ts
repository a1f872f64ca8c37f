import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from 'src/common/errors/domain-error';
import { assertValidToNotBefore } from 'src/common/errors/validity';
import { PenaltyRules } from '../domain/penalty-rules.types';
import { PenaltyErrorCode as E, ruleNotFound } from '../penalties.errors';
import {
  CreateKeyRateDto,
  CreateMoratoriumDto,
  CreateRateCapDto,
  KeyRateResponseDto,
  MoratoriumResponseDto,
  RateCapResponseDto,
  toKeyRateResponse,
  toMoratoriumResponse,
  toRateCapResponse,
  UpdateKeyRateDto,
  UpdateMoratoriumDto,
  UpdateRateCapDto,
} from './dto/rates.dto';
import { Columns, definedColumns, PenaltyRulesRepository } from './penalty-rules.repository';
import { CALENDAR, DUE_RULES, FRACTIONS, KEY_RATES, MORATORIA, RATE_CAPS, TableSpec } from './rule-tables';

/**
 * The penalty rules tables: `loadRules()` for the engine (the calculator, the nightly job, the
 * statement builder), and the key rates, caps and moratoria as editable data (schedule tables:
 * PenaltyScheduleService).
 */
@Injectable()
export class PenaltyRulesService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: PenaltyRulesRepository,
  ) {}

  /** Every rules table in the engine's shape (a few hundred small rows; read once per calculation or job). */
  async loadRules(): Promise<PenaltyRules> {
    const [keyRates, caps, moratoria, fractions, dueRules, calendar] = await Promise.all([
      this.repo.list(KEY_RATES),
      this.repo.list(RATE_CAPS),
      this.repo.list(MORATORIA),
      this.repo.list(FRACTIONS),
      this.repo.list(DUE_RULES),
      this.repo.list(CALENDAR),
    ]);
    return {
      keyRates: keyRates.map(({ effectiveFrom, ratePercent }) => ({ effectiveFrom, ratePercent })),
      caps: caps.map(({ validFrom, validTo, kind, capPercent }) => ({
        validFrom,
        validTo,
        kind,
        capPercent,
      })),
      moratoria: moratoria.map(({ validFrom, validTo, scope }) => ({ validFrom, validTo, scope })),
      fractions: fractions.map(({ validFrom, fromDay, toDay, denominator }) => ({
        validFrom,
        fromDay,
        toDay,
        denominator,
      })),
      dueRules: dueRules.map(({ periodFrom, periodTo, dueDay, monthOffset }) => ({
        periodFrom,
        periodTo,
        dueDay,
        monthOffset,
      })),
      calendar: calendar.map(({ day, kind }) => ({ day, kind })),
    };
  }

  /**
   * A digest of the contents of every rules table, in one statement: equal digests, equal rules. The
   * nightly job keeps the rules it loaded for a run while the digest stays the same, instead of
   * reading the six tables again for every chunk.
   */
  async rulesDigest(): Promise<string> {
    const parts = [KEY_RATES, RATE_CAPS, MORATORIA, FRACTIONS, DUE_RULES, CALENDAR].map(
      (t: TableSpec<unknown>) =>
        `(SELECT coalesce(md5(string_agg(x::text, ',' ORDER BY ${t.orderBy.replace(/(\w+)/g, 'x.$1')})), '')
            FROM ${t.table} x)`,
    );
    const [row]: { digest: string }[] = await this.db.query(`SELECT ${parts.join(" || ':' || ")} AS digest`);
    return row.digest;
  }

  async listKeyRates(): Promise<KeyRateResponseDto[]> {
    return (await this.repo.list(KEY_RATES)).map(toKeyRateResponse);
  }

  /** A new key-rate row (409 KEY_RATE_EXISTS when one starts that day). */
  async createKeyRate(dto: CreateKeyRateDto): Promise<KeyRateResponseDto> {
    const created = await this.repo.insert(KEY_RATES, {
      effective_from: dto.effectiveFrom,
      rate_percent: dto.ratePercent,
      confirmed: dto.confirmed ?? 'no',
      source: dto.source,
    });
    return toKeyRateResponse(created);
  }

  async updateKeyRate(id: string, dto: UpdateKeyRateDto): Promise<KeyRateResponseDto> {
    const values = definedColumns({
      effective_from: dto.effectiveFrom,
      rate_percent: dto.ratePercent,
      confirmed: dto.confirmed,
      source: dto.source,
    });
    const updated = await this.repo.update(KEY_RATES, id, values);
    if (!updated) throw ruleNotFound(E.KeyRateNotFound, 'key rate', id);
    return toKeyRateResponse(updated);
  }

  async listCaps(): Promise<RateCapResponseDto[]> {
    return (await this.repo.list(RATE_CAPS)).map(toRateCapResponse);
  }

  /** A new cap period (409 PENALTY_CAP_OVERLAP when it overlaps another). */
  async createCap(dto: CreateRateCapDto): Promise<RateCapResponseDto> {
    const created = await this.repo.insert(RATE_CAPS, {
      valid_from: dto.validFrom,
      valid_to: dto.validTo ?? null,
      kind: dto.kind,
      cap_percent: dto.capPercent,
      source: dto.source,
    });
    return toRateCapResponse(created);
  }

  /** Closes, re-opens or corrects a cap; extending it into a neighbour is refused (409). */
  async updateCap(id: string, dto: UpdateRateCapDto): Promise<RateCapResponseDto> {
    const values = definedColumns({
      valid_to: dto.validTo,
      kind: dto.kind,
      cap_percent: dto.capPercent,
      source: dto.source,
    });
    const missing = ruleNotFound(E.CapNotFound, 'rate cap', id);
    const updated = await this.change(RATE_CAPS, id, values, missing, (c) => {
      if (dto.validTo !== undefined) assertValidToNotBefore(c.validFrom, dto.validTo);
    });
    return toRateCapResponse(updated);
  }

  async listMoratoria(): Promise<MoratoriumResponseDto[]> {
    return (await this.repo.list(MORATORIA)).map(toMoratoriumResponse);
  }

  /** A new moratorium (409 MORATORIUM_OVERLAP when it overlaps another). */
  async createMoratorium(dto: CreateMoratoriumDto): Promise<MoratoriumResponseDto> {
    const created = await this.repo.insert(MORATORIA, {
      valid_from: dto.validFrom,
      valid_to: dto.validTo ?? null,
      scope: dto.scope ?? 'all_debts',
      source: dto.source,
    });
    return toMoratoriumResponse(created);
  }

  async updateMoratorium(id: string, dto: UpdateMoratoriumDto): Promise<MoratoriumResponseDto> {
    const values = definedColumns({ valid_to: dto.validTo, scope: dto.scope, source: dto.source });
    const missing = ruleNotFound(E.MoratoriumNotFound, 'moratorium', id);
    const updated = await this.change(MORATORIA, id, values, missing, (c) => {
      if (dto.validTo !== undefined) assertValidToNotBefore(c.validFrom, dto.validTo);
    });
    return toMoratoriumResponse(updated);
  }

  /** Locks the row, checks the change against it, updates it: one transaction. */
  change<T>(
    spec: TableSpec<T>,
    key: string,
    values: Columns,
    missing: DomainError,
    check: (current: T) => void,
  ): Promise<T> {
    return this.db.transaction(async (m) => {
      const current = await this.repo.find(spec, key, m, true);
      if (!current) throw missing;
      check(current);
      return (await this.repo.update(spec, key, values, m)) as T;
    });
  }
}
