import { Injectable } from '@nestjs/common';
import { RuleViolationError } from 'src/common/errors/domain-error';
import { invalidField } from 'src/common/errors/validity';
import { CalendarDayKind } from '../domain/penalty-rules.types';
import { calendarKindFits } from '../domain/working-days';
import { PenaltyErrorCode as E, ruleNotFound } from '../penalties.errors';
import {
  CalendarDayResponseDto,
  CreateCalendarDayDto,
  CreateDueRuleDto,
  CreateFractionDto,
  DueRuleResponseDto,
  FractionResponseDto,
  ListCalendarQuery,
  toCalendarDayResponse,
  toDueRuleResponse,
  toFractionResponse,
  UpdateCalendarDayDto,
  UpdateDueRuleDto,
  UpdateFractionDto,
} from './dto/schedule.dto';
import { definedColumns, PenaltyRulesRepository } from './penalty-rules.repository';
import { PenaltyRulesService } from './penalty-rules.service';
import { CALENDAR, DUE_RULES, FRACTIONS } from './rule-tables';

/** Rate fractions by delay day, due-date rules and the production calendar, as editable data. */
@Injectable()
export class PenaltyScheduleService {
  constructor(
    private readonly repo: PenaltyRulesRepository,
    private readonly rules: PenaltyRulesService,
  ) {}

  async listFractions(): Promise<FractionResponseDto[]> {
    return (await this.repo.list(FRACTIONS)).map(toFractionResponse);
  }

  /** A fraction row (409 PENALTY_FRACTION_OVERLAP when its days overlap a row of the same set). */
  async createFraction(dto: CreateFractionDto): Promise<FractionResponseDto> {
    assertDaysInOrder(dto.fromDay, dto.toDay ?? null);
    const created = await this.repo.insert(FRACTIONS, {
      valid_from: dto.validFrom,
      from_day: dto.fromDay,
      to_day: dto.toDay ?? null,
      denominator: dto.denominator ?? null,
      source: dto.source,
    });
    return toFractionResponse(created);
  }

  async updateFraction(id: string, dto: UpdateFractionDto): Promise<FractionResponseDto> {
    const values = definedColumns({ to_day: dto.toDay, denominator: dto.denominator, source: dto.source });
    const missing = ruleNotFound(E.FractionNotFound, 'penalty fraction', id);
    const updated = await this.rules.change(FRACTIONS, id, values, missing, (c) => {
      if (dto.toDay !== undefined) assertDaysInOrder(c.fromDay, dto.toDay);
    });
    return toFractionResponse(updated);
  }

  async listDueRules(): Promise<DueRuleResponseDto[]> {
    return (await this.repo.list(DUE_RULES)).map(toDueRuleResponse);
  }

  /** A due-date rule for a range of billing periods (409 DUE_RULE_OVERLAP when the ranges overlap). */
  async createDueRule(dto: CreateDueRuleDto): Promise<DueRuleResponseDto> {
    assertPeriodsInOrder(dto.periodFrom, dto.periodTo ?? null);
    const created = await this.repo.insert(DUE_RULES, {
      period_from: `${dto.periodFrom}-01`,
      period_to: dto.periodTo ? `${dto.periodTo}-01` : null,
      due_day: dto.dueDay,
      month_offset: dto.monthOffset ?? 1,
      source: dto.source,
    });
    return toDueRuleResponse(created);
  }

  async updateDueRule(id: string, dto: UpdateDueRuleDto): Promise<DueRuleResponseDto> {
    const values = definedColumns({
      period_to: dto.periodTo === undefined ? undefined : dto.periodTo && `${dto.periodTo}-01`,
      due_day: dto.dueDay,
      month_offset: dto.monthOffset,
      source: dto.source,
    });
    const missing = ruleNotFound(E.DueRuleNotFound, 'due rule', id);
    const updated = await this.rules.change(DUE_RULES, id, values, missing, (c) => {
      if (dto.periodTo !== undefined) assertPeriodsInOrder(c.periodFrom, dto.periodTo);
    });
    return toDueRuleResponse(updated);
  }

  async listCalendar(q: ListCalendarQuery): Promise<CalendarDayResponseDto[]> {
    const days = q.year
      ? await this.repo.list(CALENDAR, `day >= $1::date AND day < $2::date`, [
          `${q.year}-01-01`,
          `${q.year + 1}-01-01`,
        ])
      : await this.repo.list(CALENDAR);
    return days.map(toCalendarDayResponse);
  }

  /** A calendar exception (409 CALENDAR_DAY_EXISTS; 422 when the kind contradicts the weekday). */
  async createCalendarDay(dto: CreateCalendarDayDto): Promise<CalendarDayResponseDto> {
    assertKindFits(dto.day, dto.kind);
    const created = await this.repo.insert(CALENDAR, {
      day: dto.day,
      kind: dto.kind,
      note: dto.note ?? '',
      source: dto.source,
    });
    return toCalendarDayResponse(created);
  }

  async updateCalendarDay(day: string, dto: UpdateCalendarDayDto): Promise<CalendarDayResponseDto> {
    if (dto.kind) assertKindFits(day, dto.kind);
    const values = definedColumns({ kind: dto.kind, note: dto.note, source: dto.source });
    const updated = await this.repo.update(CALENDAR, day, values);
    if (!updated) throw ruleNotFound(E.CalendarDayNotFound, 'calendar day', day);
    return toCalendarDayResponse(updated);
  }

  /** Removes an exception: the day falls back to its weekday (Mon–Fri working). */
  async deleteCalendarDay(day: string): Promise<CalendarDayResponseDto> {
    const removed = await this.repo.remove(CALENDAR, day);
    if (!removed) throw ruleNotFound(E.CalendarDayNotFound, 'calendar day', day);
    return toCalendarDayResponse(removed);
  }
}

function assertDaysInOrder(fromDay: number, toDay: number | null): void {
  if (toDay !== null && toDay < fromDay)
    throw invalidField('toDay', `toDay must not be before fromDay (${fromDay})`);
}

function assertPeriodsInOrder(periodFrom: string, periodTo: string | null): void {
  if (periodTo !== null && periodTo < periodFrom) {
    throw invalidField('periodTo', `periodTo must not be before periodFrom (${periodFrom})`);
  }
}

function assertKindFits(day: string, kind: CalendarDayKind): void {
  if (!calendarKindFits(day, kind)) {
    const what =
      kind === CalendarDayKind.Workday
        ? 'a transferred working day must be a Saturday or Sunday'
        : 'a transferred day off must be a weekday';
    throw new RuleViolationError(E.CalendarKindMismatch, `${day}: ${what}`, { day, kind }, 'kind');
  }
}
