import { dec, moneyString } from 'src/shared/money';
import { BilledLine, DeltaLine } from './recalculation.types';

/**
 * A manual correction (decree 354 para 31 "г": the executor corrects the charge): one delta line of
 * the signed amount for the service and period, linked to the period's charge line of the service
 * when there is exactly one. The reason is mandatory and kept in the basis.
 */
export function buildManualLine(p: {
  period: string;
  serviceCode: string;
  unit: string;
  amount: string;
  reason: string;
  billed: BilledLine[];
}): DeltaLine {
  const lines = p.billed.filter((l) => l.serviceCode === p.serviceCode && l.period === p.period);
  const amount = moneyString(dec(p.amount));
  const sign = dec(amount).isNegative() ? '' : '+';
  return {
    correctedPeriod: p.period,
    serviceCode: p.serviceCode,
    zone: null,
    part: 1,
    chargeLineId: lines.length === 1 ? lines[0].id : null,
    volumeDelta: '0',
    unit: p.unit,
    tariff: null,
    amountDelta: amount,
    formula: `manual correction ${sign}${amount}`,
    basis: {
      reason: p.reason,
      chargedLines: lines.map((l) => ({ id: l.id, zone: l.zone, part: l.part, amount: l.amount })),
    },
  };
}
