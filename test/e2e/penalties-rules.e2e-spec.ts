import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Role } from '../../src/common/auth/roles';
import { PenaltyRules } from '../../src/modules/penalties/domain/penalty-rules.types';
import { PenaltyRulesService } from '../../src/modules/penalties/rules/penalty-rules.service';
import { shippedPenaltyRules } from '../factories/penalty-rules';
import { canonical, dec, toFixedString } from '../../src/shared/money';
import { createTestApp, TestApp } from '../utils/create-test-app';

const RULES = '/api/v1/penalty-rules';

/** Percentages compared by value ("9.50" in the seed file, "9.500" from numeric(6,3)). */
const byValue = (r: PenaltyRules): PenaltyRules => ({
  ...r,
  keyRates: r.keyRates.map((k) => ({ ...k, ratePercent: canonical(dec(k.ratePercent)) })),
  caps: r.caps.map((c) => ({ ...c, capPercent: canonical(dec(c.capPercent)) })),
});

/** key-rates.csv of the shared domain notes, copied into the repository (the seed was built from it). */
function csvKeyRates(): { effectiveFrom: string; ratePercent: string; confirmed: string }[] {
  const [, ...lines] = readFileSync(join(__dirname, '../fixtures/key-rates.csv'), 'utf8')
    .trim()
    .split(/\r?\n/);
  return lines.map((l) => {
    const [effectiveFrom, rate, confirmed] = l.split(',');
    return { effectiveFrom, ratePercent: toFixedString(dec(rate), 3), confirmed };
  });
}

describe('penalty rules tables /api/v1/penalty-rules (e2e)', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await createTestApp();
  });
  // reset() restores the seeded rules tables from the snapshot taken after the migrations.
  afterEach(async () => {
    await sut.reset();
  });
  afterAll(async () => {
    await sut.close();
  });

  const send = (method: 'post' | 'patch' | 'delete', path: string, body: object, headers = sut.admin) =>
    sut.http()[method](`${RULES}${path}`).set(headers).send(body);
  const get = async (path: string, headers = sut.admin) =>
    (await sut.http().get(`${RULES}${path}`).set(headers).expect(200)).body;

  describe('the seed', () => {
    it('holds every row of key-rates.csv, each with a source', async () => {
      const rates = await get('/key-rates', await sut.as(Role.Auditor));
      const csv = csvKeyRates();
      expect(rates).toHaveLength(csv.length);
      expect(rates.length).toBe(51);
      expect(
        rates.map((r: { effectiveFrom: string; ratePercent: string; confirmed: string }) => ({
          effectiveFrom: r.effectiveFrom,
          ratePercent: r.ratePercent,
          confirmed: r.confirmed,
        })),
      ).toEqual(csv);
      expect(rates.every((r: { source: string }) => r.source.length > 0)).toBe(true);
    });

    it('caps, moratoria, fractions and due rules as RULES.md sets them', async () => {
      const headers = await sut.as(Role.Specialist);
      const caps = await get('/caps', headers);
      expect(
        caps.map((c: { validFrom: string; validTo: string; kind: string; capPercent: string }) =>
          [c.validFrom, c.validTo, c.kind, c.capPercent].join(' '),
        ),
      ).toEqual([
        '2022-02-28 2022-09-22 fixed 9.500',
        '2022-09-23 2022-12-31 min_of_key_rate 9.500',
        '2023-01-01 2023-12-31 min_of_key_rate 9.500',
        '2024-01-01 2024-12-31 min_of_key_rate 9.500',
        '2025-01-01 2026-12-31 min_of_key_rate 9.500',
      ]);
      const moratoria = await get('/moratoria', headers);
      expect(
        moratoria.map((m: { validFrom: string; validTo: string; scope: string }) => [
          m.validFrom,
          m.validTo,
          m.scope,
        ]),
      ).toEqual([
        ['2020-04-06', '2020-12-31', 'all_debts'],
        ['2022-04-01', '2022-10-01', 'all_debts'],
      ]);
      const fractions = await get('/fractions', headers);
      expect(
        fractions.map((f: { fromDay: number; toDay: number | null; fraction: string | null }) => [
          f.fromDay,
          f.toDay,
          f.fraction,
        ]),
      ).toEqual([
        [1, 30, null],
        [31, 90, '1/300'],
        [91, null, '1/130'],
      ]);
      const due = await get('/due-rules', headers);
      expect(
        due.map((d: { periodFrom: string; periodTo: string | null; dueDay: number }) => [
          d.periodFrom,
          d.periodTo,
          d.dueDay,
        ]),
      ).toEqual([
        ['2005-03', '2026-02', 10],
        ['2026-03', null, 15],
      ]);
    });

    it('a 2026 calendar with the New Year transfer and the 31.12 day off', async () => {
      const days = await get('/calendar?year=2026');
      const exceptions = days.filter((d: { kind: string }) => d.kind !== 'holiday');
      expect(exceptions.map((d: { day: string; kind: string }) => `${d.day} ${d.kind}`)).toEqual([
        '2026-01-09 dayoff',
        '2026-03-09 dayoff',
        '2026-05-11 dayoff',
        '2026-12-31 dayoff',
      ]);
      expect(days).toHaveLength(14 + 4);
    });

    it('loadRules() returns the seed in the engine shape', async () => {
      expect(byValue(await sut.app.get(PenaltyRulesService).loadRules())).toEqual(
        byValue(shippedPenaltyRules()),
      );
    });
  });

  describe('roles', () => {
    it('supervisor writes; specialist and auditor only read; the settlement centre neither', async () => {
      const rate = { effectiveFrom: '2026-03-23', ratePercent: '15.00', source: 'test' };
      for (const role of [Role.Specialist, Role.Auditor]) {
        const headers = await sut.as(role);
        await sut.http().get(`${RULES}/calendar?year=2026`).set(headers).expect(200);
        expect((await send('post', '/key-rates', rate, headers)).status).toBe(403);
        expect((await send('delete', '/calendar/2026-12-31', {}, headers)).status).toBe(403);
      }
      const centre = await sut.as(Role.SettlementCentre);
      expect((await sut.http().get(`${RULES}/key-rates`).set(centre)).status).toBe(403);
      const created = await send('post', '/key-rates', rate, await sut.as(Role.Supervisor));
      expect([created.status, created.body.ratePercent, created.body.confirmed]).toEqual([
        201,
        '15.000',
        'no',
      ]);
    });
  });

  describe('conflicts (409)', () => {
    it.each<[string, string, object, string]>([
      [
        'a key rate on an existing date',
        '/key-rates',
        { effectiveFrom: '2026-02-16', ratePercent: '15.5', source: 't' },
        'KEY_RATE_EXISTS',
      ],
      [
        'a cap overlapping 2026',
        '/caps',
        { validFrom: '2026-12-31', kind: 'fixed', capPercent: '9.5', source: 't' },
        'PENALTY_CAP_OVERLAP',
      ],
      [
        'a moratorium overlapping 2022',
        '/moratoria',
        { validFrom: '2022-10-01', validTo: '2022-10-31', source: 't' },
        'MORATORIUM_OVERLAP',
      ],
      [
        'a fraction row overlapping days 31–90',
        '/fractions',
        { validFrom: '2016-01-01', fromDay: 90, toDay: 95, denominator: 200, source: 't' },
        'PENALTY_FRACTION_OVERLAP',
      ],
      [
        'a due rule overlapping the 15th rule',
        '/due-rules',
        { periodFrom: '2030-01', dueDay: 20, source: 't' },
        'DUE_RULE_OVERLAP',
      ],
      [
        'a calendar day already there',
        '/calendar',
        { day: '2026-01-09', kind: 'dayoff', source: 't' },
        'CALENDAR_DAY_EXISTS',
      ],
    ])('refuses %s', async (_name, path, body, code) => {
      const res = await send('post', path, body);
      expect([res.status, res.body.code]).toEqual([409, code]);
    });

    it('refuses extending a cap into its neighbour, accepts closing it', async () => {
      const caps = await get('/caps');
      const y2023 = caps.find((c: { validFrom: string }) => c.validFrom === '2023-01-01').id;
      const extend = await send('patch', `/caps/${y2023}`, { validTo: '2024-01-01' });
      expect([extend.status, extend.body.code]).toEqual([409, 'PENALTY_CAP_OVERLAP']);
      const close = await send('patch', `/caps/${y2023}`, { validTo: '2023-06-30', reason: 'test' });
      expect([close.status, close.body.validTo]).toEqual([200, '2023-06-30']);
    });
  });
});
