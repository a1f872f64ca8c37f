import { IsOptional, Matches } from 'class-validator';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

export class LedgerQuery {
  /** First period shown (YYYY-MM); default: the first period with anything booked. */
  @IsOptional()
  @Matches(PERIOD, { message: 'from must be YYYY-MM' })
  from?: string;

  /** Last period shown (YYYY-MM); default: the last period with anything booked. */
  @IsOptional()
  @Matches(PERIOD, { message: 'to must be YYYY-MM' })
  to?: string;
}

export class LedgerRowDto {
  /** Billing period YYYY-MM the debt belongs to. */
  period!: string;
  /** Service code; null for a penalty accrued on the period as a whole. */
  serviceCode!: string | null;
  /** Principal owed for this service from earlier periods (the previous closing balance). */
  openingBalance!: string;
  /** Principal debt of this period brought over from the previous system (opening balances import). */
  imported!: string;
  /** Charged for the period (charge lines). */
  charged!: string;
  /** Recalculations of the period (always "0.00" until recalculation lines exist). */
  recalculated!: string;
  /** Principal paid for this period and service, by allocation (reversals netted; advance applied included). */
  paid!: string;
  /** Part of paid + penaltyPaid that is an outstanding advance applied on this view (stored at the account's next write). */
  advanceApplied!: string;
  /** openingBalance + imported + charged + recalculated − paid. */
  closingBalance!: string;
  /** Penalty owed for this service from earlier periods. */
  penaltyOpening!: string;
  /** Penalty of this period brought over from the previous system. */
  penaltyImported!: string;
  /** Penalty accrued on this period's debt by the penalty engine ("0.00" until it is connected). */
  penaltyCharged!: string;
  /** Penalty paid, by allocation. */
  penaltyPaid!: string;
  /** penaltyOpening + penaltyImported + penaltyCharged − penaltyPaid. */
  penaltyClosing!: string;
}

export class LedgerAdvanceDto {
  /** Money received and not yet allocated to any debt (stored advance rows, reversals netted). */
  outstanding!: string;
  /** Part of it this view shows applied to debt that appeared since (charges of later billing runs). */
  appliedOnView!: string;
  /** What is left as a credit after that. */
  remaining!: string;
}

export class LedgerResponseDto {
  /** Account id. */
  accountId!: string;
  /** First period shown, or null when nothing was ever booked. */
  from!: string | null;
  /** Last period shown, or null when nothing was ever booked. */
  to!: string | null;
  /** One row per period and service with anything booked, by period then service order. */
  rows!: LedgerRowDto[];
  /** Principal owed at the end of `to` (all periods up to it; negative = overpaid). */
  closingPrincipal!: string;
  /** Penalty owed at the end of `to`. */
  closingPenalty!: string;
  /** Advance (prepayment) of the account. */
  advance!: LedgerAdvanceDto;
}
