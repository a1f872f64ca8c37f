import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from 'src/common/auth/roles';
import { APP_CONFIG, AppConfig } from 'src/config/configuration';
import { DeltaLine, RecalculationKind } from './domain/recalculation.types';
import {
  ColdRepricing,
  coldWaterRepricing,
  QualityRule,
  qualityLines,
  serviceReduction,
  ServiceReduction,
} from './domain/quality.calc';
import { segmentOf } from './domain/absence.calc';
import { RecalculationDto } from './dto/recalculation.dto';
import { CreateQualityRecalculationDto } from './dto/recalculation-requests.dto';
import { AccountLine, ChargeFactsRepository } from './charge-facts.repository';
import { QualityIncidentsService } from './quality-incidents.service';
import { DocumentDraft, RecalculationPostingService } from './recalculation-posting.service';
import { RecalculationsService } from './recalculations.service';
import { IncidentRow, RuleFactsRepository } from './rule-facts.repository';
import { RuleInputs } from './rule-inputs';
import { BuildingInputs } from 'src/modules/billing-runs/billing-inputs.repository';

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
    private readonly inputs: RuleInputs,
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
      const cold = new ColdTariffs(m, this.inputs, buildingId, dto.period);
      const out: string[] = [];
      for (const accountId of accounts) {
        const own = billed.filter((l) => l.accountId === accountId);
        const id = await this.document(
          m,
          { scope, own, incidents, rules, already: already.get(accountId), cold },
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
      cold: ColdTariffs;
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
      const repricing = await this.repricing(m, reduction, applicable, p.own, p.cold);
      lines.push(...qualityLines({ reduction, billed: p.own, already: p.already ?? new Map(), repricing }));
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

  /** Annex 1 p. 5: each line of the service repriced at the cold-water tariff for the hours below +40 °C. */
  private async repricing(
    m: EntityManager,
    reduction: ServiceReduction,
    incidents: IncidentRow[],
    own: AccountLine[],
    cold: ColdTariffs,
  ): Promise<Map<string, ColdRepricing>> {
    const out = new Map<string, ColdRepricing>();
    if (!reduction.billedAsColdWater.length) return out;
    const spans = incidents
      .filter((i) => reduction.billedAsColdWater.includes(i.id))
      .map((i) => ({ incidentId: i.id, from: i.localFrom, to: i.localTo }));
    const service = await this.facts.service(m, reduction.serviceCode);
    for (const line of own.filter((l) => l.serviceCode === reduction.serviceCode)) {
      const coldTariff = await cold.forLine(line);
      const r = coldWaterRepricing({ line, spans, coldTariff, volumeScale: service?.volumeScale ?? 3 });
      if (r) out.set(line.id, r);
    }
    return out;
  }
}

/**
 * The cold-water tariff a hot-water line is repriced at: the line's own cold-water component
 * (two-component hot water, formula 20), else the building's cold-water tariff in force on the first
 * day of the line (read once through the billing inputs, as the run sees them).
 */
class ColdTariffs {
  private loaded?: Promise<BuildingInputs>;

  constructor(
    private readonly m: EntityManager,
    private readonly inputs: RuleInputs,
    private readonly buildingId: string,
    private readonly period: string,
  ) {}

  async forLine(line: AccountLine): Promise<string> {
    const components = line.basis.twoComponents as { coldWaterTariff?: string } | undefined;
    if (components?.coldWaterTariff) return components.coldWaterTariff;
    this.loaded ??= this.inputs.forPeriod(this.m, this.buildingId, this.period);
    return this.inputs.tariff(await this.loaded, 'cold_water', null, segmentOf(line).from).price;
  }
}

const BASIS = {
  decree: '354 section IX, Annex 1',
  formula: 'reduction = charge × min(Σ excess hours × % per hour [× degree steps], 100 %)',
  coldWater:
    'hot water below the rule threshold (+40 °C): the volume pro rata by time is repriced at the cold-water tariff, ' +
    'those hours take no per-degree percent (Annex 1 p. 5)',
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
    localFrom: i.localFrom,
    localTo: i.localTo,
    dispatcherRequest: i.dispatcherRequest,
  };
}
