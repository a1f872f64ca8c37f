import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from 'src/common/auth/roles';
import { BadInputError, NotFoundError } from 'src/common/errors/domain-error';
import { isDecimalLiteral } from 'src/shared/money';
import { periodOfDate } from 'src/shared/period';
import { AccountFacts, MeterFacts, RuleFactsRepository, ServiceFacts } from './rule-facts.repository';
import { discrepancyLines, ZoneCheck } from './domain/control-check.calc';
import { DeltaLine, RecalculationKind, Zone } from './domain/recalculation.types';
import { RecalculationDto } from './dto/recalculation.dto';
import { CreateControlCheckDto } from './dto/recalculation-requests.dto';
import { ChargeFactsRepository } from './charge-facts.repository';
import { ControlChecksRepository } from './control-checks.repository';
import { DocumentDraft, RecalculationPostingService } from './recalculation-posting.service';
import { RecalculationsService } from './recalculations.service';
import { RecalculationErrorCode, ruleError } from './recalculations.errors';
import { RuleInputs } from './rule-inputs';
import { TamperingService } from './tampering.service';

export interface CheckContext {
  dto: CreateControlCheckDto;
  meter: MeterFacts;
  account: AccountFacts;
  service: ServiceFacts;
  checkId: string;
}

/**
 * Control checks of meters (decree 354 paras 82–85): the check is recorded; with the seal intact a
 * reading that differs from the last submitted one gives a para 61 delta at the tariff in force; with
 * the seal broken (para 81(11)) the tampering charge is made (TamperingService).
 */
@Injectable()
export class ControlCheckService {
  constructor(
    private readonly db: DataSource,
    private readonly facts: RuleFactsRepository,
    private readonly charges: ChargeFactsRepository,
    private readonly checks: ControlChecksRepository,
    private readonly inputs: RuleInputs,
    private readonly tampering: TamperingService,
    private readonly posting: RecalculationPostingService,
    private readonly reads: RecalculationsService,
  ) {}

  async create(dto: CreateControlCheckDto, by: Principal): Promise<RecalculationDto> {
    const id = await this.db.transaction(async (m) => {
      const ctx = await this.context(m, dto, by);
      const draft = dto.sealIntact ? await this.discrepancy(m, ctx) : await this.tampering.draft(m, ctx);
      return this.posting.create(m, { ...draft, controlCheckId: ctx.checkId }, by);
    });
    return this.reads.get(id);
  }

  private async context(m: EntityManager, dto: CreateControlCheckDto, by: Principal): Promise<CheckContext> {
    const meter = await this.facts.meter(m, dto.meterId);
    if (!meter) throw new NotFoundError('meter', dto.meterId);
    if (meter.kind !== 'individual' || !meter.premisesId) {
      throw ruleError(
        RecalculationErrorCode.MeterNotIndividual,
        'Only an individual meter is checked this way',
      );
    }
    const account = await this.facts.accountOnPremises(m, meter.premisesId, dto.checkedOn);
    if (!account)
      throw ruleError(RecalculationErrorCode.NoAccountOnPremises, 'No account open on the premises that day');
    const zones = (['T1', 'T2', 'T3'] as Zone[]).slice(0, meter.zones);
    const given = Object.keys(dto.values ?? {});
    const valid = given.every((z) => zones.includes(z as Zone) && isDecimalLiteral(String(dto.values[z])));
    if (!valid || given.length !== zones.length) {
      throw new BadInputError(
        RecalculationErrorCode.ZonesMismatch,
        `values must give ${zones.join(', ')} as decimal strings`,
        'values',
      );
    }
    const service = (await this.facts.service(m, meter.serviceCode))!;
    const checkId = await this.checks.insert(m, { ...dto, accountId: account.id, by: by.name });
    return { dto, meter, account, service, checkId };
  }

  /** Para 61: Δ = inspector's − last submitted reading per zone, × the tariff in force on the day of the check. */
  private async discrepancy(m: EntityManager, c: CheckContext): Promise<DocumentDraft> {
    const period = periodOfDate(c.dto.checkedOn);
    const last = await this.checks.lastReadings(m, c.meter.id, c.dto.checkedOn);
    const billed = await this.charges.billedOfAccount(m, c.account.id, [period]);
    const rules = await this.inputs.forPeriod(m, c.meter.buildingId, period);
    const zones = Object.entries(c.dto.values).map(([meterZone, inspector]): ZoneCheck => {
      const reading = last.find((r) => r.zone === meterZone);
      if (!reading) {
        throw ruleError(
          RecalculationErrorCode.NoSubscriberReading,
          `No reading of zone ${meterZone} before the check`,
        );
      }
      const zone = c.meter.zones === 1 ? null : (meterZone as Zone);
      const tariff = this.inputs.tariff(rules, c.meter.serviceCode, zone, c.dto.checkedOn);
      const lines = billed.filter((l) => l.serviceCode === c.meter.serviceCode && l.zone === zone);
      const chargeLineId = lines.length === 1 ? lines[0].id : null;
      const subscriber = { subscriber: reading.value, subscriberTakenOn: reading.takenOn };
      return {
        zone,
        meterZone: meterZone as Zone,
        inspector: String(inspector),
        ...subscriber,
        tariff: tariff.price,
        tariffId: tariff.id,
        chargeLineId,
      };
    });
    const { serviceCode } = c.meter;
    const lines = discrepancyLines({
      period,
      serviceCode,
      unit: c.service.unit,
      volumeScale: c.service.volumeScale,
      zones,
    });
    return discrepancyDraft(c, period, lines);
  }
}

function discrepancyDraft(c: CheckContext, period: string, lines: DeltaLine[]): DocumentDraft {
  return {
    kind: RecalculationKind.ControlCheck,
    reasonCode: 'control_check_discrepancy',
    reason: `Control check of meter ${c.meter.id} on ${c.dto.checkedOn}${c.dto.actNumber ? `, act ${c.dto.actNumber}` : ''}`,
    accountId: c.account.id,
    correctedFrom: period,
    correctedTo: period,
    postingPeriod: c.dto.postingPeriod ?? null,
    lines,
    basis: {
      decree: '354 para 61',
      meterId: c.meter.id,
      checkedOn: c.dto.checkedOn,
      sealIntact: true,
      readingsMatch: lines.length === 0,
      formula: '(inspector − last submitted reading) × tariff in force on the day of the check',
      inspectorReadingStored: 'control_checks',
    },
  };
}
