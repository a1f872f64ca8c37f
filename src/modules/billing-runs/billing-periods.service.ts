import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Principal } from 'src/common/auth/roles';
import { DomainError } from 'src/common/errors/domain-error';
import { APP_CONFIG, AppConfig } from 'src/config/configuration';
import { PenaltyChargesService } from 'src/modules/penalties/charges/penalty-charges.service';
import { addMonths, periodOfDate, todayIn } from 'src/shared/period';
import { BillingPeriodDto } from './dto/billing-period.dto';

interface PeriodRow {
  period: string;
  status: 'open' | 'closed';
  closed_at: Date | null;
  closed_by: string | null;
  run_id: string | null;
  last_run_id: string | null;
  last_run_status: string | null;
}

/**
 * Billing periods open → closed. Closing needs a completed full run and no run in progress; once
 * closed, the database refuses every write to the period's charge lines (trigger), and a closed period
 * never reopens: corrections are delta lines in the open period. Closing also requests the period's
 * penalty lines (PenaltyChargesService: posted once the penalty run of its last day has completed).
 */
@Injectable()
export class BillingPeriodsService {
  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly penaltyCharges: PenaltyChargesService,
  ) {}

  async list(from: string | undefined, to: string | undefined): Promise<BillingPeriodDto[]> {
    const current = periodOfDate(todayIn(this.config.billing.timezone));
    const rows: PeriodRow[] = await this.db.query(
      `SELECT to_char(g.p, 'YYYY-MM') AS period, coalesce(bp.status, 'open') AS status, bp.closed_at, bp.closed_by, bp.run_id,
              lr.id AS last_run_id, lr.status AS last_run_status
         FROM generate_series($1::date, $2::date, interval '1 month') AS g(p)
         LEFT JOIN billing_periods bp ON bp.period = g.p
         LEFT JOIN LATERAL (SELECT id, status FROM billing_runs r WHERE r.period = g.p ORDER BY id DESC LIMIT 1) lr ON true
        ORDER BY g.p`,
      [`${from ?? addMonths(current, -12)}-01`, `${to ?? current}-01`],
    );
    return rows.map(toPeriod);
  }

  async close(period: string, by: Principal): Promise<BillingPeriodDto> {
    const start = `${period}-01`;
    await this.db.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(7355, 0)`);
      const [last] = await m.query(
        `SELECT id, status FROM billing_runs WHERE period = $1 ORDER BY id DESC LIMIT 1`,
        [start],
      );
      const [full] = await m.query(
        `SELECT id FROM billing_runs WHERE period = $1 AND status = 'completed' AND building_ids IS NULL ORDER BY id DESC LIMIT 1`,
        [start],
      );
      if (!last || !full || last.status !== 'completed') {
        throw new DomainError(
          'rule',
          'PERIOD_NOT_BILLED',
          'Closing needs a completed billing run of all buildings, and the latest run completed',
          {
            lastRunId: last?.id ?? null,
            lastRunStatus: last?.status ?? null,
          },
        );
      }
      // The trigger refuses to touch a row that is already closed (409 PERIOD_CLOSED).
      await m.query(
        `INSERT INTO billing_periods (period, status, closed_at, closed_by, run_id) VALUES ($1, 'closed', now(), $2, $3)
         ON CONFLICT (period) DO UPDATE SET status = 'closed', closed_at = now(), closed_by = $2, run_id = $3`,
        [start, by.name, last.id],
      );
      // The period's penalty lines: posted now if its last day's penalty run has completed, else
      // when that run completes (the posting row waits; never posted from incomplete accruals).
      await this.penaltyCharges.requestAtClose(m, period, by.name);
    });
    await this.penaltyCharges.postWaitingQuietly(by.name);
    return (await this.list(period, period))[0];
  }

  /** Refuses a run for a closed period before anything is queued. */
  async assertOpen(period: string): Promise<void> {
    const [row] = await this.db.query(`SELECT status FROM billing_periods WHERE period = $1`, [
      `${period}-01`,
    ]);
    if (row?.status === 'closed') {
      throw new DomainError(
        'conflict',
        'PERIOD_CLOSED',
        'The billing period is closed: corrections go to the open period',
        { period },
      );
    }
  }
}

function toPeriod(r: PeriodRow): BillingPeriodDto {
  return {
    period: r.period,
    status: r.status,
    closedAt: r.closed_at?.toISOString() ?? null,
    closedBy: r.closed_by,
    runId: r.run_id,
    lastRunId: r.last_run_id,
    lastRunStatus: r.last_run_status,
  };
}
