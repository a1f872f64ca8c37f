import { buildCsv } from 'src/shared/csv';
import { dec, groupedMoney } from 'src/shared/money';
import type { ChargesByReasonResponseDto } from '../dto/charges-by-reason.dto';
import type { CollectionRateResponseDto, CollectionRateRowDto } from '../dto/collection-rate.dto';
import type { AgeingRowDto, DebtAgeingResponseDto } from '../dto/debt-ageing.dto';
import type { MeterVerificationResponseDto } from '../dto/meter-verification.dto';
import { buildBarChartSvg } from './bar-chart.build';

const RATE_FIGURES = (r: CollectionRateRowDto) => [
  r.charged,
  r.recalculated,
  r.billed,
  r.paid,
  r.ratePercent,
];

/** Collection rate as CSV: the group rows, then the per-period totals (key "total"). */
export function collectionRateCsv(r: CollectionRateResponseDto): string {
  const totalsOnly = r.groupBy === 'total';
  return buildCsv([
    ['period', 'key', 'label', 'charged', 'recalculated', 'billed', 'paid', 'rate_percent'],
    ...(totalsOnly ? [] : r.rows.map((x) => [x.period, x.key, x.label, ...RATE_FIGURES(x)])),
    ...r.totals.map((x) => [x.period, 'total', x.label, ...RATE_FIGURES(x)]),
  ]);
}

/** Collection rate chart: one bar per row (period and group), scaled to 100 %. */
export function collectionRateSvg(r: CollectionRateResponseDto): string {
  const bars = r.rows.map((x) => ({
    label: r.groupBy === 'total' ? x.period : `${x.period} · ${x.label}`,
    value: x.ratePercent ?? '0',
    valueLabel: x.ratePercent === null ? 'n/a' : `${x.ratePercent} %`,
  }));
  const max = bars.reduce((m, b) => (dec(b.value).gt(m) ? dec(b.value) : m), dec(100));
  return buildBarChartSvg({
    title: `Collection rate ${r.from} – ${r.to}`,
    subtitle: `paid ÷ (charged + recalculated), payments received to ${r.asOf}; by ${r.groupBy}`,
    bars,
    scaleMax: max.toFixed(),
  });
}

const AGEING_FIGURES = (x: AgeingRowDto) => [...x.amounts, x.overdue, x.total];

/** Debt ageing as CSV: one column per bucket, then overdue and total; the last line is the totals. */
export function debtAgeingCsv(r: DebtAgeingResponseDto): string {
  return buildCsv([
    ['key', 'label', ...r.buckets.map((b) => `days_${b.code}`), 'overdue', 'total'],
    ...(r.groupBy === 'total' ? [] : r.rows.map((x) => [x.key, x.label, ...AGEING_FIGURES(x)])),
    ['total', r.totals.label, ...AGEING_FIGURES(r.totals)],
  ]);
}

/** Debt ageing chart: one bar per bucket of the totals, labelled in days, with the amount in roubles. */
export function debtAgeingSvg(r: DebtAgeingResponseDto): string {
  return buildBarChartSvg({
    title: `Debt ageing on ${r.asOf}`,
    subtitle: `unpaid principal by days past the due date; total ${groupedMoney(dec(r.totals.total))}, overdue ${groupedMoney(dec(r.totals.overdue))}`,
    bars: r.buckets.map((b, i) => ({
      label: b.code === 'not_due' ? 'not yet due' : `${b.label} days`,
      value: r.totals.amounts[i],
      valueLabel: groupedMoney(dec(r.totals.amounts[i])),
    })),
  });
}

export function chargesByReasonCsv(r: ChargesByReasonResponseDto): string {
  return buildCsv([
    [
      'period',
      'category',
      'reason_code',
      'reason',
      'service',
      'lines',
      'documents',
      'accounts',
      'amount',
      'coefficient_amount',
    ],
    ...r.rows.map((x) => [
      x.period,
      x.category,
      x.reasonCode,
      x.reason,
      x.serviceCode,
      x.lines,
      x.documents,
      x.accounts,
      x.amount,
      x.coefficientAmount,
    ]),
    ...r.totals.map((t) => ['total', t.category, '', '', '', '', '', '', t.amount, '']),
  ]);
}

export function meterVerificationCsv(r: MeterVerificationResponseDto): string {
  return buildCsv([
    [
      'building_id',
      'address',
      'premises',
      'kind',
      'service',
      'meter_id',
      'serial_number',
      'next_verification_on',
      'days_left',
      'status',
    ],
    ...r.meters.map((m) => [
      m.buildingId,
      m.address,
      m.premisesNumber,
      m.kind,
      m.serviceCode,
      m.meterId,
      m.serialNumber,
      m.nextVerificationOn,
      m.daysLeft,
      m.status,
    ]),
  ]);
}
