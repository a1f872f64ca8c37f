import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, NotFoundError } from 'src/common/errors/domain-error';
import { addMonths } from 'src/shared/period';
import { PreviewAccountRowDto, PreviewReportDto, PreviewServiceRowDto } from './dto/preview-report.dto';

/**
 * The supervisor's check before finalising: a preview run's totals per building and service against
 * the previous period's final lines, with the accounts whose charge jumped, vanished or appeared.
 * All in SQL over the two line tables.
 */
@Injectable()
export class PreviewReportService {
  constructor(private readonly db: DataSource) {}

  async report(runId: string, threshold = '20'): Promise<PreviewReportDto> {
    const [run] = await this.db.query(
      `SELECT id, period, mode, account_ids FROM billing_runs WHERE id = $1`,
      [runId],
    );
    if (!run) throw new NotFoundError('billing_run', runId);
    if (run.mode !== 'preview')
      throw new DomainError('rule', 'NOT_A_PREVIEW', 'Only a preview run has a preview report', { runId });
    const period = (run.period as string).slice(0, 7);
    const previous = addMonths(period, -1);
    const args = [runId, `${previous}-01`, threshold];
    const scope = `WITH cur AS (SELECT building_id, service_code, account_id, count(*)::int AS n, sum(amount) AS amt
                                  FROM preview_charge_lines WHERE run_id = $1 GROUP BY 1, 2, 3),
                       prev AS (SELECT c.building_id, c.service_code, c.account_id, sum(c.amount) AS amt
                                  FROM charge_lines c JOIN billing_run_chunks k ON k.run_id = $1 AND k.building_id = c.building_id
                                  JOIN billing_runs r ON r.id = $1
                                 WHERE c.period = $2 AND (r.account_ids IS NULL OR c.account_id = ANY(r.account_ids))
                                 GROUP BY 1, 2, 3)`;
    const services: PreviewServiceRowDto[] = await this.db.query(
      `${scope}
       SELECT coalesce(c.building_id, p.building_id)::text AS "buildingId", coalesce(c.service_code, p.service_code) AS "serviceCode",
              coalesce(c.n, 0) AS lines, coalesce(c.amt, 0)::numeric(14,2)::text AS amount,
              coalesce(p.amt, 0)::numeric(14,2)::text AS "previousAmount",
              (coalesce(c.amt, 0) - coalesce(p.amt, 0))::numeric(14,2)::text AS change,
              CASE WHEN p.amt > 0 THEN round((coalesce(c.amt, 0) - p.amt) * 100 / p.amt, 2)::text END AS "changePercent",
              (p.amt IS NULL OR c.amt IS NULL OR (p.amt > 0 AND abs(coalesce(c.amt, 0) - p.amt) * 100 / p.amt > $3::numeric)) AS flagged
         FROM (SELECT building_id, service_code, sum(n)::int AS n, sum(amt) AS amt FROM cur GROUP BY 1, 2) c
         FULL JOIN (SELECT building_id, service_code, sum(amt) AS amt FROM prev GROUP BY 1, 2) p
           ON p.building_id = c.building_id AND p.service_code = c.service_code
        ORDER BY 1, 2`,
      args,
    );
    const accounts: (PreviewAccountRowDto & { kind: string })[] = await this.db.query(
      `${scope}
       SELECT coalesce(c.account_id, p.account_id)::text AS "accountId", c.amt::numeric(14,2)::text AS amount,
              p.amt::numeric(14,2)::text AS "previousAmount",
              CASE WHEN p.amt > 0 AND c.amt IS NOT NULL THEN round((c.amt - p.amt) * 100 / p.amt, 2)::text END AS "changePercent",
              CASE WHEN c.amt IS NULL THEN 'vanished' WHEN p.amt IS NULL THEN 'appeared' ELSE 'jumped' END AS kind
         FROM (SELECT account_id, sum(amt) AS amt FROM cur GROUP BY 1) c
         FULL JOIN (SELECT account_id, sum(amt) AS amt FROM prev GROUP BY 1) p ON p.account_id = c.account_id
        WHERE c.amt IS NULL OR p.amt IS NULL OR (p.amt > 0 AND abs(c.amt - p.amt) * 100 / p.amt > $3::numeric)
        ORDER BY 1`,
      args,
    );
    const pick = (kind: string) => accounts.filter((a) => a.kind === kind).map(({ kind: _k, ...row }) => row);
    return {
      runId,
      period,
      previousPeriod: previous,
      thresholdPercent: threshold,
      services,
      accounts: { jumped: pick('jumped'), vanished: pick('vanished'), appeared: pick('appeared') },
    };
  }
}
