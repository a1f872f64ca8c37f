import { INestApplicationContext } from '@nestjs/common';
import { Role } from '../../src/common/auth/roles';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { startTestWorker } from '../utils/worker';
import { parseXml, svgTexts } from '../utils/xml';
import { B1_ADDRESS, B2_ADDRESS, buildHistory, csvLines, History } from './reports.history';

process.env.PENALTY_NIGHTLY_CRON = 'off';

/** Collection rate and debt ageing over a small history built through the API and the worker (see reports.history.ts). */
describe('reports: collection rate and debt ageing (e2e)', () => {
  let sut: TestApp;
  let worker: INestApplicationContext;
  let h: History;
  let boss: Record<string, string>;

  beforeAll(async () => {
    sut = await createTestApp();
    await sut.reset();
    worker = await startTestWorker();
    h = await buildHistory(sut);
    boss = await sut.as(Role.Supervisor);
  });
  afterAll(async () => {
    await worker.close();
    await sut.close();
  });

  const get = (path: string, headers: Record<string, string> = boss) =>
    sut.http().get(`/api/v1/reports/${path}`).set(headers);

  const rate = (period: string, key: string | null, label: string, f: string[]) => ({
    period,
    key,
    label,
    charged: f[0],
    recalculated: f[1],
    billed: f[2],
    paid: f[3],
    ratePercent: f[4],
  });
  const JAN = ['4980.00', '0.00', '4980.00', '2692.00', '54.06'];
  const FEB = ['4980.00', '-250.00', '4730.00', '1692.00', '35.77'];

  describe('collection rate', () => {
    it('per period: paid to the period ÷ (charged + recalculated)', async () => {
      const res = await get('collection-rate?from=2025-01&to=2025-02&asOf=2025-03-31').expect(200);
      expect(res.body).toMatchObject({
        from: '2025-01',
        to: '2025-02',
        asOf: '2025-03-31',
        groupBy: 'total',
        buildingId: null,
        organisationId: null,
      });
      expect(res.body.definition).toMatch(/allocated as principal/);
      const totals = [rate('2025-01', null, 'total', JAN), rate('2025-02', null, 'total', FEB)];
      expect(res.body.rows).toEqual(totals);
      expect(res.body.totals).toEqual(totals);
    });

    it('per building, service and organisation', async () => {
      const byBuilding = await get(
        'collection-rate?from=2025-01&to=2025-02&asOf=2025-03-31&groupBy=building',
      );
      expect(byBuilding.body.rows).toEqual([
        rate('2025-01', h.b1, B1_ADDRESS, ['3180.00', '0.00', '3180.00', '2692.00', '84.65']),
        rate('2025-01', h.b2, B2_ADDRESS, ['1800.00', '0.00', '1800.00', '0.00', '0.00']),
        rate('2025-02', h.b1, B1_ADDRESS, ['3180.00', '0.00', '3180.00', '1692.00', '53.21']),
        rate('2025-02', h.b2, B2_ADDRESS, ['1800.00', '-250.00', '1550.00', '0.00', '0.00']),
      ]);
      expect(byBuilding.body.totals).toEqual([
        rate('2025-01', null, 'total', JAN),
        rate('2025-02', null, 'total', FEB),
      ]);

      const byService = await get('collection-rate?from=2025-01&to=2025-02&asOf=2025-03-31&groupBy=service');
      expect(byService.body.rows).toEqual([
        rate('2025-01', 'maintenance', 'Содержание жилого помещения', [
          '4500.00',
          '0.00',
          '4500.00',
          '2306.45',
          '51.25',
        ]),
        rate('2025-01', 'solid_waste', 'Обращение с ТКО', ['480.00', '0.00', '480.00', '385.55', '80.32']),
        rate('2025-02', 'maintenance', 'Содержание жилого помещения', [
          '4500.00',
          '-250.00',
          '4250.00',
          '1500.00',
          '35.29',
        ]),
        rate('2025-02', 'solid_waste', 'Обращение с ТКО', ['480.00', '0.00', '480.00', '192.00', '40.00']),
      ]);

      const byOrg = await get('collection-rate?from=2025-01&to=2025-02&asOf=2025-03-31&groupBy=organisation');
      expect(byOrg.body.rows).toEqual([
        rate('2025-01', h.org, 'ООО «УК Отчётная»', JAN),
        rate('2025-02', h.org, 'ООО «УК Отчётная»', FEB),
      ]);
    });

    it('counts only money received up to asOf, and narrows to a building', async () => {
      const early = await get('collection-rate?from=2025-01&to=2025-02&asOf=2025-02-28').expect(200);
      expect(early.body.rows.map((r: { paid: string }) => r.paid)).toEqual(['2692.00', '0.00']);
      expect(early.body.rows[1].ratePercent).toBe('0.00');
      const b2 = await get(
        `collection-rate?from=2025-01&to=2025-02&asOf=2025-03-31&buildingId=${h.b2}`,
      ).expect(200);
      expect(b2.body.rows.map((r: { billed: string }) => r.billed)).toEqual(['1800.00', '1550.00']);
      expect(b2.body.buildingId).toBe(h.b2);
      const org = await get(
        `collection-rate?from=2025-01&to=2025-02&asOf=2025-03-31&organisationId=${h.org}`,
      );
      expect(org.body.rows).toEqual([
        rate('2025-01', null, 'total', JAN),
        rate('2025-02', null, 'total', FEB),
      ]);
    });

    it('as CSV: group rows, then the totals', async () => {
      const res = await get(
        'collection-rate?from=2025-01&to=2025-02&asOf=2025-03-31&groupBy=building&format=csv',
      ).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toContain('collection-rate-2025-01-2025-02.csv');
      expect(csvLines(res.text)).toEqual([
        'period;key;label;charged;recalculated;billed;paid;rate_percent',
        `2025-01;${h.b1};${B1_ADDRESS};3180.00;0.00;3180.00;2692.00;84.65`,
        `2025-01;${h.b2};${B2_ADDRESS};1800.00;0.00;1800.00;0.00;0.00`,
        `2025-02;${h.b1};${B1_ADDRESS};3180.00;0.00;3180.00;1692.00;53.21`,
        `2025-02;${h.b2};${B2_ADDRESS};1800.00;-250.00;1550.00;0.00;0.00`,
        '2025-01;total;total;4980.00;0.00;4980.00;2692.00;54.06',
        '2025-02;total;total;4980.00;-250.00;4730.00;1692.00;35.77',
      ]);
    });

    it('as an SVG chart: well-formed, with every label and rate', async () => {
      const res = await get(
        'collection-rate?from=2025-01&to=2025-02&asOf=2025-03-31&groupBy=building&format=svg',
      ).expect(200);
      expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
      const svg = res.text ?? res.body.toString('utf8');
      expect(parseXml(svg).name).toBe('svg');
      expect(svgTexts(svg)).toEqual([
        'Collection rate 2025-01 – 2025-02',
        'paid ÷ (charged + recalculated), payments received to 2025-03-31; by building',
        `2025-01 · ${B1_ADDRESS}`,
        '84.65 %',
        `2025-01 · ${B2_ADDRESS}`,
        '0.00 %',
        `2025-02 · ${B1_ADDRESS}`,
        '53.21 %',
        `2025-02 · ${B2_ADDRESS}`,
        '0.00 %',
      ]);
    });
  });

  describe('debt ageing', () => {
    const row = (key: string | null, label: string, amounts: string[], overdue: string, total: string) => ({
      key,
      label,
      amounts,
      overdue,
      total,
    });

    it('per building on 31.03.2025: January debt 49 days past 10.02, February 21, June 2023 630 days', async () => {
      const res = await get('debt-ageing?asOf=2025-03-31&groupBy=building').expect(200);
      expect(res.body.buckets.map((b: { code: string }) => b.code)).toEqual([
        'not_due',
        '0_30',
        '31_90',
        '91_180',
        '181_365',
        'over_365',
      ]);
      expect(res.body.rows).toEqual([
        row(h.b1, B1_ADDRESS, ['0.00', '1488.00', '488.00', '0.00', '0.00', '0.00'], '1976.00', '1976.00'),
        row(h.b2, B2_ADDRESS, ['0.00', '1550.00', '1800.00', '0.00', '0.00', '500.00'], '3850.00', '3850.00'),
      ]);
      expect(res.body.totals).toEqual(
        row(null, 'total', ['0.00', '3038.00', '2288.00', '0.00', '0.00', '500.00'], '5826.00', '5826.00'),
      );
    });

    it('per service, and earlier: February not yet due on 20.02.2025', async () => {
      const res = await get('debt-ageing?asOf=2025-03-31&groupBy=service').expect(200);
      expect(res.body.rows).toEqual([
        row(
          'maintenance',
          'Содержание жилого помещения',
          ['0.00', '2750.00', '2193.55', '0.00', '0.00', '500.00'],
          '5443.55',
          '5443.55',
        ),
        row(
          'solid_waste',
          'Обращение с ТКО',
          ['0.00', '288.00', '94.45', '0.00', '0.00', '0.00'],
          '382.45',
          '382.45',
        ),
      ]);
      const early = await get('debt-ageing?asOf=2025-02-20').expect(200);
      const totals = row(
        null,
        'total',
        ['4730.00', '2288.00', '0.00', '0.00', '0.00', '500.00'],
        '2788.00',
        '7518.00',
      );
      expect(early.body.rows).toEqual([totals]);
      expect(early.body.totals).toEqual(totals);
    });

    it('as CSV and as an SVG chart with the amounts', async () => {
      const csv = await get('debt-ageing?asOf=2025-03-31&groupBy=building&format=csv').expect(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csvLines(csv.text)).toEqual([
        'key;label;days_not_due;days_0_30;days_31_90;days_91_180;days_181_365;days_over_365;overdue;total',
        `${h.b1};${B1_ADDRESS};0.00;1488.00;488.00;0.00;0.00;0.00;1976.00;1976.00`,
        `${h.b2};${B2_ADDRESS};0.00;1550.00;1800.00;0.00;0.00;500.00;3850.00;3850.00`,
        'total;total;0.00;3038.00;2288.00;0.00;0.00;500.00;5826.00;5826.00',
      ]);
      const svg = await get('debt-ageing?asOf=2025-03-31&format=svg').expect(200);
      expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
      const text = svg.text ?? svg.body.toString('utf8');
      expect(svgTexts(text)).toEqual([
        'Debt ageing on 2025-03-31',
        'unpaid principal by days past the due date; total 5 826.00, overdue 5 826.00',
        'not yet due',
        '0.00',
        '0–30 days',
        '3 038.00',
        '31–90 days',
        '2 288.00',
        '91–180 days',
        '0.00',
        '181–365 days',
        '0.00',
        '> 365 days',
        '500.00',
      ]);
    });
  });
});
