import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { todayIn } from 'src/shared/period';
import { Principal } from 'src/common/auth/roles';
import { NotFoundError } from 'src/common/errors/domain-error';
import { APP_CONFIG, AppConfig } from 'src/config/configuration';
import { buildManualLine } from './domain/manual.build';
import { needsApproval } from './domain/recalculation.state';
import { RecalculationKind } from './domain/recalculation.types';
import { RecalculationDto } from './dto/recalculation.dto';
import { CreateManualRecalculationDto } from './dto/recalculation-requests.dto';
import { ChargeFactsRepository } from './charge-facts.repository';
import { RecalculationPostingService } from './recalculation-posting.service';
import { RecalculationsService } from './recalculations.service';
import { RecalculationErrorCode, ruleError } from './recalculations.errors';
import { RuleFactsRepository } from './rule-facts.repository';

/**
 * Manual corrections with a mandatory reason; above the configured threshold (absolute amount) the
 * document waits for a second user's approval (maker-checker) before it posts.
 */
@Injectable()
export class ManualRecalculationService {
  constructor(
    private readonly db: DataSource,
    private readonly facts: RuleFactsRepository,
    private readonly charges: ChargeFactsRepository,
    private readonly posting: RecalculationPostingService,
    private readonly reads: RecalculationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(dto: CreateManualRecalculationDto, by: Principal): Promise<RecalculationDto> {
    const id = await this.db.transaction(async (m) => {
      // The rule in force today (data), else the MANUAL_RECALC_APPROVAL_THRESHOLD setting.
      const today = todayIn(this.config.billing.timezone);
      const threshold =
        (await this.facts.manualApprovalThreshold(m, today)) ??
        this.config.recalculations.manualApprovalThreshold;
      if (!(await this.facts.account(m, dto.accountId))) throw new NotFoundError('account', dto.accountId);
      const service = await this.facts.service(m, dto.serviceCode);
      if (!service) {
        throw ruleError(RecalculationErrorCode.UnknownService, `No service ${dto.serviceCode}`, {
          serviceCode: dto.serviceCode,
        });
      }
      const billed = await this.charges.billedOfAccount(m, dto.accountId, [dto.period]);
      const line = buildManualLine({ ...dto, unit: service.unit, billed });
      const approval = needsApproval({ amount: dto.amount, threshold });
      return this.posting.create(
        m,
        {
          kind: RecalculationKind.Manual,
          reasonCode: dto.reasonCode ?? 'manual_correction',
          reason: dto.reason,
          accountId: dto.accountId,
          correctedFrom: dto.period,
          correctedTo: dto.period,
          postingPeriod: dto.postingPeriod ?? null,
          lines: [line],
          basis: { amount: line.amountDelta, approvalThreshold: threshold, needsApproval: approval },
          needsApproval: approval,
        },
        by,
      );
    });
    return this.reads.get(id);
  }
}
