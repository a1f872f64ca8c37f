import { IsIn, IsOptional, Matches } from 'class-validator';
import { IsIdString } from 'src/common/http/id-string';
import { ReasonCategory } from '../domain/reason-labels';
import { PERIOD_PATTERN } from './report-query.dto';

export class ChargesByReasonQuery {
  /** First billing period YYYY-MM. */
  @Matches(PERIOD_PATTERN, { message: 'from must be a period YYYY-MM' })
  from!: string;

  /** Last billing period YYYY-MM (not before `from`; at most 60 periods). */
  @Matches(PERIOD_PATTERN, { message: 'to must be a period YYYY-MM' })
  to!: string;

  /** Only accounts of this building. */
  @IsOptional()
  @IsIdString()
  buildingId?: string;

  /** Only accounts of buildings managed by this organisation. */
  @IsOptional()
  @IsIdString()
  organisationId?: string;

  /** json (default) or csv (UTF-8 with BOM, ';', decimal point). */
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class ReasonRowDto {
  /** Billing period YYYY-MM: of the charge lines, the recalculation posting, or the penalty line. */
  period!: string;
  /** charge, recalculation or penalty. */
  category!: ReasonCategory;
  /** Charge method (metered, average, norm, area, derived, common), recalculation kind:reason_code, or penalty_155_14. */
  reasonCode!: string;
  /** What the reason means. */
  reason!: string;
  /** Service code; null for penalties (accrued on a period's debt as a whole). */
  serviceCode!: string | null;
  /** Charge or recalculation lines, or penalty lines. */
  lines!: number;
  /** Recalculation documents (null for charges and penalties). */
  documents!: number | null;
  /** Accounts concerned. */
  accounts!: number;
  /** Sum of the lines (signed roubles). */
  amount!: string;
  /** Of which the increasing coefficient added (charges; "0.00" otherwise; roubles). */
  coefficientAmount!: string;
}

export class ReasonTotalDto {
  /** charge, recalculation or penalty. */
  category!: ReasonCategory;
  /** Sum over the range (signed roubles). */
  amount!: string;
}

export class ChargesByReasonResponseDto {
  /** First billing period YYYY-MM. */
  from!: string;
  /** Last billing period YYYY-MM. */
  to!: string;
  /** Building filter, or null. */
  buildingId!: string | null;
  /** Organisation filter, or null. */
  organisationId!: string | null;
  /** One row per period, category, reason and service, by period, category, reason, service. */
  rows!: ReasonRowDto[];
  /** Per category over the whole range (charge, recalculation, penalty). */
  totals!: ReasonTotalDto[];
}
