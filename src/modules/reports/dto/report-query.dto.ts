/** Billing period YYYY-MM. */
export const PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/** How a report's rows are grouped (besides the billing period, where a report has one). */
export enum ReportGroupBy {
  Total = 'total',
  Building = 'building',
  Service = 'service',
  Organisation = 'organisation',
}

export type ChartFormat = 'json' | 'csv' | 'svg';
export const CHART_FORMATS: ChartFormat[] = ['json', 'csv', 'svg'];
