import { IsIn, IsOptional } from 'class-validator';
import { IsCalendarDate } from 'src/common/http/calendar-date';

export class SubscriberActQuery {
  /** First day of the act (YYYY-MM-DD); everything booked before it makes the opening balance. */
  @IsCalendarDate()
  from!: string;

  /** Last day of the act (YYYY-MM-DD), inclusive. */
  @IsCalendarDate()
  to!: string;

  /** json (default) or pdf (the printed act with signatures). */
  @IsOptional()
  @IsIn(['json', 'pdf'])
  format?: 'json' | 'pdf';
}

export class ActBalanceDto {
  /** Total owed, principal + penalty (negative = overpaid). */
  total!: string;
  /** Principal part: charges, recalculations and imported debt less payments to them and advances (negative = advance; equals the ledger closingPrincipal − advance.remaining). */
  principal!: string;
  /** Penalty part: penalty charged and imported less penalty paid. */
  penalty!: string;
}

export class ActTurnoverDto {
  /** Sum of the debits of the listed entries. */
  debit!: string;
  /** Sum of the credits of the listed entries. */
  credit!: string;
}

export class ActEntryDto {
  /** Date of the entry (YYYY-MM-DD): a charge, recalculation or imported debt on its period's last day, a payment on its paid date, a penalty line on its close date. */
  date!: string;
  /** charge, imported, recalculation, payment or penalty. */
  kind!: string;
  /** The entry in words, as printed. */
  description!: string;
  /** Increase of the debt. */
  debit!: string;
  /** Decrease of the debt. */
  credit!: string;
  /** Balance after the entry. */
  balance!: string;
  /** Source of the entry: a payment's stored allocation, a recalculation's number, reason and lines, a penalty line's debt periods. */
  details!: Record<string, unknown>;
}

export class ActPartiesDto {
  /** Account number (лицевой счёт). */
  accountNumber!: string;
  /** Payer (account holder) — personal data. */
  holderName!: string;
  /** Address of the premises. */
  address!: string;
  /** The executor (managing organisation). */
  organisationName!: string;
}

export class SubscriberActResponseDto {
  /** Account id. */
  accountId!: string;
  /** First day of the act. */
  from!: string;
  /** Last day of the act. */
  to!: string;
  /** The parties of the act. */
  parties!: ActPartiesDto;
  /** Balance at the start of `from`. */
  opening!: ActBalanceDto;
  /** Entries from `from` to `to`, chronologically. */
  entries!: ActEntryDto[];
  /** Debit and credit of the entries. */
  turnover!: ActTurnoverDto;
  /** Balance at the end of `to`, split into principal and penalty. */
  closing!: ActBalanceDto;
}
