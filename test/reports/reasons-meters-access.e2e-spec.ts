import { INestApplicationContext } from '@nestjs/common';
import { Role } from '../../src/common/auth/roles';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { startTestWorker } from '../utils/worker';
import { B1_ADDRESS, B2_ADDRESS, buildHistory, csvLines, History } from './reports.history';

process.env.PENALTY_NIGHTLY_CRON = 'off';

/** Charges by reason, meters due for verification, roles and refusals, over the history of reports.history.ts. */
describe('reports: charges by reason, meters, access and bad input (e2e)', () => {
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

  describe('charges, recalculations and penalties by reason', () => {
    const reason = (o: Record<string, unknown>) => ({
      documents: null,
      coefficientAmount: '0.00',
      ...o,
      reason: expect.any(String),
    });

    it('by method, recalculation kind and reason code, and penalty lines', async () => {
      const res = await get('charges-by-reason?from=2025-01&to=2025-03').expect(200);
      const charges = (period: string) => [
        reason({
          period,
          category: 'charge',
          reasonCode: 'area',
          serviceCode: 'maintenance',
          lines: 3,
          accounts: 3,
          amount: '4500.00',
        }),
        reason({
          period,
          category: 'charge',
          reasonCode: 'norm',
          serviceCode: 'solid_waste',
          lines: 2,
          accounts: 2,
          amount: '480.00',
        }),
      ];
      expect(res.body.rows).toEqual([
        ...charges('2025-01'),
        ...charges('2025-02'),
        reason({
          period: '2025-02',
          category: 'recalculation',
          reasonCode: 'manual:manual_correction',
          serviceCode: 'maintenance',
          lines: 1,
          documents: 1,
          accounts: 1,
          amount: '-250.00',
        }),
        reason({
          period: '2025-03',
          category: 'penalty',
          reasonCode: 'penalty_155_14',
          serviceCode: null,
          lines: 2,
          accounts: 2,
          amount: '13.77',
        }),
      ]);
      expect(res.body.totals).toEqual([
        { category: 'charge', amount: '9960.00' },
        { category: 'recalculation', amount: '-250.00' },
        { category: 'penalty', amount: '13.77' },
      ]);
      expect(res.body.rows[0].reason).toBe('by area (per m²)');
    });

    it('as CSV, narrowed to building 2', async () => {
      const res = await get(`charges-by-reason?from=2025-02&to=2025-03&buildingId=${h.b2}&format=csv`).expect(
        200,
      );
      expect(csvLines(res.text)).toEqual([
        'period;category;reason_code;reason;service;lines;documents;accounts;amount;coefficient_amount',
        '2025-02;charge;area;by area (per m²);maintenance;1;;1;1800.00;0.00',
        '2025-02;recalculation;manual:manual_correction;manual correction: manual_correction;maintenance;1;1;1;-250.00;0.00',
        '2025-03;penalty;penalty_155_14;penalty for late payment (ЖК РФ ст. 155 ч. 14);;1;;1;10.83;0.00',
        'total;charge;;;;;;;1800.00;',
        'total;recalculation;;;;;;;-250.00;',
        'total;penalty;;;;;;;10.83;',
      ]);
    });
  });

  describe('meters due for verification', () => {
    it('overdue and due within 30 days, per building; decommissioned and later ones left out', async () => {
      const res = await get('meter-verification?asOf=2025-03-31&withinDays=30').expect(200);
      expect(res.body.buildings).toEqual([
        { buildingId: h.b1, address: B1_ADDRESS, overdue: 1, due: 1 },
        { buildingId: h.b2, address: B2_ADDRESS, overdue: 0, due: 1 },
      ]);
      expect(
        res.body.meters.map((m: Record<string, unknown>) => [
          m.meterId,
          m.premisesNumber,
          m.serviceCode,
          m.nextVerificationOn,
          m.daysLeft,
          m.status,
        ]),
      ).toEqual([
        [h.meters.overdue, '1', 'cold_water', '2025-03-20', -11, 'overdue'],
        [h.meters.dueB1, '2', 'hot_water', '2025-04-15', 15, 'due'],
        [h.meters.dueB2, null, 'heating', '2025-04-30', 30, 'due'],
      ]);
      const none = await get('meter-verification?asOf=2025-03-31&withinDays=0').expect(200);
      expect(none.body.meters.map((m: { meterId: string }) => m.meterId)).toEqual([h.meters.overdue]);
    });

    it('as CSV', async () => {
      const res = await get(`meter-verification?asOf=2025-03-31&buildingId=${h.b2}&format=csv`).expect(200);
      const [serial] = (
        await sut.db.query(`SELECT serial_number FROM meters WHERE id = $1`, [h.meters.dueB2])
      ).map((r: { serial_number: string }) => r.serial_number);
      expect(csvLines(res.text)).toEqual([
        'building_id;address;premises;kind;service;meter_id;serial_number;next_verification_on;days_left;status',
        `${h.b2};${B2_ADDRESS};;common;heating;${h.meters.dueB2};${serial};2025-04-30;30;due`,
      ]);
    });
  });

  describe('access and bad input', () => {
    const paths = [
      'collection-rate?from=2025-01&to=2025-02&asOf=2025-03-31',
      'debt-ageing?asOf=2025-03-31',
      'charges-by-reason?from=2025-01&to=2025-02',
      'meter-verification?asOf=2025-03-31',
    ];

    it('supervisor, auditor and admin read; specialist and settlement centre are refused; no token → 401', async () => {
      const auditor = await sut.as(Role.Auditor);
      const specialist = await sut.as(Role.Specialist);
      const centre = await sut.as(Role.SettlementCentre);
      for (const p of paths) {
        await get(p, auditor).expect(200);
        await get(p, sut.admin).expect(200);
        await get(p, specialist).expect(403);
        await get(p, centre).expect(403);
        await sut.http().get(`/api/v1/reports/${p}`).expect(401);
      }
    });

    it.each([
      ['a bad period', 'collection-rate?from=2025-13&to=2025-02', 400, undefined],
      ['a missing period', 'charges-by-reason?from=2025-01', 400, undefined],
      ['from after to', 'collection-rate?from=2025-03&to=2025-02', 400, 'REPORT_RANGE_INVALID'],
      ['more than 60 periods', 'charges-by-reason?from=2020-01&to=2025-01', 400, 'REPORT_RANGE_TOO_LONG'],
      ['a bad date', 'debt-ageing?asOf=2025-02-30', 400, undefined],
      ['a bad asOf', 'collection-rate?from=2025-01&to=2025-02&asOf=31.03.2025', 400, undefined],
      ['an unknown grouping', 'debt-ageing?groupBy=flat', 400, undefined],
      ['svg where there is no chart', 'charges-by-reason?from=2025-01&to=2025-02&format=svg', 400, undefined],
      ['a negative window', 'meter-verification?withinDays=-1', 400, undefined],
      ['a window too long', 'meter-verification?withinDays=3651', 400, undefined],
      [
        'building and organisation',
        'debt-ageing?buildingId=1&organisationId=1',
        400,
        'REPORT_SCOPE_AMBIGUOUS',
      ],
      ['an unknown building', 'debt-ageing?buildingId=999999', 404, 'BUILDING_NOT_FOUND'],
      ['an unknown organisation', 'meter-verification?organisationId=999999', 404, 'ORGANISATION_NOT_FOUND'],
    ])('%s: %s → %i', async (_name, path, status, code) => {
      const res = await get(path).expect(status);
      expect(res.body).toMatchObject({ statusCode: status });
      if (code) expect(res.body.code).toBe(code);
    });
  });
});
