import { Role } from '../../src/common/auth/roles';
import { createTestApp, TestApp } from '../utils/create-test-app';

const fieldsOf = (body: { fields?: { field: string }[] }) => (body.fields ?? []).map((f) => f.field).sort();
const lines = (body: {
  rows: { period: string; from: string; to: string; formula: string; amount: string }[];
}) => body.rows.map((r) => `${r.period} ${r.from}..${r.to} ${r.formula} = ${r.amount}`);

describe('penalty calculator POST /api/v1/penalties/calculate (e2e)', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await createTestApp();
  });
  afterAll(async () => {
    await sut.close();
  });

  const calculate = (body: object, headers = sut.admin) =>
    sut.http().post('/api/v1/penalties/calculate').set(headers).send(body);

  it('RULES.md example: 10 000.00, due date from the rules, 60 days at 1/300 of 9.5 % = 190.00', async () => {
    const res = await calculate(
      { debts: [{ period: '2024-12', amount: '10000.00' }], asOf: '2025-04-10' },
      await sut.as(Role.Specialist),
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      rows: [
        {
          period: '2024-12',
          balance: '10000.00',
          from: '2025-02-10',
          to: '2025-04-10',
          days: 60,
          fraction: '1/300',
          ratePercent: '9.5',
          formula: '10 000.00 × 60 × 1/300 × 9.5 %',
          amount: '190.00',
        },
      ],
      total: '190.00',
      debts: [
        { period: '2024-12', dueDate: '2025-01-10', amount: '10000.00', paid: '0.00', penalty: '190.00' },
      ],
      unallocated: '0.00',
    });
  });

  it('defaults a due date on the New Year holidays to the next working day (10.01.2026 → 12.01.2026)', async () => {
    const res = await calculate(
      { debts: [{ period: '2025-12', amount: '1000.00' }], asOf: '2026-02-12' },
      await sut.as(Role.Auditor),
    );
    expect(res.status).toBe(200);
    expect(res.body.debts[0].dueDate).toBe('2026-01-12');
    expect(lines(res.body)).toEqual(['2025-12 2026-02-12..2026-02-12 1 000.00 × 1 × 1/300 × 9.5 % = 0.32']);
  });

  it('several debts, a partial FIFO payment, a payment naming a period, the 2026 due-date switch', async () => {
    const res = await calculate({
      debts: [
        { period: '2026-01', amount: '2500.00' },
        { period: '2026-02', amount: '1800.40' },
        { period: '2026-03', amount: '1999.99' },
      ],
      payments: [
        { date: '2026-03-20', amount: '1800.40', period: '2026-02' },
        { date: '2026-04-01', amount: '1000.00' },
      ],
      asOf: '2026-06-30',
    }).expect(200);
    expect(res.body.debts.map((d: { dueDate: string }) => d.dueDate)).toEqual([
      '2026-02-10',
      '2026-03-10',
      '2026-04-15',
    ]);
    expect(lines(res.body)).toEqual([
      '2026-01 2026-03-13..2026-04-01 2 500.00 × 20 × 1/300 × 9.5 % = 15.83',
      '2026-01 2026-04-02..2026-05-11 1 500.00 × 40 × 1/300 × 9.5 % = 19.00',
      '2026-01 2026-05-12..2026-06-30 1 500.00 × 50 × 1/130 × 9.5 % = 54.81',
      '2026-03 2026-05-16..2026-06-30 1 999.99 × 46 × 1/300 × 9.5 % = 29.13',
    ]);
    expect(res.body.total).toBe('118.77');
  });

  it('a court-fixed rate for every row, and a moratorium list that replaces the stored one', async () => {
    const base = {
      debts: [{ period: '2021-12', amount: '1000.00', dueDate: '2022-01-10' }],
      asOf: '2022-04-01',
    };
    expect((await calculate(base).expect(200)).body.total).toBe('15.83');
    expect((await calculate({ ...base, moratoria: [] }).expect(200)).body.total).toBe('16.15');
    expect((await calculate({ ...base, rate: '16' }).expect(200)).body.total).toBe('26.67');
    const shifted = await calculate({
      ...base,
      moratoria: [{ from: '2022-03-01', to: '2022-03-31' }],
    }).expect(200);
    expect(lines(shifted.body)).toEqual([
      '2021-12 2022-02-10..2022-02-28 1 000.00 × 19 × 1/300 × 9.5 % = 6.02',
      '2021-12 2022-04-01..2022-04-01 1 000.00 × 1 × 1/300 × 9.5 % = 0.32',
    ]);
  });

  it('answers the settlement centre 403', async () => {
    const res = await calculate(
      { debts: [{ period: '2024-12', amount: '1.00' }], asOf: '2025-04-10' },
      await sut.as(Role.SettlementCentre),
    );
    expect(res.status).toBe(403);
  });

  it.each<[string, object, string[]]>([
    ['no debts', { debts: [] }, ['debts']],
    ['amount as a JSON number', { debts: [{ period: '2024-12', amount: 10 }] }, ['debts.0.amount']],
    ['amount with 3 decimals', { debts: [{ period: '2024-12', amount: '10.001' }] }, ['debts.0.amount']],
    ['zero amount', { debts: [{ period: '2024-12', amount: '0.00' }] }, ['debts.0.amount']],
    ['period not YYYY-MM', { debts: [{ period: '2024-13', amount: '1.00' }] }, ['debts.0.period']],
    [
      'due date not a date',
      { debts: [{ period: '2024-12', amount: '1.00', dueDate: '2025-02-30' }] },
      ['debts.0.dueDate'],
    ],
    ['negative payment', { payments: [{ date: '2025-02-01', amount: '-5.00' }] }, ['payments.0.amount']],
    ['asOf not a date', { asOf: '10.04.2025' }, ['asOf']],
    ['rate above 100', { rate: '100.5' }, ['rate']],
    [
      'moratorium ending before it starts',
      { moratoria: [{ from: '2022-04-01', to: '2022-03-01' }] },
      ['moratoria.0.to'],
    ],
    ['an unknown field', { interest: '1' }, ['interest']],
    ['asOf before a due date', { asOf: '2025-01-09' }, ['asOf']],
    ['a payment after asOf', { payments: [{ date: '2025-04-11', amount: '5.00' }] }, ['payments.0.date']],
    [
      'a payment naming a period without a debt',
      { payments: [{ date: '2025-02-01', amount: '5.00', period: '2024-11' }] },
      ['payments.0.period'],
    ],
    [
      'the same period twice',
      {
        debts: [
          { period: '2024-12', amount: '1.00' },
          { period: '2024-12', amount: '2.00' },
        ],
      },
      ['debts.1.period'],
    ],
  ])('refuses %s with 400 VALIDATION_FAILED naming the field', async (_name, patch, fields) => {
    const res = await calculate({
      debts: [{ period: '2024-12', amount: '1000.00' }],
      asOf: '2025-04-10',
      ...patch,
    });
    expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(fieldsOf(res.body)).toEqual(fields);
  });

  it.each([
    [
      'a rate before the first key rate (2016-01-01)',
      { debts: [{ period: '2015-06', amount: '1.00' }], asOf: '2015-12-01' },
      'PENALTY_NO_KEY_RATE',
    ],
    [
      'a period no due-date rule covers',
      { debts: [{ period: '2004-12', amount: '1.00' }], asOf: '2016-01-01' },
      'PENALTY_NO_DUE_RULE',
    ],
  ])('refuses %s with 422 and a stable code', async (_name, body, code) => {
    const res = await calculate(body);
    expect([res.status, res.body.code]).toEqual([422, code]);
  });

  it('GET /penalties/due-date gives the rule date and the working day it moves to', async () => {
    const headers = await sut.as(Role.Auditor);
    const get = (period: string) =>
      sut.http().get(`/api/v1/penalties/due-date?period=${period}`).set(headers);
    expect((await get('2025-12').expect(200)).body).toEqual({
      period: '2025-12',
      nominalDueDate: '2026-01-10',
      dueDate: '2026-01-12',
    });
    expect((await get('2026-03').expect(200)).body.dueDate).toBe('2026-04-15');
    expect((await get('2026-3')).status).toBe(400);
  });
});
