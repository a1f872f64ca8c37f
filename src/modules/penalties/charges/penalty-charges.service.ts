import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from 'src/common/auth/roles';
import { ConflictError } from 'src/common/errors/domain-error';
import { periodEnd } from 'src/shared/period';
import { PenaltyRunsRepository } from '../accruals/penalty-runs.repository';
import { PenaltyErrorCode as E } from '../penalties.errors';
import { PenaltyChargeRow, PenaltyChargesRepository } from './penalty-charges.repository';
import { CreatePenaltyChargesDto, PenaltyChargesResultDto } from './dto/penalty-charge.dto';

/**
 * At period close the accrued penalty becomes a separate penalty line of the payment document: per
 * account, the total accrued up to the period's last day minus what earlier lines charged, kept per
 * debt period. Needs the completed penalty run of that day; idempotent per account and period (the
 * unique key), so a repeated call creates nothing.
 */
@Injectable()
export class PenaltyChargesService {
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
      if (await this.repo.laterPeriodExists(m, dto.period)) {
        throw new ConflictError(
          E.ChargesOfLaterPeriod,
          `Penalty lines of a period after ${dto.period} exist`,
          {
            period: dto.period,
          },
        );
      }
      return this.repo.insertForPeriod(m, dto.period, closeDate, by.name);
    });
    return { period: dto.period, closeDate, created, ...(await this.repo.totals(dto.period)) };
  }

  /** The penalty lines of a billing period for the accounts (for the payment document). */
  linesOf(m: EntityManager, accountIds: string[], period: string): Promise<PenaltyChargeRow[]> {
    return this.repo.ofAccounts(m, accountIds, period);
  }
}
