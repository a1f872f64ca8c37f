import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from 'src/config/configuration';
import { buildCsv } from 'src/shared/csv';
import { todayIn } from 'src/shared/period';
import { AppealsRepository } from './appeals.repository';
import { buildAppealsReport } from './domain/appeals-report.calc';
import { AppealsReportQuery, AppealsReportResponseDto } from './dto/appeals-report.dto';

const CSV_HEADER = ['category', 'count', 'answered', 'on_time', 'overdue', 'on_time_share'];

/** Appeals by category for the head of the service: registered, answered, on time, the on-time share. */
@Injectable()
export class AppealsReportService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: AppealsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async report(q: AppealsReportQuery): Promise<AppealsReportResponseDto> {
    const asOf = q.asOf ?? todayIn(this.config.billing.timezone);
    const counts = await this.repo.reportCounts(this.db.manager, q.from, q.to, asOf);
    return { from: q.from, to: q.to, asOf, ...buildAppealsReport(counts) };
  }

  /** ';' separated, one line per category and a total line; no personal data. */
  toCsv(r: AppealsReportResponseDto): string {
    return buildCsv([
      CSV_HEADER,
      ...r.rows.map((x) => [x.category, x.count, x.answered, x.onTime, x.overdue, x.onTimeShare]),
      ['total', r.total.count, r.total.answered, r.total.onTime, r.total.overdue, r.total.onTimeShare],
    ]);
  }
}
