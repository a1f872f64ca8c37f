import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class OpeningBalancesImportQuery {
  /** Original file name (used as the source when none is given). */
  @IsOptional()
  @IsString()
  @MaxLength(255)
  fileName?: string;

  /** Where the balances come from (e.g. "1С:Учёт в УК, выгрузка 2025-06-30"); kept on every row. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  source?: string;
}

export type OpeningBalanceLineStatus = 'accepted' | 'unchanged' | 'rejected';

export class OpeningBalanceLineResultDto {
  /** Line number in the file (the header is line 1). */
  line!: number;
  /** Account number as written. */
  accountNumber!: string;
  /** The account matched; null when the number is unknown. */
  accountId!: string | null;
  /** Period: YYYY-MM when it could be read, else as written. */
  period!: string;
  /** Service code as written. */
  serviceCode!: string;
  /** principal or penalty (as written when invalid). */
  kind!: string;
  /** Amount: 2 decimals when it could be read, else as written. */
  amount!: string;
  /** accepted (stored now), unchanged (already stored with the same amount) or rejected. */
  status!: OpeningBalanceLineStatus;
  /** Why the line was rejected: a stable code (ACCOUNT_NOT_FOUND, OPENING_BALANCE_CONFLICT …). */
  code?: string;
  /** Why the line was rejected, in words. */
  message?: string;
}

export class OpeningBalancesImportResponseDto {
  /** How the file was read: utf-8 or windows-1251. */
  encoding!: string;
  /** Data lines in the file (header and empty lines not counted). */
  lines!: number;
  /** Balances stored now. */
  accepted!: number;
  /** Balances already stored with the same amount (a re-imported file is all unchanged). */
  unchanged!: number;
  /** Lines refused, each with its reason; the other lines were stored. */
  rejected!: number;
  /** One result per data line, in file order. */
  results!: OpeningBalanceLineResultDto[];
}
