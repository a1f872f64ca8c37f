import { IsIn, IsOptional, Matches } from 'class-validator';
import { IsIdString } from 'src/common/http/id-string';

export class TurnoverQuery {
  /** Billing period YYYY-MM. */
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'period must be YYYY-MM' })
  period!: string;

  /** Accounts of one building (give this or organisationId). */
  @IsOptional()
  @IsIdString()
  buildingId?: string;

  /** Accounts of every building of one organisation (give this or buildingId). */
  @IsOptional()
  @IsIdString()
  organisationId?: string;

  /** json (default) or csv (UTF-8, ';', decimal point). */
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class TurnoverFiguresDto {
  /** Debt at the start of the period: earlier charges and imported balances less earlier payments (negative = credit). */
  openingDebt!: string;
  /** Balances of this period brought over from the previous system. */
  imported!: string;
  /** Charged for the period. */
  charged!: string;
  /** Recalculations of the period ("0.00" until recalculation lines exist). */
  recalculated!: string;
  /** Money received in the period (payment dates within it; reversals negative). */
  paid!: string;
  /** openingDebt + imported + charged + recalculated − paid. */
  closingDebt!: string;
}

export class TurnoverRowDto extends TurnoverFiguresDto {
  /** Account id. */
  accountId!: string;
  /** Account number. */
  accountNumber!: string;
  /** Building id. */
  buildingId!: string;
  /** Premises number within the building. */
  premisesNumber!: string;
}

export class TurnoverResponseDto {
  /** Billing period YYYY-MM. */
  period!: string;
  /** The building reported on, or null. */
  buildingId!: string | null;
  /** The organisation reported on, or null. */
  organisationId!: string | null;
  /** One row per account open in the period or with any figure, by account number. */
  rows!: TurnoverRowDto[];
  /** Sums of the rows. */
  totals!: TurnoverFiguresDto;
}
