import { Matches } from 'class-validator';

export class CreatePenaltyChargesDto {
  /** Billing period being closed (YYYY-MM): its penalty line holds the penalty accrued up to its last day. */
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'period must be YYYY-MM' })
  period!: string;
}

export class PenaltyChargesResultDto {
  /** Billing period (YYYY-MM). */
  period!: string;
  /** Close date: the period's last day; accruals up to and including it are charged. */
  closeDate!: string;
  /** Penalty lines created by this request (0 when repeated: one line per account and period). */
  created!: number;
  /** Penalty lines of the period in total. */
  accounts!: number;
  /** Sum of the period's penalty lines, roubles. */
  total!: string;
}
