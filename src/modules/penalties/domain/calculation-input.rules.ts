import { DomainError } from 'src/common/errors/domain-error';
import { invalidField } from 'src/common/errors/validity';
import { PenaltyDebt, PenaltyPayment } from './penalty.types';

/**
 * Checks of a calculator request that need more than one field (400 VALIDATION_FAILED naming the
 * field): one debt per period, asOf not before any due date, no payment after asOf, a named period
 * that is one of the debts (otherwise the money would silently go to other periods).
 */
export function checkCalculationInput(p: {
  debts: readonly PenaltyDebt[];
  payments: readonly PenaltyPayment[];
  asOf: string;
}): DomainError | undefined {
  const periods = new Set<string>();
  for (const [i, d] of p.debts.entries()) {
    if (periods.has(d.period)) return invalidField(`debts.${i}.period`, `period ${d.period} is given twice`);
    periods.add(d.period);
    if (p.asOf < d.dueDate) {
      return invalidField('asOf', `asOf must not be before the due date ${d.dueDate} of period ${d.period}`, {
        period: d.period,
        dueDate: d.dueDate,
      });
    }
  }
  for (const [i, pay] of p.payments.entries()) {
    if (pay.date > p.asOf) return invalidField(`payments.${i}.date`, 'a payment must not be after asOf');
    if (pay.period && !periods.has(pay.period)) {
      return invalidField(`payments.${i}.period`, `no debt for period ${pay.period}`);
    }
  }
  return undefined;
}
