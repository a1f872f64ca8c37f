import { IsOptional, IsString, MaxLength } from 'class-validator';

export class RegistryImportQuery {
  /** Original file name, kept with the registry record. */
  @IsOptional()
  @IsString()
  @MaxLength(255)
  fileName?: string;
}

export type RegistryLineStatus = 'accepted' | 'unchanged' | 'rejected';

export class RegistryLineResultDto {
  /** Line number in the file (the header is line 1). */
  line!: number;
  /** Account number as written. */
  accountNumber!: string;
  /** The account the line was matched to; null when the number is unknown. */
  accountId!: string | null;
  /** Period as written (MMYYYY or YYYY-MM; empty when none). */
  period!: string;
  /** Amount: 2 decimals when it could be read, else as written. */
  amount!: string;
  /** Payment date: YYYY-MM-DD when it could be read, else as written. */
  paidOn!: string;
  /** The bank's payment id as written. */
  bankPaymentId!: string;
  /** accepted (posted now), unchanged (already posted with the same account and amount) or rejected. */
  status!: RegistryLineStatus;
  /** The payment posted for this bank payment id (accepted and unchanged lines), else null. */
  paymentId!: string | null;
  /** Why a line was rejected: a stable code (ACCOUNT_NOT_FOUND, DUPLICATE_PAYMENT_ID_CONFLICT …). */
  code?: string;
  /** Why a line was rejected, in words. */
  message?: string;
}

export class PaymentRegistryResponseDto {
  /** Registry id. */
  id!: string;
  /** Original file name, or null. */
  fileName!: string | null;
  /** SHA-256 of the file's bytes. */
  sha256!: string;
  /** How the file was read: utf-8 or windows-1251. */
  encoding!: string;
  /** Payment lines in the file (header, control and empty lines not counted). */
  lines!: number;
  /** Lines posted now. */
  accepted!: number;
  /** Lines already posted before (a re-imported file is all unchanged). */
  unchanged!: number;
  /** Lines refused, each with its reason; the other lines were posted. */
  rejected!: number;
  /** Sum of every amount that could be read, decimal string. */
  total!: string;
  /** Sum of the accepted lines. */
  acceptedAmount!: string;
  /** Sum of the unchanged lines. */
  unchangedAmount!: string;
  /** Sum of the rejected lines whose amount could be read. */
  rejectedAmount!: string;
  /** Line count declared by the control line, or null. */
  controlLines!: number | null;
  /** Total declared by the control line, or null. */
  controlTotal!: string | null;
  /** True when the control line matches the file's count and total. */
  controlOk!: boolean;
  /** What did not match (null when the control line matched). */
  controlMessage!: string | null;
  /** Who uploaded the file. */
  createdBy!: string;
  /** When the file was uploaded. */
  createdAt!: Date;
  /** When the last line was processed; null while the import runs (or if it stopped). */
  completedAt!: Date | null;
  /** One result per payment line, in file order. */
  results!: RegistryLineResultDto[];
}
