import { addMonths, addYears } from 'src/shared/period';

/** The first period whose charges fall due on the 15th of the next month (177-FZ of 24.06.2025). */
const DUE_ON_15TH_FROM = '2026-03';

/**
 * The statutory due date of a period's charges: the 10th of the next month, the 15th from the
 * March 2026 period on (ЖК РФ art. 155 p. 1 as amended by 177-FZ; RULES.md 1.2). The move of a
 * non-working due date to the next working day is not applied here: it only matters to the
 * limitation switch below within a few days of the 3-year mark.
 */
export function statutoryDueDate(period: string): string {
  const day = period >= DUE_ON_15TH_FROM ? '15' : '10';
  return `${addMonths(period, 1)}-${day}`;
}

/**
 * True when the 3-year limitation (Civil Code art. 196, counted separately for every monthly
 * charge; RULES.md 2) has run out for the period's charges on `on`: the last day a claim could be
 * brought is the due date plus 3 years. Used only when the operator turns the allocation switch on
 * (Plenum 22 of 27.06.2017 para 32: an unspecified payment may go to periods not time-barred).
 */
export function isTimeBarred(params: { period: string; on: string }): boolean {
  return params.on > addYears(statutoryDueDate(params.period), 3);
}
