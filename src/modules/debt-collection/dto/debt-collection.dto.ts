import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { IsCalendarDate } from 'src/common/http/calendar-date';
import { IsIdString } from 'src/common/http/id-string';
import { CASE_STATUSES, CaseStatus } from '../domain/case-lifecycle';

export const NOTICE_CHANNELS = ['by_hand', 'registered_mail', 'payment_document', 'email', 'sms'] as const;
export type NoticeChannel = (typeof NOTICE_CHANNELS)[number];

export class CreateSelectionDto {
  /** Criteria set code (rows of debt_selection_criteria sharing it), e.g. "default" or "restriction". */
  @IsString()
  @Length(1, 64)
  setCode!: string;

  /** Debt as of this day (YYYY-MM-DD): charges of periods up to its month, payments up to the day. */
  @IsCalendarDate()
  asOf!: string;
}

export class SelectionAccountDto {
  /** Account id. */
  accountId!: string;
  /** Account number. */
  accountNumber!: string;
  /** Total principal debt of the account, roubles. */
  debt!: string;
  /** The matched criteria and the figures behind them (per service debt, average monthly charge, formula). */
  basis!: Record<string, unknown>;
}

export class SelectionResponseDto {
  /** Selection id. */
  id!: string;
  /** Criteria set used. */
  setCode!: string;
  /** Debt as of (YYYY-MM-DD). */
  asOf!: string;
  /** The criteria rows in force on asOf, as applied. */
  criteria!: Record<string, unknown>[];
  /** Number of accounts selected. */
  accounts!: number;
  /** Sum of the selected accounts' debt, roubles. */
  totalDebt!: string;
  /** Selected accounts, by account number. */
  items!: SelectionAccountDto[];
}

export class CreateCaseDto {
  /** Debtor account id. */
  @IsIdString()
  accountId!: string;

  /** The selection that found the debtor (optional). */
  @IsOptional()
  @IsIdString()
  selectionId?: string;

  /** Opening date of the case and date of the notice (YYYY-MM-DD). */
  @IsCalendarDate()
  openedOn!: string;

  /** Why the case is opened. */
  @IsString()
  @Length(3, 1000)
  reason!: string;
}

export class NoticeDeliveryDto {
  /** How the notice was delivered (decree 354 p. 119): by hand, registered mail, payment document, e-mail, SMS. */
  @IsIn(NOTICE_CHANNELS)
  channel!: NoticeChannel;

  /** Date of delivery (YYYY-MM-DD). */
  @IsCalendarDate()
  deliveredOn!: string;

  /** Proof or comment (receipt number, message id). */
  @IsString()
  @Length(3, 1000)
  reason!: string;
}

export class TransitionDto {
  /** Target status. */
  @IsIn(CASE_STATUSES)
  to!: CaseStatus;

  /** Date of the event (YYYY-MM-DD): restriction date, filing date, order date, … */
  @IsCalendarDate()
  onDate!: string;

  /** Reason (order number, court, payment, write-off ground). */
  @IsString()
  @Length(3, 1000)
  reason!: string;

  /** Service to restrict (required for restriction_allowed). */
  @IsOptional()
  @Matches(/^[a-z_]{2,32}$/, { message: 'serviceCode must be a service code' })
  serviceCode?: string;
}

export class CaseEventDto {
  /** Previous status (null for the opening). */
  fromStatus!: string | null;
  /** New status. */
  toStatus!: string;
  /** Event date (YYYY-MM-DD). */
  onDate!: string;
  /** Reason given. */
  reason!: string;
  /** Who did it. */
  actor!: string;
  /** Figures checked for the transition (restriction trigger, claim, fee). */
  basis!: Record<string, unknown>;
}

export class CaseResponseDto {
  /** Case id. */
  id!: string;
  /** Account id. */
  accountId!: string;
  /** Account number. */
  accountNumber!: string;
  /** Selection id, if the case came from one. */
  selectionId!: string | null;
  /** Current status. */
  status!: string;
  /** Opening date (YYYY-MM-DD). */
  openedOn!: string;
  /** Principal debt when opened, roubles. */
  debtAtOpening!: string;
  /** Notice delivery channel, once delivered. */
  noticeChannel!: string | null;
  /** Notice delivery date. */
  noticeDeliveredOn!: string | null;
  /** Earliest restriction date = delivery + notice days (20). */
  earliestRestrictionOn!: string | null;
  /** Service allowed to be restricted. */
  restrictedService!: string | null;
  /** Filing date of the court order application. */
  claimFiledOn!: string | null;
  /** Claim amount (principal within limitation + penalty), roubles. */
  claimAmount!: string | null;
  /** Court fee for the order, roubles. */
  courtFee!: string | null;
  /** Transitions, oldest first. */
  events!: CaseEventDto[];
}

export class CourtPackageQuery {
  /** Filing date (YYYY-MM-DD): the limitation, the fee scale and the penalty are taken on it. */
  @IsCalendarDate()
  filedOn!: string;

  /** json (default) or pdf. */
  @IsOptional()
  @IsIn(['json', 'pdf'])
  format?: 'json' | 'pdf';
}

export class DebtLineDto {
  /** Billing period (YYYY-MM). */
  period!: string;
  /** Service code. */
  serviceCode!: string;
  /** Charged, roubles. */
  charged!: string;
  /** Recalculated (signed), roubles. */
  recalculated!: string;
  /** Brought over from the previous system, roubles. */
  imported!: string;
  /** Paid towards the principal, roubles. */
  paid!: string;
  /** Unpaid, roubles. */
  owed!: string;
  /** Last day of the limitation of this period (YYYY-MM-DD). */
  limitationEnds!: string;
  /** True when older than the limitation on the filing date: flagged and left out of the claim. */
  timeBarred!: boolean;
}

export class CourtFeeDto {
  /** Scale code of the brackets used. */
  scale!: string;
  /** Fee for a claim of this amount, roubles. */
  claimFee!: string;
  /** Fee for the court order (order share of the claim fee), roubles. */
  orderFee!: string;
  /** The calculation as text. */
  formula!: string;
}

export class PartyDto {
  /** Account number. */
  accountNumber!: string;
  /** Holder (owner) name. */
  holderName!: string;
  /** Address of the premises. */
  address!: string;
  /** Creditor organisation name. */
  creditorName!: string;
  /** Creditor INN. */
  creditorInn!: string;
}

export class CourtPackageResponseDto {
  /** Case id. */
  caseId!: string;
  /** Filing date (YYYY-MM-DD). */
  filedOn!: string;
  /** Debtor and creditor. */
  parties!: PartyDto;
  /** Debt by period and service (unpaid cells only). */
  debtLines!: DebtLineDto[];
  /** Unpaid principal within the limitation, roubles. */
  principal!: string;
  /** Unpaid principal of time-barred periods (not claimed), roubles. */
  timeBarredPrincipal!: string;
  /** Penalty of the penalty statement's rows on the filing date for periods within the limitation, roubles. */
  penaltyAccrued!: string;
  /** Penalty brought over from the previous system on those periods, roubles. */
  penaltyImported!: string;
  /** Penalty already paid on those periods, roubles. */
  penaltyPaid!: string;
  /** Penalty claimed = accrued + imported − paid, roubles. */
  penalty!: string;
  /** Penalty statement total on the filing date (all periods), roubles. */
  penaltyStatementTotal!: string;
  /** Claim = principal + penalty, roubles. */
  claim!: string;
  /** Court-order claim limit in force, roubles. */
  courtOrderLimit!: string;
  /** Court fee by the scale in force on the filing date. */
  courtFee!: CourtFeeDto;
}
