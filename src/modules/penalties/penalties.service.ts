import { Injectable } from '@nestjs/common';
import { checkCalculationInput } from './domain/calculation-input.rules';
import { dueDateOf, nominalDueDateOf } from './domain/due-date.calc';
import { accruePenalty } from './domain/penalty.calc';
import { MoratoriumScope } from './domain/penalty-rules.types';
import {
  CalculatePenaltyDto,
  DueDateResponseDto,
  PenaltyCalculationResponseDto,
  toPenaltyCalculationResponse,
} from './dto/penalty-calculation.dto';
import { PenaltyRulesService } from './rules/penalty-rules.service';

/** The penalty calculator over given data (court statements, appeals) on the stored rules. */
@Injectable()
export class PenaltiesService {
  constructor(private readonly rules: PenaltyRulesService) {}

  /**
   * Penalty rows and total up to and including `asOf` (ЖК РФ ст. 155 ч. 14). Missing due dates come
   * from the due-date rules and the production calendar; `moratoria` replaces the stored list; `rate`
   * fixes one annual % for every row. Rule gaps (no key rate, no due rule) answer 422.
   */
  async calculate(dto: CalculatePenaltyDto): Promise<PenaltyCalculationResponseDto> {
    const rules = await this.rules.loadRules();
    const debts = dto.debts.map((d) => ({
      period: d.period,
      amount: d.amount,
      dueDate:
        d.dueDate ?? dueDateOf({ period: d.period, dueRules: rules.dueRules, calendar: rules.calendar }),
    }));
    const payments = dto.payments ?? [];
    const problem = checkCalculationInput({ debts, payments, asOf: dto.asOf });
    if (problem) throw problem;
    const moratoria =
      dto.moratoria?.map((m) => ({
        validFrom: m.from,
        validTo: m.to,
        scope: m.scope ?? MoratoriumScope.AllDebts,
      })) ?? rules.moratoria;
    const result = accruePenalty({
      debts,
      payments,
      asOf: dto.asOf,
      rules: { ...rules, moratoria },
      rateOverride: dto.rate ?? null,
    });
    return toPenaltyCalculationResponse(result);
  }

  /** Due date of a billing period's charges: the rule's date and the working day it moves to. */
  async dueDate(period: string): Promise<DueDateResponseDto> {
    const { dueRules, calendar } = await this.rules.loadRules();
    return {
      period,
      nominalDueDate: nominalDueDateOf({ period, dueRules }),
      dueDate: dueDateOf({ period, dueRules, calendar }),
    };
  }
}
