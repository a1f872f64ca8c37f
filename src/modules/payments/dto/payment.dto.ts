import { IsEnum, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsCalendarDate } from 'src/common/http/calendar-date';
import { IsDecimalString } from 'src/common/http/decimal-string';
import { IsIdString } from 'src/common/http/id-string';
import { PageQuery } from 'src/common/http/pagination';
import type { StoredAllocation } from '../allocation.repository';
import { AllocationKind } from '../domain/allocation.types';
import type { StoredPayment } from '../payments.repository';

/** How the money came in. */
export enum PaymentChannel {
  Bank = 'bank',
  Cash = 'cash',
  Online = 'online',
  Post = 'post',
  Other = 'other',
}

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

export class CreatePaymentDto {
  /** Account id. */
  @IsIdString()
  accountId!: string;

  /** Amount in roubles, a decimal string > 0 with at most 2 decimals, e.g. "1500.50". */
  @IsDecimalString({ scale: 2, precision: 14, min: '0', exclusiveMin: true })
  amount!: string;

  /** Day the money was paid (YYYY-MM-DD), not in the future. */
  @IsCalendarDate()
  paidOn!: string;

  /** bank, cash, online, post or other. */
  @IsEnum(PaymentChannel)
  channel!: PaymentChannel;

  /** The billing period the payer named (YYYY-MM); the money goes there first. */
  @IsOptional()
  @Matches(PERIOD, { message: 'period must be YYYY-MM' })
  period?: string;

  /** The payment's id in the sender's system (receipt number, acquirer id). */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  externalId?: string;
}

export class ReversePaymentDto {
  /** Why the payment is reversed (mandatory; kept with the reversal and in the audit trail). */
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason!: string;
}

export class AccountPaymentsQuery extends PageQuery {}

export class AllocationDto {
  /** Billing period paid (YYYY-MM); null for an advance row. */
  period!: string | null;
  /** Service paid; null for an advance row (or a penalty accrued on the period as a whole). */
  serviceCode!: string | null;
  /** principal (a charge), penalty, or advance (money not yet owed anywhere; negative when applied later). */
  kind!: AllocationKind;
  /** Amount in roubles, decimal string; negative on reversals and on applied advances. */
  amount!: string;
  /** When the row was written (an advance applied later has a later time than its payment). */
  createdAt!: Date;
}

export class PaymentResponseDto {
  /** Payment id. */
  id!: string;
  /** Account id. */
  accountId!: string;
  /** Amount in roubles, decimal string; negative for a reversal. */
  amount!: string;
  /** Day the money was paid (for a reversal: the day it was reversed). */
  paidOn!: string;
  /** bank, cash, online, post or other. */
  channel!: PaymentChannel;
  /** Period the payer named (YYYY-MM), or null. */
  period!: string | null;
  /** The sender's id of the payment, or null. */
  externalId!: string | null;
  /** The bank's payment id (registry payments), or null. */
  bankPaymentId!: string | null;
  /** The registry that brought the payment, or null. */
  registryId!: string | null;
  /** For a reversal: the payment it reverses; otherwise null. */
  reversesPaymentId!: string | null;
  /** For a reversed payment: its reversal; otherwise null. */
  reversedByPaymentId!: string | null;
  /** Why the payment was reversed (reversals only), or null. */
  reason!: string | null;
  /** Who recorded the payment. */
  createdBy!: string;
  /** When the payment was recorded. */
  createdAt!: Date;
  /** The stored allocation rows; they sum to the amount. */
  allocations!: AllocationDto[];
}

/** The API shape of a stored payment and its allocation rows. */
export function toPaymentResponse(p: StoredPayment, allocations: StoredAllocation[]): PaymentResponseDto {
  return {
    id: p.id,
    accountId: p.accountId,
    amount: p.amount,
    paidOn: p.paidOn,
    channel: p.channel,
    period: p.period,
    externalId: p.externalId,
    bankPaymentId: p.bankPaymentId,
    registryId: p.registryId,
    reversesPaymentId: p.reversesPaymentId,
    reversedByPaymentId: p.reversedByPaymentId,
    reason: p.reason,
    createdBy: p.createdBy,
    createdAt: p.createdAt,
    allocations: allocations
      .filter((a) => a.paymentId === p.id)
      .map((a) => ({
        period: a.period,
        serviceCode: a.serviceCode,
        kind: a.kind,
        amount: a.amount,
        createdAt: a.createdAt,
      })),
  };
}
