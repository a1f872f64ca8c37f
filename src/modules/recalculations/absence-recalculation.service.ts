import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Principal } from 'src/common/auth/roles';
import { NotFoundError } from 'src/common/errors/domain-error';
import { APP_CONFIG, AppConfig } from 'src/config/configuration';
import { todayIn } from 'src/shared/period';
import { absenceLines, absencePeriods, assessAbsence } from './domain/absence.calc';
import { DeltaLine, RecalculationKind } from './domain/recalculation.types';
import { RecalculationDto } from './dto/recalculation.dto';
import { CreateAbsenceRecalculationDto } from './dto/recalculation-requests.dto';
import { ChargeFactsRepository } from './charge-facts.repository';
import { DocumentDraft, RecalculationPostingService } from './recalculation-posting.service';
import { RecalculationsService } from './recalculations.service';
import { RecalculationErrorCode, refusalError, ruleError } from './recalculations.errors';
import { RuleFactsRepository } from './rule-facts.repository';

/**
 * Temporary absence (decree 354 section VIII): the application is recorded (one per absence: the
 * database refuses overlapping full days), the norm-billed lines of every period the full days fall in
 * are reduced pro rata, one document with lines for each period.
 */
@Injectable()
export class AbsenceRecalculationService {
  constructor(
    private readonly db: DataSource,
    private readonly facts: RuleFactsRepository,
    private readonly charges: ChargeFactsRepository,
    private readonly posting: RecalculationPostingService,
    private readonly reads: RecalculationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(dto: CreateAbsenceRecalculationDto, by: Principal): Promise<RecalculationDto> {
    this.assertNotFuture(dto.appliedOn);
    const id = await this.db.transaction(async (m) => {
      if (!(await this.facts.account(m, dto.accountId))) throw new NotFoundError('account', dto.accountId);
      const rule = await this.facts.absenceRule(m, dto.to);
      if (!rule) throw ruleError(RecalculationErrorCode.NoRule, `No absence rule in force on ${dto.to}`);
      const days = assessAbsence({
        departedOn: dto.from,
        returnedOn: dto.to,
        appliedOn: dto.appliedOn,
        rule,
      });
      if ('refusal' in days) throw refusalError(days);
      const absenceId = await this.facts.insertAbsence(m, { ...dto, by: by.name });
      const periods = absencePeriods(days);
      const billed = await this.charges.billedOfAccount(m, dto.accountId, periods);
      const impossible = await this.facts.impossibleServices(m, dto.accountId);
      const { lines, skipped } = absenceLines({ days, persons: dto.persons, rule, billed, impossible });
      const basis = {
        decree: '354 section VIII, paras 86, 90, 91',
        departedOn: dto.from,
        returnedOn: dto.to,
        ...days,
        persons: dto.persons,
        evidence: dto.evidence,
        appliedOn: dto.appliedOn,
        rule,
        impossibilityActs: impossible,
        formula: 'line amount × absent full days in the line / days of the line × persons / residents',
        unbilledPeriods: periods.filter((p) => !billed.some((l) => l.period === p)),
        skipped,
      };
      return this.posting.create(m, draft(dto, periods, lines, basis, absenceId), by);
    });
    return this.reads.get(id);
  }

  private assertNotFuture(appliedOn: string): void {
    if (appliedOn > todayIn(this.config.billing.timezone)) {
      throw ruleError(RecalculationErrorCode.AppliedInFuture, 'The application day is in the future', {
        appliedOn,
      });
    }
  }
}

function draft(
  dto: CreateAbsenceRecalculationDto,
  periods: string[],
  lines: DeltaLine[],
  basis: Record<string, unknown>,
  absenceId: string,
): DocumentDraft {
  return {
    kind: RecalculationKind.Absence,
    reasonCode: 'temporary_absence',
    reason: `Temporary absence ${dto.from} – ${dto.to}: ${dto.persons} person(s)`,
    accountId: dto.accountId,
    correctedFrom: periods[0],
    correctedTo: periods[periods.length - 1],
    postingPeriod: dto.postingPeriod ?? null,
    lines,
    basis,
    absenceId,
  };
}
