import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsOptional, Matches } from 'class-validator';
import { PageQuery } from 'src/common/http/pagination';
import { ChunkCounts, RunRow, RunStatus, ServiceTotal } from '../billing-runs.repository';

export class CreateBillingRunDto {
  /** Billing period, YYYY-MM. */
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'period must be YYYY-MM' })
  period!: string;

  /** final (default) writes charge lines; preview computes the run aside for checking, touching no final data. */
  @IsOptional()
  @IsIn(['final', 'preview'])
  mode?: 'final' | 'preview';

  /** Only these accounts (e.g. set-aside accounts after their data was fixed); their buildings are computed. */
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(10000)
  @Matches(/^[1-9]\d{0,17}$/, { each: true, message: 'accountIds must be ids' })
  accountIds?: string[];

  /** Buildings to bill; all buildings when omitted. */
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(100000)
  @Matches(/^[1-9]\d{0,17}$/, { each: true, message: 'buildingIds must be ids' })
  buildingIds?: string[];
}

export class ListBillingRunsQuery extends PageQuery {
  /** Only runs of this period (YYYY-MM). */
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'period must be YYYY-MM' })
  period?: string;
}

export class ServiceTotalDto {
  /** Service code. */
  serviceCode!: string;
  /** Number of charge lines. */
  lines!: number;
  /** Sum of the rounded line amounts, decimal string. */
  amount!: string;
}

export class BillingRunProgressDto {
  /** Buildings in the run. */
  total!: number;
  /** Buildings computed and committed. */
  done!: number;
  /** Buildings that failed after all retries. */
  failed!: number;
  /** Buildings waiting or being computed. */
  pending!: number;
}

export class FailedBuildingDto {
  /** Building id. */
  buildingId!: string;
  /** Last error message. */
  error!: string | null;
  /** Attempts made. */
  attempts!: number;
}

export class BillingRunResponseDto {
  /** Run id. */
  id!: string;
  /** Billing period YYYY-MM. */
  period!: string;
  /** queued, running, completed, completed_with_errors or failed. */
  status!: RunStatus;
  /** final or preview. */
  mode!: 'final' | 'preview';
  /** Accounts the run was limited to (null = all). */
  accountIds!: string[] | null;
  /** Buildings requested (null = all). */
  buildingIds!: string[] | null;
  /** Buildings done, failed and pending. */
  progress!: BillingRunProgressDto;
  /** Accounts with at least one line. */
  accountsBilled!: number;
  /** Charge lines written. */
  lines!: number;
  /** Account-services set aside (no tariff, no norm …), see the issues endpoint. */
  issues!: number;
  /** Totals by service. */
  totals!: ServiceTotalDto[];
  /** Sum of all lines, decimal string. */
  totalAmount!: string;
  /** Buildings that failed after all retries, with the last error. */
  failedBuildings!: FailedBuildingDto[];
  /** Who started the run. */
  requestedBy!: string;
  /** When the run was queued (ISO timestamp). */
  createdAt!: string;
  /** When the first building started. */
  startedAt!: string | null;
  /** When the run was settled. */
  finishedAt!: string | null;
  /** Why the run failed as a whole (e.g. the queue was unreachable). */
  error!: string | null;
}

export class BillingRunIssueDto {
  /** Account set aside. */
  accountId!: string;
  /** Its building. */
  buildingId!: string;
  /** Service that could not be billed. */
  serviceCode!: string;
  /** NO_TARIFF, NO_NORM, NORM_BASIS_MISMATCH, DERIVED_SOURCE_MISSING. */
  code!: string;
  /** Human-readable reason. */
  message!: string;
}

export function toBillingRunResponse(
  run: RunRow,
  counts: ChunkCounts,
  live: { accounts: number; lines: number; issues: number; totals: ServiceTotal[] },
  failed: { building_id: string; error: string | null; attempts: number }[],
  totalAmount: string,
): BillingRunResponseDto {
  return {
    id: run.id,
    period: run.period.slice(0, 7),
    status: run.status,
    mode: run.mode,
    accountIds: run.account_ids,
    buildingIds: run.building_ids,
    progress: {
      total: run.buildings_total,
      done: counts.done,
      failed: counts.failed,
      pending: counts.pending + counts.running,
    },
    accountsBilled: live.accounts,
    lines: live.lines,
    issues: live.issues,
    totals: live.totals,
    totalAmount,
    failedBuildings: failed.map((f) => ({ buildingId: f.building_id, error: f.error, attempts: f.attempts })),
    requestedBy: run.requested_by,
    createdAt: run.created_at.toISOString(),
    startedAt: run.started_at?.toISOString() ?? null,
    finishedAt: run.finished_at?.toISOString() ?? null,
    error: run.error,
  };
}
