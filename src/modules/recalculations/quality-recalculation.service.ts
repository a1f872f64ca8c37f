import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from 'src/common/auth/roles';
import { APP_CONFIG, AppConfig } from 'src/config/configuration';
import { DeltaLine, RecalculationKind } from './domain/recalculation.types';
import { QualityRule, qualityLines, serviceReduction, ServiceReduction } from './domain/quality.calc';
import { RecalculationDto } from './dto/recalculation.dto';
import { CreateQualityRecalculationDto } from './dto/recalculation-requests.dto';
import { AccountLine, ChargeFactsRepository } from './charge-facts.repository';
import { QualityIncidentsService } from './quality-incidents.service';
import { DocumentDraft, RecalculationPostingService } from './recalculation-posting.service';
import { RecalculationsService } from './recalculations.service';
import { IncidentRow, RuleFactsRepository } from './rule-facts.repository';

interface Scope {
  buildingId: string;
  premisesId: string | null;
  period: string;
}

/**
 * Poor quality and interruptions (decree 354 section IX, Annex 1): for each account of the building
 * (or premises) billed for an affected service, the period's charge is reduced by Σ(excess hours × %)
 * capped at 100 %, one document per account. Only the difference to earlier quality documents of the
 * period is posted, so a repeated calculation posts nothing new.
 */
@Injectable()
export class QualityRecalculationService {
  constructor(
    private readonly db: DataSource,
    private readonly facts: RuleFactsRepository,
    private readonly charges: ChargeFactsRepository,
    private readonly incidents: QualityIncidentsService,
    private readonly posting: RecalculationPostingService,
    private readonly reads: RecalculationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(dto: CreateQualityRecalculationDto, by: Principal): Promise<RecalculationDto[]> {
    const buildingId = await this.incidents.scope(dto.buildingId, dto.premisesId);
    const scope: Scope = { buildingId, premisesId: dto.premisesId ?? null, period: dto.period };
    const ids = await this.db.transaction(async (m) => {
      // One calculation per building at a time: the second sees the first one's documents.
      await m.query(`SELECT pg_advisory_xact_lock(7356, ($1::bigint % 2147483647)::int)`, [buildingId]);
      const incidents = await this.facts.incidents(m, { ...scope, timeZone: this.config.billing.timezone });
      if (!incidents.length) return [];
      const rules = await this.facts.qualityRules(m);
      const services = [...new Set(incidents.map((i) => i.serviceCode))];
      const billed = await this.charges.billedOfScope(m, { ...scope, services });
      const accounts = [...new Set(billed.map((l) => l.accountId))];
      const already = await this.charges.postedByLine(m, RecalculationKind.Quality, dto.period, accounts);
      const out: string[] = [];
      for (const accountId of accounts) {
        const own = billed.filter((l) => l.accountId === accountId);
        const id = await this.document(
          m,
          { scope, own, incidents, rules, already: already.get(accountId) },
          dto,
          by,
        );
        if (id) out.push(id);
      }
      return out;
    });
    return this.reads.getMany(ids);
  }

  private async document(
    m: EntityManager,
    p: {
      scope: Scope;
      own: AccountLine[];
      incidents: IncidentRow[];
      rules: QualityRule[];
      already?: Map<string, string>;
    },
    dto: CreateQualityRecalculationDto,
    by: Principal,
  ): Promise<string | undefined> {
    const premisesId = p.own[0].premisesId;
    const applicable = p.incidents.filter((i) => i.premisesId === null || i.premisesId === premisesId);
    const reductions: ServiceReduction[] = [];
    const lines: DeltaLine[] = [];
    for (const serviceCode of [...new Set(applicable.map((i) => i.serviceCode))]) {
      const reduction = serviceReduction({ serviceCode, rules: p.rules, incidents: applicable });
      reductions.push(reduction);
      lines.push(...qualityLines({ reduction, billed: p.own, already: p.already ?? new Map() }));
    }
    if (!lines.length) return undefined;
    const draft: DocumentDraft = {
      kind: RecalculationKind.Quality,
      reasonCode: 'service_quality',
      reason: `Service quality and interruptions in ${p.scope.period}`,
      accountId: p.own[0].accountId,
      correctedFrom: p.scope.period,
      correctedTo: p.scope.period,
      postingPeriod: dto.postingPeriod ?? null,
      lines,
      basis: { ...BASIS, reductions, incidents: applicable.map(incidentBasis) },
    };
    return this.posting.create(m, draft, by);
  }
}

const BASIS = {
  decree: '354 section IX, Annex 1',
  formula: 'reduction = charge × min(Σ excess hours × % per hour [× degree steps], 100 %)',
  simplifications: ['hot water below the cold-water threshold is flagged (billedAsColdWater), not repriced'],
};

function incidentBasis(i: IncidentRow): Record<string, unknown> {
  return {
    id: i.id,
    serviceCode: i.serviceCode,
    kind: i.kind,
    startedAt: i.startedAt.toISOString(),
    endedAt: i.endedAt.toISOString(),
    minutesInPeriod: i.minutes,
    degrees: i.degrees,
    temperature: i.temperature,
    dispatcherRequest: i.dispatcherRequest,
  };
}
