import { svgTexts } from '../../../../test/utils/xml';
import { CollectionRateResponseDto, CollectionRateRowDto } from '../dto/collection-rate.dto';
import { DebtAgeingResponseDto } from '../dto/debt-ageing.dto';
import { ReportGroupBy } from '../dto/report-query.dto';
import { AGEING_BUCKETS } from './ageing.calc';
import { collectionRateCsv, collectionRateSvg, debtAgeingCsv, debtAgeingSvg } from './report-files.build';

const lines = (csv: string) =>
  csv
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n');

const totals: CollectionRateRowDto[] = [
  {
    period: '2025-01',
    key: null,
    label: 'total',
    charged: '100.00',
    recalculated: '0.00',
    billed: '100.00',
    paid: '50.00',
    ratePercent: '50.00',
  },
  {
    period: '2025-02',
    key: null,
    label: 'total',
    charged: '0.00',
    recalculated: '0.00',
    billed: '0.00',
    paid: '0.00',
    ratePercent: null,
  },
];
const rateReport = (groupBy: ReportGroupBy, rows = totals): CollectionRateResponseDto => ({
  from: '2025-01',
  to: '2025-02',
  asOf: '2025-03-31',
  groupBy,
  buildingId: null,
  organisationId: null,
  definition: '',
  rows,
  totals,
});

describe('collection rate files', () => {
  it('CSV of the whole scope: the totals once; a missing rate is an empty field', () => {
    expect(lines(collectionRateCsv(rateReport(ReportGroupBy.Total)))).toEqual([
      'period;key;label;charged;recalculated;billed;paid;rate_percent',
      '2025-01;total;total;100.00;0.00;100.00;50.00;50.00',
      '2025-02;total;total;0.00;0.00;0.00;0.00;',
    ]);
  });

  it('CSV quotes a label holding the separator', () => {
    const rows = [{ ...totals[0], key: '7', label: 'ул. Мира; д. 1' }];
    expect(lines(collectionRateCsv(rateReport(ReportGroupBy.Building, rows)))[1]).toBe(
      '2025-01;7;"ул. Мира; д. 1";100.00;0.00;100.00;50.00;50.00',
    );
  });

  it('SVG: one bar per period, n/a where there is no rate', () => {
    expect(svgTexts(collectionRateSvg(rateReport(ReportGroupBy.Total))).slice(2)).toEqual([
      '2025-01',
      '50.00 %',
      '2025-02',
      'n/a',
    ]);
  });
});

describe('debt ageing files', () => {
  const row = {
    key: null as string | null,
    label: 'total',
    amounts: ['10.00', '1000.00', '0.00', '0.00', '0.00', '12345.67'],
    overdue: '13345.67',
    total: '13355.67',
  };
  const report: DebtAgeingResponseDto = {
    asOf: '2025-03-31',
    groupBy: ReportGroupBy.Total,
    buildingId: null,
    organisationId: null,
    definition: '',
    buckets: AGEING_BUCKETS.map((b) => ({ ...b })),
    rows: [row],
    totals: row,
  };

  it('CSV of the whole scope: the header and the totals line', () => {
    expect(lines(debtAgeingCsv(report))).toEqual([
      'key;label;days_not_due;days_0_30;days_31_90;days_91_180;days_181_365;days_over_365;overdue;total',
      'total;total;10.00;1000.00;0.00;0.00;0.00;12345.67;13345.67;13355.67',
    ]);
  });

  it('SVG: grouped roubles per bucket and in the subtitle', () => {
    expect(svgTexts(debtAgeingSvg(report))).toEqual([
      'Debt ageing on 2025-03-31',
      'unpaid principal by days past the due date; total 13 355.67, overdue 13 345.67',
      'not yet due',
      '10.00',
      '0–30 days',
      '1 000.00',
      '31–90 days',
      '0.00',
      '91–180 days',
      '0.00',
      '181–365 days',
      '0.00',
      '> 365 days',
      '12 345.67',
    ]);
  });
});
