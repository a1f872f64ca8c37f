import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { canonical, dec, moneyString, sum } from 'src/shared/money';
import { addMonths, maxDate } from 'src/shared/period';
import { TamperingPeriod, tamperingLines, tamperingWindow } from './domain/control-check.calc';
import { BilledLine, DeltaLine, RecalculationKind } from './domain/recalculation.types';
import { ChargeFactsRepository } from './charge-facts.repository';
import type { CheckContext } from './control-check.service';
import { ControlChecksRepository } from './control-checks.repository';
import { DocumentDraft } from './recalculation-posting.service';
import { RecalculationErrorCode, ruleError } from './recalculations.errors';
import { RuleFactsRepository } from './rule-facts.repository';
import { RuleInputs } from './rule-inputs';

const BASIS = {
  decree: '354 para 81(11)',
  sealIntact: false,
  formula:
    'norm × residents × coefficient × covered days / days of the period × tariff − the same share of the charge',
};

/**
 * Tampering found at a control check (decree 354 para 81(11)): the readings since the previous check
 * are discarded (listed in the basis; the readings module keeps them) and norm × residents × 10 ×
 * tariff is charged for at most 3 months before the check, less what those months already charged.
 */
@Injectable()
export class TamperingService {
  constructor(
    private readonly facts: RuleFactsRepository,
    private readonly charges: ChargeFactsRepository,
    private readonly checks: ControlChecksRepository,
    private readonly inputs: RuleInputs,
  ) {}

  async draft(m: EntityManager, c: CheckContext): Promise<DocumentDraft> {
    const rule = await this.facts.tamperingRule(m, c.dto.checkedOn);
    if (!rule)
      throw ruleError(RecalculationErrorCode.NoRule, `No tampering rule in force on ${c.dto.checkedOn}`);
    const previousCheckOn = await this.checks.previousCheckOn(m, c.meter.id, c.dto.checkedOn);
    const window = tamperingWindow({
      checkedOn: c.dto.checkedOn,
      previousCheckOn,
      installedOn: c.meter.installedOn,
      ...rule,
    });
    const periods: string[] = [];
    for (let p = window.from.slice(0, 7); p <= window.to.slice(0, 7); p = addMonths(p, 1)) periods.push(p);
    const billed = await this.charges.billedOfAccount(m, c.account.id, periods);
    const inputs: TamperingPeriod[] = [];
    for (const period of periods) inputs.push(await this.period(m, c, period, window.from, billed));
    const { unit, volumeScale } = c.service;
    const { coefficient } = rule;
    const lines = tamperingLines({
      window,
      coefficient,
      serviceCode: c.meter.serviceCode,
      unit,
      volumeScale,
      periods: inputs,
    });
    const since = previousCheckOn ?? c.meter.installedOn;
    const discarded = await this.checks.readingsBetween(m, c.meter.id, since, c.dto.checkedOn);
    const basis = { previousCheckOn, window, rule, discardedReadings: discarded };
    return toDraft(c, periods, lines, basis);
  }

  private async period(
    m: EntityManager,
    c: CheckContext,
    period: string,
    windowFrom: string,
    billed: BilledLine[],
  ): Promise<TamperingPeriod> {
    const day = maxDate(windowFrom, `${period}-01`);
    const rules = await this.inputs.forPeriod(m, c.meter.buildingId, period);
    const norm = this.inputs.norm(rules, c.meter.serviceCode, day);
    const tariff = this.inputs.tariff(rules, c.meter.serviceCode, null, day);
    const lines = billed.filter((l) => l.period === period && l.serviceCode === c.meter.serviceCode);
    return {
      period,
      norm: norm.value,
      normId: norm.id,
      residents: this.inputs.residents(rules, c.account.id, day),
      tariff: tariff.price,
      tariffId: tariff.id,
      charged: moneyString(sum(lines.map((l) => dec(l.amount)))),
      chargedVolume: canonical(sum(lines.map((l) => dec(l.volume)))),
      chargeLineId: lines.length === 1 ? lines[0].id : null,
    };
  }
}

function toDraft(c: CheckContext, periods: string[], lines: DeltaLine[], basis: object): DocumentDraft {
  return {
    kind: RecalculationKind.Tampering,
    reasonCode: 'meter_tampering',
    reason: `Tampering found at the control check of meter ${c.meter.id} on ${c.dto.checkedOn}${c.dto.actNumber ? `, act ${c.dto.actNumber}` : ''}`,
    accountId: c.account.id,
    correctedFrom: periods[0],
    correctedTo: periods[periods.length - 1],
    postingPeriod: c.dto.postingPeriod ?? null,
    lines,
    basis: {
      ...BASIS,
      meterId: c.meter.id,
      checkedOn: c.dto.checkedOn,
      inspectorReadings: c.dto.values,
      ...basis,
    },
  };
}
