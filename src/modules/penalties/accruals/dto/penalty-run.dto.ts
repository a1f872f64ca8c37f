import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsCalendarDate } from 'src/common/http/calendar-date';
import type { PenaltyChunkRow, PenaltyRunRow, PenaltyRunStatus } from '../penalty-runs.repository';

export class StartPenaltyRunDto {
  /** Calculation date (YYYY-MM-DD): penalties up to and including this day; not in the future. */
  @IsCalendarDate()
  asOf!: string;
}

export class PenaltyRunDateParam {
  /** Calculation date of the run (YYYY-MM-DD). */
  @IsCalendarDate()
  date!: string;
}

export class ListPenaltyRunsQuery {
  /** Page size, 1–500 (default 50). */
  @IsOptional()
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  /** Runs before this date (YYYY-MM-DD): the `nextBefore` of the previous page. */
  @IsOptional()
  @IsCalendarDate()
  before?: string;
}

export class PenaltyRunChunkDto {
  /** Chunk number within the run, from 0. */
  chunkNo!: number;
  /** Debtors the chunk found in its range of account ids (0 until it is done). */
  accounts!: number;
  /** pending, running, done or failed. */
  status!: string;
  /** Attempts made. */
  attempts!: number;
  /** Last error, when an attempt failed. */
  error!: string | null;
}

export class PenaltyRunResponseDto {
  /** Calculation date (YYYY-MM-DD); one run per date. */
  runDate!: string;
  /** running, completed or completed_with_errors. */
  status!: PenaltyRunStatus;
  /**
   * Debtor accounts found so far: each chunk finds the debtors of its range of account ids when it
   * runs, so this grows with the chunks done and is the run's total once it has completed.
   */
  accountsTotal!: number;
  /** Debtor accounts of the chunks done. */
  accountsDone!: number;
  /** Chunks (one queue job each, `PENALTY_CHUNK_SIZE` consecutive account ids). */
  chunksTotal!: number;
  /** Chunks done. */
  chunksDone!: number;
  /** Chunks that failed after their last attempt (a new POST for the date retries them). */
  chunksFailed!: number;
  /** Accrual rows written (debts whose total to date changed). */
  rowsWritten!: number;
  /** Who started it ("scheduler" for the nightly job). */
  requestedBy!: string;
  /** When the run started (ISO instant). */
  startedAt!: string;
  /** When the last chunk finished, or null while running. */
  finishedAt!: string | null;
  /** Chunks that are not done, with their errors (only on GET of one run). */
  openChunks?: PenaltyRunChunkDto[];
}

export class PenaltyRunPageDto {
  /** Runs, newest first. */
  items!: PenaltyRunResponseDto[];
  /** Pass as `before` for the next page; null on the last page. */
  nextBefore!: string | null;
}

export function toPenaltyRunResponse(r: PenaltyRunRow, chunks?: PenaltyChunkRow[]): PenaltyRunResponseDto {
  return {
    runDate: r.run_date,
    status: r.status,
    accountsTotal: r.accounts_total,
    accountsDone: r.accounts_done,
    chunksTotal: r.chunks_total,
    chunksDone: r.chunks_done,
    chunksFailed: r.chunks_failed,
    rowsWritten: r.rows_written,
    requestedBy: r.requested_by,
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
    ...(chunks
      ? {
          openChunks: chunks.map((c) => ({
            chunkNo: c.chunk_no,
            accounts: c.accounts,
            status: c.status,
            attempts: c.attempts,
            error: c.error,
          })),
        }
      : {}),
  };
}
