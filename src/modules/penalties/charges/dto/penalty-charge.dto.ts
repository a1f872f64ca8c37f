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

export class PenaltyChargePostingDto {
  /** Closed billing period (YYYY-MM) whose penalty lines are posted. */
  period!: string;
  /** The period's last day: the penalty run of this date must have completed before posting. */
  closeDate!: string;
  /** waiting (for the completed run of closeDate, or for an earlier period still waiting), posted, or failed. */
  status!: 'waiting' | 'posted' | 'failed';
  /** Status of the penalty run of closeDate (null: not started yet). */
  runStatus!: string | null;
  /** Who closed the period (or posted the lines by hand). */
  requestedBy!: string;
  /** When the posting was requested (ISO 8601). */
  requestedAt!: string;
  /** When the lines were posted (ISO 8601), null until then. */
  postedAt!: string | null;
  /** Penalty lines created by the posting (null until posted). */
  created!: number | null;
  /** Stable code of the failure (e.g. PENALTY_CHARGES_LATER_PERIOD), null otherwise. */
  errorCode!: string | null;
  /** Text of the failure, null otherwise. */
  error!: string | null;
}
