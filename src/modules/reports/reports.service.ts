import { Inject, Injectable } from '@nestjs/common';
import { BadInputError, NotFoundError } from 'src/common/errors/domain-error';
import { APP_CONFIG, AppConfig } from 'src/config/configuration';
import { dueDateOf } from 'src/modules/penalties/domain';
import { PenaltyRulesService } from 'src/modules/penalties/rules/penalty-rules.service';
import { dec, moneyString } from 'src/shared/money';
import { addDays, daysBetween, monthsBetween, todayIn } from 'src/shared/period';
import { AGEING_BUCKETS, buildAgeingRows } from './domain/ageing.calc';
import { collectionRatePercent } from './domain/collection-rate.calc';
import { daysLeft, summariseByBuilding, verificationStatus } from './domain/meter-verification.build';
import { describeReason, ReasonCategory } from './domain/reason-labels';
import { ChargesByReasonQuery, ChargesByReasonResponseDto } from './dto/charges-by-reason.dto';
import {
  CollectionRateQuery,
  CollectionRateResponseDto,
  CollectionRateRowDto,
} from './dto/collection-rate.dto';
import { DebtAgeingQuery, DebtAgeingResponseDto } from './dto/debt-ageing.dto';
import { MeterVerificationQuery, MeterVerificationResponseDto } from './dto/meter-verification.dto';
import { ReportGroupBy } from './dto/report-query.dto';
import { MAX_REPORT_PERIODS, ReportErrorCode } from './reports.errors';
import { RateRow, ReportsRepository, Scope } from './reports.repository';

export const COLLECTION_RATE_DEFINITION =
  'charged = charge lines of the billing period; recalculated = recalculation deltas posted into it; ' +
  'billed = charged + recalculated; paid = payments received up to asOf and allocated as principal to that ' +
  'period (whenever received, reversals negative; penalties, advances not yet applied and migrated balances excluded); ' +
  'rate = paid ÷ billed × 100, half-up to 0.01 %.';

export const AGEING_DEFINITION =
  'unpaid principal per account, period and service on asOf (charges, recalculations posted and migrated ' +
  'principal of periods up to asOf, less principal allocated from payments received up to asOf; credits left ' +
  'out), aged by asOf − the due date of its billing period (ЖК РФ ст. 155 ч. 1, moved to the next working day); ' +
  'penalties excluded.';

/** The head-of-service reports: collection rate, debt ageing, charges by reason, meters due for verification. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly repo: ReportsRepository,
    private readonly rules: PenaltyRulesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async collectionRate(q: CollectionRateQuery): Promise<CollectionRateResponseDto> {
    this.checkRange(q.from, q.to);
    const scope = await this.scope(q);
    const asOf = q.asOf ?? this.today();
    const groupBy = q.groupBy ?? ReportGroupBy.Total;
    const rows = await this.repo.collectionRate({ ...scope, from: q.from, to: q.to, asOf, groupBy });
    const mapped = rows.map(toRateRow);
    const totals = mapped.filter((_, i) => rows[i].is_total);
    return {
      from: q.from,
      to: q.to,
      asOf,
      groupBy,
      ...scope,
      definition: COLLECTION_RATE_DEFINITION,
      rows: groupBy === ReportGroupBy.Total ? totals : mapped.filter((_, i) => !rows[i].is_total),
      totals,
    };
  }

  async debtAgeing(q: DebtAgeingQuery): Promise<DebtAgeingResponseDto> {
    const scope = await this.scope(q);
    const asOf = q.asOf ?? this.today();
    const groupBy = q.groupBy ?? ReportGroupBy.Total;
    const aged = await this.repo.agedDebt({ ...scope, asOf, groupBy });
    const { dueRules, calendar } = await this.rules.loadRules();
    const dueDates = new Map<string, string>();
    const dueOf = (period: string): string => {
      let d = dueDates.get(period);
      if (!d) {
        d = dueDateOf({ period, dueRules, calendar });
        dueDates.set(period, d);
      }
      return d;
    };
    const { rows, totals } = buildAgeingRows({
      debts: aged.map((r) => ({
        key: r.key,
        label: r.label,
        amount: r.amount,
        ageDays: daysBetween(dueOf(r.period), asOf),
      })),
    });
    return {
      asOf,
      groupBy,
      ...scope,
      definition: AGEING_DEFINITION,
      buckets: AGEING_BUCKETS.map((b) => ({ ...b })),
      rows: groupBy === ReportGroupBy.Total ? (rows.length > 0 ? [totals] : []) : rows,
      totals,
    };
  }

  async chargesByReason(q: ChargesByReasonQuery): Promise<ChargesByReasonResponseDto> {
    this.checkRange(q.from, q.to);
    const scope = await this.scope(q);
    const rows = (await this.repo.byReason({ ...scope, from: q.from, to: q.to })).map((r) => {
      const category = r.category as ReasonCategory;
      return {
        period: r.period,
        category,
        reasonCode: r.reason_code,
        reason: describeReason(category, r.reason_code),
        serviceCode: r.service_code,
        lines: r.lines,
        documents: r.documents,
        accounts: r.accounts,
        amount: r.amount,
        coefficientAmount: r.coefficient_amount,
      };
    });
    const totals = Object.values(ReasonCategory).map((category) => ({
      category,
      amount: moneyString(
        rows.filter((r) => r.category === category).reduce((a, r) => a.plus(dec(r.amount)), dec(0)),
      ),
    }));
    return { from: q.from, to: q.to, ...scope, rows, totals };
  }

  async meterVerification(q: MeterVerificationQuery): Promise<MeterVerificationResponseDto> {
    const scope = await this.scope(q);
    const asOf = q.asOf ?? this.today();
    const withinDays = q.withinDays ?? 30;
    const until = addDays(asOf, withinDays);
    const meters = (await this.repo.metersDue({ ...scope, until })).map((m) => ({
      meterId: m.meter_id,
      buildingId: m.building_id,
      address: m.address,
      premisesNumber: m.premises_number,
      kind: m.kind,
      serviceCode: m.service_code,
      serialNumber: m.serial_number,
      nextVerificationOn: m.next_verification_on,
      daysLeft: daysLeft(m.next_verification_on, asOf),
      status: verificationStatus(m.next_verification_on, asOf),
    }));
    return { asOf, withinDays, ...scope, buildings: summariseByBuilding(meters), meters };
  }

  private today(): string {
    return todayIn(this.config.billing.timezone);
  }

  private checkRange(from: string, to: string): void {
    if (from > to) throw new BadInputError(ReportErrorCode.RangeInvalid, 'from must not be after to', 'from');
    const periods = monthsBetween(from, to) + 1;
    if (periods > MAX_REPORT_PERIODS) {
      throw new BadInputError(
        ReportErrorCode.RangeTooLong,
        `at most ${MAX_REPORT_PERIODS} billing periods per report`,
        'to',
        { periods, max: MAX_REPORT_PERIODS },
      );
    }
  }

  /** The scope filter, checked: at most one of building and organisation, and it must exist. */
  private async scope(q: { buildingId?: string; organisationId?: string }): Promise<Scope> {
    if (q.buildingId && q.organisationId) {
      throw new BadInputError(
        ReportErrorCode.ScopeAmbiguous,
        'Give at most one of buildingId and organisationId',
        'buildingId',
      );
    }
    if (q.buildingId && !(await this.repo.exists('buildings', q.buildingId))) {
      throw new NotFoundError('building', q.buildingId);
    }
    if (q.organisationId && !(await this.repo.exists('organisations', q.organisationId))) {
      throw new NotFoundError('organisation', q.organisationId);
    }
    return { buildingId: q.buildingId ?? null, organisationId: q.organisationId ?? null };
  }
}

function toRateRow(r: RateRow): CollectionRateRowDto {
  const billed = moneyString(dec(r.charged).plus(dec(r.recalculated)));
  return {
    period: r.period,
    key: r.is_total ? null : r.key,
    label: r.is_total ? 'total' : r.label,
    charged: r.charged,
    recalculated: r.recalculated,
    billed,
    paid: r.paid,
    ratePercent: collectionRatePercent({ billed, paid: r.paid }),
  };
}
