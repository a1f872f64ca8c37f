import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class PeriodParam {
  /** Billing period YYYY-MM. */
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'period must be YYYY-MM' })
  period!: string;
}

export class ClosePeriodDto {
  /** Why the period is closed now (kept in the audit trail). */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class PeriodsQuery {
  /** First period to list, YYYY-MM (default: twelve periods back). */
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'from must be YYYY-MM' })
  from?: string;

  /** Last period to list, YYYY-MM (default: the current one). */
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'to must be YYYY-MM' })
  to?: string;
}

export class BillingPeriodDto {
  /** Billing period YYYY-MM. */
  period!: string;
  /** open or closed; a closed period accepts no writes, corrections go to the open period. */
  status!: 'open' | 'closed';
  /** When it was closed (ISO timestamp), null while open. */
  closedAt!: string | null;
  /** Who closed it. */
  closedBy!: string | null;
  /** The completed billing run the period was closed on. */
  runId!: string | null;
  /** The latest run of the period and its status, if any. */
  lastRunId!: string | null;
  /** queued, running, completed, completed_with_errors or failed. */
  lastRunStatus!: string | null;
}
