/**
 * Limitation (ГК РФ ст. 196, 200; ЖК ст. 155 ч. 1): each monthly charge has its own 3-year
 * period counted from its due date (the `dueDay` of the month after the billing period).
 * A period is time-barred on `onDate` when due date + years < onDate.
 */
export function dueDateOf(period: string, dueDay: number): string {
  const [y, m] = period.split('-').map(Number);
  const next = new Date(Date.UTC(y, m, dueDay));
  return next.toISOString().slice(0, 10);
}

export function limitationEnds(period: string, dueDay: number, years: number): string {
  const due = dueDateOf(period, dueDay);
  const [y, m, d] = due.split('-').map(Number);
  return new Date(Date.UTC(y + years, m - 1, d)).toISOString().slice(0, 10);
}

/** True when the period's claim is older than the limitation on `onDate` (YYYY-MM-DD). */
export function isTimeBarred(period: string, onDate: string, dueDay: number, years: number): boolean {
  return limitationEnds(period, dueDay, years) < onDate;
}
