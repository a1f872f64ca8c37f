import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEnum,
  IsOptional,
  Matches,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate, IsNotBefore } from 'src/common/http/calendar-date';
import { IsDecimalString } from 'src/common/http/decimal-string';
import { MoratoriumScope } from '../domain/penalty-rules.types';
import { PenaltyDebtTotal, PenaltyRow } from '../domain/penalty.types';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
const MONEY = { scale: 2, precision: 14, min: '0', exclusiveMin: true };

export class PenaltyDebtInputDto {
  /** Billing period of the charge (YYYY-MM); one debt per period. */
  @Matches(PERIOD, { message: 'period must be YYYY-MM' })
  period!: string;

  /** Charged amount, roubles: decimal string > 0 with at most 2 decimals ("1000.00"). */
  @IsDecimalString(MONEY)
  amount!: string;

  /** Last day to pay (YYYY-MM-DD); omitted: from the due-date rules moved by the production calendar. */
  @IsOptional()
  @IsCalendarDate()
  dueDate?: string;
}

export class PenaltyPaymentInputDto {
  /** Day paid (YYYY-MM-DD), not after asOf; that day still carries the balance before the payment. */
  @IsCalendarDate()
  date!: string;

  /** Roubles: decimal string > 0 with at most 2 decimals. */
  @IsDecimalString(MONEY)
  amount!: string;

  /** The period the payer named (one of the debts); omitted: the oldest debt first. */
  @IsOptional()
  @Matches(PERIOD, { message: 'period must be YYYY-MM' })
  period?: string;
}

export class MoratoriumInputDto {
  /** First day without penalty (YYYY-MM-DD). */
  @IsCalendarDate()
  from!: string;

  /** Last day without penalty (inclusive, YYYY-MM-DD). */
  @IsCalendarDate()
  @IsNotBefore('from')
  to!: string;

  /** all_debts (default) or debts_arisen_before_start. */
  @IsOptional()
  @IsEnum(MoratoriumScope)
  scope?: MoratoriumScope;
}

export class CalculatePenaltyDto {
  /** The charges owed, one per period. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1200)
  @ValidateNested({ each: true })
  @Type(() => PenaltyDebtInputDto)
  debts!: PenaltyDebtInputDto[];

  /** Payments received (none when omitted). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20000)
  @ValidateNested({ each: true })
  @Type(() => PenaltyPaymentInputDto)
  payments?: PenaltyPaymentInputDto[];

  /** Penalties are counted up to and including this day (YYYY-MM-DD); not before any due date. */
  @IsCalendarDate()
  asOf!: string;

  /** One annual % for every row, as a court may fix it (e.g. the key rate on the judgment day): no cap applied. */
  @IsOptional()
  @IsDecimalString({ scale: 3, precision: 6, min: '0', exclusiveMin: true, max: '100' })
  rate?: string;

  /** Moratoria to apply instead of the stored list ([] for none). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => MoratoriumInputDto)
  moratoria?: MoratoriumInputDto[];
}

export class PenaltyRowDto {
  /** Billing period of the debt (YYYY-MM). */
  period!: string;
  /** Balance charged in this row, roubles ("1000.00"). */
  balance!: string;
  /** First day of the row (YYYY-MM-DD, inclusive). */
  from!: string;
  /** Last day of the row (YYYY-MM-DD, inclusive). */
  to!: string;
  /** Days in the row. */
  days!: number;
  /** Share of the rate per day ("1/300", "1/130"). */
  fraction!: string;
  /** Annual rate applied, % ("9.5"). */
  ratePercent!: string;
  /** The calculation as text ("1 000.00 × 60 × 1/300 × 9.5 %"). */
  formula!: string;
  /** Penalty of the row, rounded half-up to the kopeck ("19.00"). */
  amount!: string;
}

export class PenaltyDebtTotalDto {
  /** Billing period (YYYY-MM). */
  period!: string;
  /** Due date used (given, or from the rules and the calendar). */
  dueDate!: string;
  /** The debt as given, roubles. */
  amount!: string;
  /** Paid towards it up to asOf, roubles. */
  paid!: string;
  /** Sum of its rows, roubles. */
  penalty!: string;
}

export class PenaltyCalculationResponseDto {
  /** Rows by debt period, then by day. */
  rows!: PenaltyRowDto[];
  /** Sum of the rounded rows, roubles. */
  total!: string;
  /** Per debt, in the order given. */
  debts!: PenaltyDebtTotalDto[];
  /** Payments left over after every debt was paid (an advance), roubles. */
  unallocated!: string;
}

export function toPenaltyCalculationResponse(r: {
  rows: PenaltyRow[];
  total: string;
  debts: PenaltyDebtTotal[];
  unallocated: string;
}): PenaltyCalculationResponseDto {
  return { rows: r.rows, total: r.total, debts: r.debts, unallocated: r.unallocated };
}

export class DueDateQuery {
  /** Billing period (YYYY-MM). */
  @Matches(PERIOD, { message: 'period must be YYYY-MM' })
  period!: string;
}

export class DueDateResponseDto {
  /** Billing period (YYYY-MM). */
  period!: string;
  /** The date the due-date rule gives (YYYY-MM-DD). */
  nominalDueDate!: string;
  /** That date moved to the next working day (YYYY-MM-DD); delay day 1 is the day after. */
  dueDate!: string;
}
