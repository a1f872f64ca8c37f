import { Role } from '../../src/common/auth/roles';
import { createTestApp, TestApp } from '../utils/create-test-app';

const fieldsOf = (body: { fields?: { field: string }[] }) => (body.fields ?? []).map((f) => f.field).sort();
const RULES = '/api/v1/penalty-rules';

describe('penalty rules tables: refusals and effects on the calculator (e2e)', () => {
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
  const calculateTotal = async (body: object) =>
    (await sut.http().post('/api/v1/penalties/calculate').set(sut.admin).send(body).expect(200)).body;

  describe('validation (400) and rules (422, 404)', () => {
    it.each<[string, string, string, object, string[]]>([
      [
        'a rate as a JSON number',
        'post',
        '/key-rates',
        { effectiveFrom: '2030-01-01', ratePercent: 15, source: 't' },
        ['ratePercent'],
      ],
      [
        'a rate with 4 decimals',
        'post',
        '/key-rates',
        { effectiveFrom: '2030-01-01', ratePercent: '15.1234', source: 't' },
        ['ratePercent'],
      ],
      ['no source', 'post', '/key-rates', { effectiveFrom: '2030-01-01', ratePercent: '15' }, ['source']],
      [
        'a cap ending before it starts',
        'post',
        '/caps',
        { validFrom: '2030-01-01', validTo: '2029-12-31', kind: 'fixed', capPercent: '9.5', source: 't' },
        ['validTo'],
      ],
      [
        'an unknown cap kind',
        'post',
        '/caps',
        { validFrom: '2030-01-01', kind: 'max', capPercent: '9.5', source: 't' },
        ['kind'],
      ],
      [
        'an unknown calendar kind',
        'post',
        '/calendar',
        { day: '2030-01-01', kind: 'weekend', source: 't' },
        ['kind'],
      ],
      [
        'a calendar day that does not exist',
        'post',
        '/calendar',
        { day: '2030-02-30', kind: 'holiday', source: 't' },
        ['day'],
      ],
      [
        'a fraction ending before it starts',
        'post',
        '/fractions',
        { validFrom: '2030-01-01', fromDay: 31, toDay: 30, source: 't' },
        ['toDay'],
      ],
      [
        'a due rule ending before it starts',
        'post',
        '/due-rules',
        { periodFrom: '2030-05', periodTo: '2030-04', dueDay: 15, source: 't' },
        ['periodTo'],
      ],
      ['a due day 32', 'post', '/due-rules', { periodFrom: '2030-05', dueDay: 32, source: 't' }, ['dueDay']],
      [
        'a moratorium closed before its start',
        'patch',
        '/moratoria/1',
        { validTo: '2020-01-01' },
        ['validTo'],
      ],
    ])('refuses %s', async (_name, method, path, body, fields) => {
      const res = await send(method as 'post' | 'patch', path, body);
      expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(fieldsOf(res.body)).toEqual(fields);
    });

    it('refuses a working day on a Tuesday and a day off on a Saturday (422 CALENDAR_DAY_KIND_MISMATCH)', async () => {
      for (const [day, kind] of [
        ['2030-01-15', 'workday'],
        ['2030-01-19', 'dayoff'],
      ]) {
        const res = await send('post', '/calendar', { day, kind, source: 't' });
        expect([res.status, res.body.code, fieldsOf(res.body)]).toEqual([
          422,
          'CALENDAR_DAY_KIND_MISMATCH',
          ['kind'],
        ]);
      }
    });

    it('answers 404 with the rule code for unknown rows', async () => {
      const cases: [string, string][] = [
        ['/key-rates/999999', 'KEY_RATE_NOT_FOUND'],
        ['/caps/999999', 'PENALTY_CAP_NOT_FOUND'],
        ['/moratoria/999999', 'MORATORIUM_NOT_FOUND'],
        ['/fractions/999999', 'PENALTY_FRACTION_NOT_FOUND'],
        ['/due-rules/999999', 'DUE_RULE_NOT_FOUND'],
        ['/calendar/2030-01-01', 'CALENDAR_DAY_NOT_FOUND'],
      ];
      for (const [path, code] of cases) {
        const res = await send('patch', path, { source: 'x' });
        expect([res.status, res.body.code]).toEqual([404, code]);
      }
      const del = await send('delete', '/calendar/2030-01-01', {});
      expect([del.status, del.body.code]).toEqual([404, 'CALENDAR_DAY_NOT_FOUND']);
    });
  });

  describe('the calculator follows the tables', () => {
    const debt = { debts: [{ period: '2024-12', amount: '1000.00' }], asOf: '2025-02-10' };

    it('a new day off on the due date moves it, deleting the day moves it back', async () => {
      expect((await calculateTotal(debt)).debts[0].dueDate).toBe('2025-01-10');
      const added = await send('post', '/calendar', {
        day: '2025-01-10',
        kind: 'dayoff',
        note: 'test',
        source: 't',
      });
      expect(added.status).toBe(201);
      const moved = await calculateTotal(debt);
      expect([moved.debts[0].dueDate, moved.total]).toEqual(['2025-01-13', '0.00']);
      const removed = await send('delete', '/calendar/2025-01-10', {}, await sut.as(Role.Supervisor));
      expect([removed.status, removed.body.kind]).toEqual([200, 'dayoff']);
      expect((await calculateTotal(debt)).total).toBe('0.32');
    });

    it('a changed key rate and a closed cap change the rate; the change is audited with its reason', async () => {
      const caps = await get('/caps');
      const last = caps[caps.length - 1].id;
      await send('patch', `/caps/${last}`, {
        validTo: '2025-01-31',
        reason: 'decree 329 read from 18.03',
      }).expect(200);
      // 10.02.2025: no cap, key rate 21 % → 1000.00 × 1 × 1/300 × 21 % = 0.70
      expect((await calculateTotal(debt)).rows[0].formula).toBe('1 000.00 × 1 × 1/300 × 21 %');
      const rates = await get('/key-rates');
      const oct2024 = rates.find((r: { effectiveFrom: string }) => r.effectiveFrom === '2024-10-28').id;
      await send('patch', `/key-rates/${oct2024}`, { ratePercent: '20.5', confirmed: 'yes' }).expect(200);
      expect((await calculateTotal(debt)).total).toBe('0.68');
      const audit = await sut.http().get('/api/v1/audit-log?entity=penalty-rules').set(sut.admin).expect(200);
      expect(audit.body.items.map((a: { reason: string | null }) => a.reason)).toContain(
        'decree 329 read from 18.03',
      );
    });
  });
});
