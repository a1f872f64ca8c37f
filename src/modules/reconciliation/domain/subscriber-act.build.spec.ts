import { ActSource, buildSubscriberAct } from './subscriber-act.build';

const books: ActSource[] = [
  { kind: 'charge', date: '2025-01-31', period: '2025-01', serviceCode: 'heating', amount: '1000.00' },
  { kind: 'charge', date: '2025-02-28', period: '2025-02', serviceCode: 'heating', amount: '1200.00' },
  {
    kind: 'payment',
    date: '2025-02-10',
    paymentId: '7',
    amount: '800.00',
    channel: 'bank',
    reason: null,
    allocation: [{ kind: 'principal', period: '2025-01', serviceCode: 'heating', amount: '800.00' }],
  },
  {
    kind: 'recalculation',
    date: '2025-02-28',
    period: '2025-02',
    number: 'ПР-00000001',
    reason: 'absence',
    amount: '-150.00',
    lines: [{ serviceCode: 'heating', correctedPeriod: '2025-01', amount: '-150.00' }],
  },
  { kind: 'penalty', date: '2025-03-31', period: '2025-03', amount: '12.34', debtPeriods: [] },
  {
    kind: 'payment',
    date: '2025-04-05',
    paymentId: '8',
    amount: '500.00',
    channel: 'cash',
    reason: null,
    allocation: [
      { kind: 'principal', period: '2025-01', serviceCode: 'heating', amount: '50.00' },
      { kind: 'penalty', period: '2025-01', serviceCode: null, amount: '10.00' },
      { kind: 'principal', period: '2025-02', serviceCode: 'heating', amount: '440.00' },
    ],
  },
];

describe('buildSubscriberAct', () => {
  it('folds earlier events into the opening balance and lists the range chronologically', () => {
    const act = buildSubscriberAct(books, '2025-02-01', '2025-03-31');
    expect(act.opening).toEqual({ total: '1000.00', principal: '1000.00', penalty: '0.00' });
    expect(act.entries.map((e) => [e.date, e.kind, e.debit, e.credit, e.balance])).toEqual([
      ['2025-02-10', 'payment', '0.00', '800.00', '200.00'],
      ['2025-02-28', 'charge', '1200.00', '0.00', '1400.00'],
      ['2025-02-28', 'recalculation', '0.00', '150.00', '1250.00'],
      ['2025-03-31', 'penalty', '12.34', '0.00', '1262.34'],
    ]);
    expect(act.turnover).toEqual({ debit: '1212.34', credit: '950.00' });
    expect(act.closing).toEqual({ total: '1262.34', principal: '1250.00', penalty: '12.34' });
  });

  it('splits a payment by its stored allocation between principal and penalty', () => {
    const act = buildSubscriberAct(books, '2025-01-01', '2025-12-31');
    expect(act.entries).toHaveLength(6);
    expect(act.closing).toEqual({ total: '762.34', principal: '760.00', penalty: '2.34' });
    expect(act.entries[5].details).toMatchObject({ paymentId: '8' });
  });

  it('an empty range keeps the opening balance as closing', () => {
    const act = buildSubscriberAct(books, '2030-01-01', '2030-12-31');
    expect(act.entries).toEqual([]);
    expect(act.closing).toEqual(act.opening);
  });
});
