import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from 'src/common/auth/roles';
import { ConflictError } from 'src/common/errors/domain-error';
import { periodEnd } from 'src/shared/period';
import { PenaltyRunsRepository } from '../accruals/penalty-runs.repository';
import { PenaltyErrorCode as E } from '../penalties.errors';
import { PenaltyChargeRow, PenaltyChargesRepository, PostingRow } from './penalty-charges.repository';
import {
  CreatePenaltyChargesDto,
  PenaltyChargePostingDto,
  PenaltyChargesResultDto,
} from './dto/penalty-charge.dto';

/**
 * At period close the accrued penalty becomes a separate penalty line of the payment document: per
 * account, the total accrued up to the period's last day minus what earlier lines charged, kept per
 * debt period. Needs the completed penalty run of that day; idempotent per account and period (the
 * unique key), so a repeated call creates nothing.
 *
 * Closing a billing period records a posting (`requestAtClose`, in the closing transaction); postings
 * are made oldest period first by `postWaiting`, called after the close and whenever a penalty run
 * completes, so a close before its night's accrual waits for it instead of charging short figures.
 */
@Injectable()
export class PenaltyChargesService {
  private readonly logger = new Logger(PenaltyChargesService.name);

  constructor(
    private readonly db: DataSource,
    private readonly repo: PenaltyChargesRepository,
    private readonly runs: PenaltyRunsRepository,
  ) {}

  async create(dto: CreatePenaltyChargesDto, by: Principal): Promise<PenaltyChargesResultDto> {
    const closeDate = periodEnd(dto.period);
    const run = await this.runs.findRun(closeDate);
    if (run?.status !== 'completed') {
      throw new ConflictError(
        E.RunNotCompleted,
        `Penalty lines of ${dto.period} need the completed penalty run of ${closeDate}`,
        { runDate: closeDate, status: run?.status ?? null },
      );
    }
    const created = await this.db.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('penalty-charges'))`);
      await this.assertNoLaterLines(m, dto.period);
      const n = await this.repo.insertForPeriod(m, dto.period, closeDate, by.name);
      await this.repo.markPosted(m, dto.period, n, by.name);
      return n;
    });
    return { period: dto.period, closeDate, created, ...(await this.repo.totals(dto.period)) };
  }

  /** Records that a closed period's penalty lines are due (inside the closing transaction; once). */
  requestAtClose(m: EntityManager, period: string, by: string): Promise<void> {
    return this.repo.insertPosting(m, period, periodEnd(period), by);
  }

  /**
   * Posts the waiting periods, oldest first, while the penalty run of each one's close date has
   * completed; stops at the first still waiting for its run (a later period never posts before an
   * earlier one). A period with lines of a later period already present fails with that code.
   * Safe to call concurrently and repeatedly. Returns the periods posted or failed by this call.
   */
  async postWaiting(by: string): Promise<PenaltyChargePostingDto[]> {
    const touched: string[] = [];
    for (;;) {
      const period = await this.db.transaction(async (m) => {
        await m.query(`SELECT pg_advisory_xact_lock(hashtext('penalty-charges'))`);
        const next = await this.repo.oldestWaiting(m);
        if (!next || next.run_status !== 'completed') return null;
        if (await this.repo.laterPeriodExists(m, next.period)) {
          await this.repo.markFailed(
            m,
            next.period,
            E.ChargesOfLaterPeriod,
            'penalty lines of a later period exist',
          );
          return next.period;
        }
        const n = await this.repo.insertForPeriod(m, next.period, next.close_date, by);
        await this.repo.markPosted(m, next.period, n, by);
        return next.period;
      });
      if (period === null) break;
      touched.push(period);
    }
    if (touched.length > 0) this.logger.log(`penalty lines posted for ${touched.join(', ')}`);
    return (await this.repo.postings()).filter((p) => touched.includes(p.period)).map(toPostingDto);
  }

  /** postWaiting that never throws (after a commit that must not be undone: a close, a run). */
  async postWaitingQuietly(by: string): Promise<void> {
    try {
      await this.postWaiting(by);
    } catch (e) {
      this.logger.warn(`posting penalty lines failed, left waiting: ${e instanceof Error ? e.message : e}`);
    }
  }

  async postings(): Promise<PenaltyChargePostingDto[]> {
    return (await this.repo.postings()).map(toPostingDto);
  }

  /** The penalty lines of a billing period for the accounts (for the payment document). */
  linesOf(m: EntityManager, accountIds: string[], period: string): Promise<PenaltyChargeRow[]> {
    return this.repo.ofAccounts(m, accountIds, period);
  }

  private async assertNoLaterLines(m: EntityManager, period: string): Promise<void> {
    if (await this.repo.laterPeriodExists(m, period)) {
      throw new ConflictError(E.ChargesOfLaterPeriod, `Penalty lines of a period after ${period} exist`, {
        period,
      });
    }
  }
}

function toPostingDto(r: PostingRow): PenaltyChargePostingDto {
  return {
    period: r.period,
    closeDate: r.close_date,
    status: r.status,
    runStatus: r.run_status,
    requestedBy: r.requested_by,
    requestedAt: r.requested_at.toISOString(),
    postedAt: r.posted_at?.toISOString() ?? null,
    created: r.created,
    errorCode: r.error_code,
    error: r.error,
  };
}
