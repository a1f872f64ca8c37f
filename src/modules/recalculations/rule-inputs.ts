import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BillingInputsRepository, BuildingInputs } from 'src/modules/billing-runs/billing-inputs.repository';
import { residentsOn } from 'src/modules/billing-runs/domain/calc-context';
import { NormInput, TariffInput } from 'src/modules/billing-runs/domain/charge-inputs';
import { inForce } from 'src/modules/billing-runs/domain/segments.calc';
import { Zone } from './domain/recalculation.types';
import { RecalculationErrorCode, ruleError } from './recalculations.errors';

const byPriority = <T extends { priority: number }>(rows: T[]) =>
  [...rows].sort((a, b) => a.priority - b.priority);

/**
 * Tariffs, norms and residents in force as the billing calculation sees them (building scope first),
 * read through BillingInputsRepository so that recalculations and runs never disagree on a rule.
 */
@Injectable()
export class RuleInputs {
  constructor(private readonly billing: BillingInputsRepository) {}

  forPeriod(m: EntityManager, buildingId: string, period: string): Promise<BuildingInputs> {
    return this.billing.load(m, buildingId, period);
  }

  /** The tariff of the service and zone in force on the day (a single-rate tariff, else T1 for a zone-less charge). */
  tariff(inputs: BuildingInputs, serviceCode: string, zone: Zone | null, day: string): TariffInput {
    const rows = byPriority(inputs.tariffs.filter((t) => t.serviceCode === serviceCode));
    const found =
      inForce(
        rows.filter((t) => t.zone === zone),
        day,
      ) ??
      (zone === null
        ? inForce(
            rows.filter((t) => t.zone === 'T1'),
            day,
          )
        : undefined);
    if (!found) {
      throw ruleError(RecalculationErrorCode.NoTariff, `No tariff for ${serviceCode} in force on ${day}`, {
        serviceCode,
        zone,
        day,
      });
    }
    return found;
  }

  /** The per-person norm of the service in force on the day. */
  norm(inputs: BuildingInputs, serviceCode: string, day: string): NormInput {
    const rows = byPriority(
      inputs.norms.filter((n) => n.serviceCode === serviceCode && n.basis === 'per_person'),
    );
    const found = inForce(rows, day);
    if (!found) {
      throw ruleError(
        RecalculationErrorCode.NoNorm,
        `No per-person norm for ${serviceCode} in force on ${day}`,
        {
          serviceCode,
          day,
        },
      );
    }
    return found;
  }

  residents(inputs: BuildingInputs, accountId: string, day: string): number {
    const account = inputs.accounts.find((a) => String(a.accountId) === accountId);
    return account ? residentsOn(account, day) : 0;
  }
}
