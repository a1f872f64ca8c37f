import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from 'src/common/auth/roles';
import { NotFoundError } from 'src/common/errors/domain-error';
import { calculateChargeLines } from 'src/modules/billing-runs/domain/charge-lines.calc';
import { dec, moneyString, sum } from 'src/shared/money';
import { addMonths, monthsBetween } from 'src/shared/period';
import { DeltaLine, RecalculationKind } from './domain/recalculation.types';
import { retroactiveDeltas } from './domain/retroactive.calc';
import { RecalculationDto } from './dto/recalculation.dto';
import { CreateRetroactiveRecalculationDto } from './dto/recalculation-requests.dto';
import { ChargeFactsRepository } from './charge-facts.repository';
import { RecalculationPostingService } from './recalculation-posting.service';
import { RecalculationsService } from './recalculations.service';
import { RecalculationErrorCode, ruleError } from './recalculations.errors';
import { RuleFactsRepository } from './rule-facts.repository';
import { RuleInputs } from './rule-inputs';

/** Periods one request may recompute (one building, synchronously). */
const MAX_PERIODS = 12;

/** The periods fromPeriod…toPeriod, refused when reversed or longer than `max`. */
export function periodsOf(fromPeriod: string, toPeriod: string, max: number): string[] {
  const count = monthsBetween(fromPeriod, toPeriod) + 1;
  if (count < 1 || count > max) {
    const message = `Give 1 to ${max} periods, fromPeriod ≤ toPeriod`;
    throw ruleError(RecalculationErrorCode.RangeTooLong, message, { periods: count });
  }
  return Array.from({ length: count }, (_, i) => addMonths(fromPeriod, i));
}

type AccountDelta = DeltaLine & { accountId: string };
export type Skipped = { period: string; accountId: string; serviceCode: string };

/**
 * Retroactive tariff or norm change: each past period of the building is recomputed with today's
 * rules by the billing calculation itself (BillingInputsRepository.load + calculateChargeLines, pure),
 * and the differences to what was billed and already corrected are posted into the open period, one
 * document per account with lines per corrected period. Synchronous for one building (≤ 12 periods);
 * several buildings and longer ranges go through RetroactiveJobsService (a queued job).
 */
@Injectable()
export class RetroactiveRecalculationService {
  constructor(
    private readonly db: DataSource,
    private readonly facts: RuleFactsRepository,
    private readonly charges: ChargeFactsRepository,
    private readonly inputs: RuleInputs,
    private readonly posting: RecalculationPostingService,
    private readonly reads: RecalculationsService,
  ) {}

  async create(dto: CreateRetroactiveRecalculationDto, by: Principal): Promise<RecalculationDto[]> {
    const periods = periodsOf(dto.fromPeriod, dto.toPeriod, MAX_PERIODS);
    const ids = await this.db.transaction(async (m) => {
      if (!(await this.facts.buildingExists(m, dto.buildingId)))
        throw new NotFoundError('building', dto.buildingId);
      return (await this.building(m, dto, periods, by)).ids;
    });
    return this.reads.getMany(ids);
  }

  /**
   * One building's periods recomputed and its documents posted, inside the caller's transaction
   * (the synchronous request, or a building of a retroactive job). `extraBasis` is added to each
   * document's basis (the job and revision).
   */
  async building(
    m: EntityManager,
    dto: CreateRetroactiveRecalculationDto,
    periods: string[],
    by: Principal,
    extraBasis: Record<string, unknown> = {},
  ): Promise<{ ids: string[]; amount: string; skipped: Skipped[] }> {
    // One recomputation per building at a time: the second sees the first one's documents.
    await m.query(`SELECT pg_advisory_xact_lock(7356, ($1::bigint % 2147483647)::int)`, [dto.buildingId]);
    const deltas: AccountDelta[] = [];
    const skipped: Skipped[] = [];
    for (const period of periods) {
      const out = await this.period(m, dto, period);
      deltas.push(...out.lines);
      skipped.push(...out.skipped.map((s) => ({ period, ...s })));
    }
    const accounts = [...new Set(deltas.map((d) => d.accountId))].sort((a, b) => Number(a) - Number(b));
    const created: string[] = [];
    for (const accountId of accounts) {
      const own = {
        lines: deltas.filter((d) => d.accountId === accountId),
        skipped: skipped.filter((s) => s.accountId === accountId),
      };
      created.push(await this.document(m, dto, accountId, own, by, extraBasis));
    }
    return { ids: created, amount: moneyString(sum(deltas.map((d) => dec(d.amountDelta)))), skipped };
  }

  private async period(m: EntityManager, dto: CreateRetroactiveRecalculationDto, period: string) {
    const inputs = await this.inputs.forPeriod(m, dto.buildingId, period);
    const result = calculateChargeLines({ period, ...inputs });
    const billed = await this.charges.billedOfScope(m, {
      buildingId: dto.buildingId,
      premisesId: null,
      period,
      services: null,
    });
    const posted = await this.charges.postedRetroactive(m, dto.buildingId, period);
    return retroactiveDeltas({
      period,
      recomputed: result.lines.map((l) => ({ ...l, accountId: String(l.accountId) })),
      billed,
      posted,
      issues: result.issues.map((i) => ({ accountId: String(i.accountId), serviceCode: i.serviceCode })),
      services: dto.serviceCodes ?? null,
    });
  }

  private document(
    m: EntityManager,
    dto: CreateRetroactiveRecalculationDto,
    accountId: string,
    own: { lines: AccountDelta[]; skipped: Skipped[] },
    by: Principal,
    extraBasis: Record<string, unknown>,
  ): Promise<string> {
    const { lines, skipped } = own;
    const corrected = lines.map((l) => l.correctedPeriod).sort();
    return this.posting.create(
      m,
      {
        kind: RecalculationKind.Retroactive,
        reasonCode: 'retroactive_rule_change',
        reason: dto.reason,
        accountId,
        correctedFrom: corrected[0],
        correctedTo: corrected[corrected.length - 1],
        postingPeriod: dto.postingPeriod ?? null,
        lines: lines.map(({ accountId: _a, ...l }) => l),
        basis: {
          decree: '354 para 31 "г": charges recomputed with the rules in force now, originals kept',
          buildingId: dto.buildingId,
          fromPeriod: dto.fromPeriod,
          toPeriod: dto.toPeriod,
          serviceCodes: dto.serviceCodes ?? null,
          formula: 'recomputed − billed − earlier retroactive corrections, per service and zone',
          skipped,
          ...extraBasis,
        },
      },
      by,
    );
  }
}
