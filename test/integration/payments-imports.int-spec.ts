import { Principal, Role } from '../../src/common/auth/roles';
import { OpeningBalancesService } from '../../src/modules/ledger/opening-balances.service';
import { PaymentChannel } from '../../src/modules/payments/dto/payment.dto';
import { PaymentRegistriesService } from '../../src/modules/payments/payment-registries.service';
import { PaymentsService } from '../../src/modules/payments/payments.service';
import { aCharges, anEstateAccount } from '../factories/money';
import { createTestApp, TestApp } from '../utils/create-test-app';

/** Registry and opening-balance imports on the real database: per-line idempotency, bad lines, control totals. */
describe('payment registries and opening balances (integration)', () => {
  let sut: TestApp;
  let registries: PaymentRegistriesService;
  let balances: OpeningBalancesService;
  let acc1: { accountId: string; number: string };
  let acc2: { accountId: string; number: string };
  const by: Principal = {
    kind: 'api_key',
    id: '5',
    name: 'Сбербанк РЦ',
    role: Role.SettlementCentre,
    scopes: [],
  };

  beforeAll(async () => {
    sut = await createTestApp();
    registries = sut.app.get(PaymentRegistriesService);
    balances = sut.app.get(OpeningBalancesService);
  });
  beforeEach(async () => {
    await sut.reset();
    registries.chunkLines = 500;
    acc1 = await anEstateAccount(sut.db);
    acc2 = await anEstateAccount(sut.db);
    await aCharges(sut.db, acc1.accountId, '2025-01', { cold_water: '100.00' });
    await aCharges(sut.db, acc1.accountId, '2025-02', { cold_water: '80.00' });
  });
  afterAll(async () => {
    await sut.close();
  });

  const upload = (text: string, fileName = 'sber-20250321.txt') =>
    registries.import(text, undefined, fileName, by);
  const counts = async () =>
    (
      await sut.db.query(
        `SELECT (SELECT count(*)::int FROM payments) AS payments, (SELECT count(*)::int FROM payment_allocations) AS rows,
                (SELECT coalesce(sum(amount), 0)::text FROM payments) AS paid`,
      )
    )[0];
  const status = (r: { results: { line: number; status: string; code?: string }[] }) =>
    r.results.map((l) => [l.line, l.status, l.code ?? null]);

  function mixedFile(): string {
    return [
      'ЛС;Период;Сумма;Дата;Номер платежа',
      `${acc1.number};022025;100,00;20.03.2025;B1`,
      `${acc1.number};;50.00;2025-03-21;B2`,
      'ЛС99999999;;10;20.03.2025;B3',
      `${acc2.number};;abc;20.03.2025;B4`,
      `${acc2.number};;5;31.02.2025;B5`,
      `${acc2.number};;20.00;20.03.2025;B1`,
      `${acc1.number};;50;21.03.2025;B2`,
      '=;7;235.00',
    ].join('\r\n');
  }

  it('posts the good lines, rejects the bad ones with reasons, and reports counts and amounts', async () => {
    const r = await upload(mixedFile());
    expect(r).toMatchObject({
      fileName: 'sber-20250321.txt',
      encoding: 'utf-8',
      lines: 7,
      accepted: 2,
      unchanged: 1,
      rejected: 4,
      total: '235.00',
      acceptedAmount: '150.00',
      unchangedAmount: '50.00',
      rejectedAmount: '35.00',
      controlLines: 7,
      controlTotal: '235.00',
      controlOk: true,
      controlMessage: null,
      createdBy: 'Сбербанк РЦ',
    });
    expect(status(r)).toEqual([
      [2, 'accepted', null],
      [3, 'accepted', null],
      [4, 'rejected', 'ACCOUNT_NOT_FOUND'],
      [5, 'rejected', 'PAYMENT_AMOUNT_INVALID'],
      [6, 'rejected', 'PAYMENT_DATE_INVALID'],
      [7, 'rejected', 'DUPLICATE_PAYMENT_ID_CONFLICT'],
      [8, 'unchanged', null],
    ]);
    expect(r.results[0]).toEqual({
      line: 2,
      accountNumber: acc1.number,
      accountId: acc1.accountId,
      period: '2025-02',
      amount: '100.00',
      paidOn: '2025-03-20',
      bankPaymentId: 'B1',
      status: 'accepted',
      paymentId: expect.stringMatching(/^\d+$/),
    });
    expect(r.results[6].paymentId).toBe(r.results[1].paymentId);
    const stored = await sut.db.query(
      `SELECT bank_payment_id, amount::text, to_char(period, 'YYYY-MM') AS period, channel, registry_id::text
         FROM payments ORDER BY bank_payment_id`,
    );
    expect(stored).toEqual([
      { bank_payment_id: 'B1', amount: '100.00', period: '2025-02', channel: 'bank', registry_id: r.id },
      { bank_payment_id: 'B2', amount: '50.00', period: null, channel: 'bank', registry_id: r.id },
    ]);
    // B1 names February (80.00) first, its excess goes to January; B2 pays the rest of January.
    expect(
      await sut.db.query(
        `SELECT p.bank_payment_id, to_char(a.period, 'YYYY-MM') AS period, a.kind, a.amount::text
           FROM payment_allocations a JOIN payments p ON p.id = a.payment_id ORDER BY a.id`,
      ),
    ).toEqual([
      { bank_payment_id: 'B1', period: '2025-02', kind: 'principal', amount: '80.00' },
      { bank_payment_id: 'B1', period: '2025-01', kind: 'principal', amount: '20.00' },
      { bank_payment_id: 'B2', period: '2025-01', kind: 'principal', amount: '50.00' },
    ]);
  });

  it('imports the same file twice without doubling anything', async () => {
    await upload(mixedFile());
    const before = await counts();
    const again = await upload(mixedFile());
    expect(again).toMatchObject({ accepted: 0, unchanged: 3, rejected: 4, unchangedAmount: '200.00' });
    expect(await counts()).toEqual(before);
    expect(before).toEqual({ payments: 2, rows: 3, paid: '150.00' });
  });

  it('rejects a known bank payment id with another amount (DUPLICATE_PAYMENT_ID_CONFLICT)', async () => {
    await upload(`h;h;h;h;h\n${acc1.number};;10.00;20.03.2025;X1\n=;1;10.00`);
    const r = await upload(`h;h;h;h;h\n${acc1.number};;10.01;20.03.2025;X1\n=;1;10.01`);
    expect(status(r)).toEqual([[2, 'rejected', 'DUPLICATE_PAYMENT_ID_CONFLICT']]);
    expect(r.results[0].message).toContain('already posted');
    expect(await counts()).toMatchObject({ payments: 1, paid: '10.00' });
  });

  it('reports a control-total mismatch but still posts the good lines', async () => {
    const r = await upload(
      `h;h;h;h;h\n${acc1.number};;10.00;20.03.2025;C1\n${acc2.number};;5.00;20.03.2025;C2\n=;3;16.00`,
    );
    expect(r).toMatchObject({
      accepted: 2,
      controlOk: false,
      controlLines: 3,
      controlTotal: '16.00',
      controlMessage: '3 lines declared, 2 in the file; total 16.00 declared, 15.00 in the file',
    });
    expect(await counts()).toMatchObject({ payments: 2, paid: '15.00' });
  });

  it('reads a Windows-1251 file from the raw bytes', async () => {
    const text = `Лицевой счёт;Период;Сумма;Дата;Номер\n${acc1.number};;10,00;20.03.2025;W1\n=;1;10,00\n`;
    const bytes = Buffer.from(
      [...text].map((ch) => {
        const c = ch.codePointAt(0)!;
        return c < 0x80 ? c : ch === 'ё' ? 0xb8 : c - 0x410 + 0xc0;
      }),
    );
    const r = await registries.import(bytes.toString('latin1'), bytes, null, by);
    expect(r).toMatchObject({ encoding: 'windows-1251', accepted: 1, controlOk: true });
    expect(r.results[0].accountNumber).toBe(acc1.number);
  });

  it('allocates an account’s lines in date order across transactions of any size', async () => {
    registries.chunkLines = 1;
    const r = await upload(
      [
        'h;h;h;h;h',
        `${acc1.number};;30.00;22.03.2025;D3`,
        `${acc2.number};;1.00;20.03.2025;D4`,
        `${acc1.number};;120.00;20.03.2025;D1`,
      ].join('\n'),
    );
    expect(r.accepted).toBe(3);
    expect(
      await sut.db.query(
        `SELECT p.bank_payment_id, to_char(a.period, 'YYYY-MM') AS period, a.kind, a.amount::text
           FROM payment_allocations a JOIN payments p ON p.id = a.payment_id WHERE p.account_id = $1 ORDER BY a.id`,
        [acc1.accountId],
      ),
    ).toEqual([
      { bank_payment_id: 'D1', period: '2025-01', kind: 'principal', amount: '100.00' },
      { bank_payment_id: 'D1', period: '2025-02', kind: 'principal', amount: '20.00' },
      { bank_payment_id: 'D3', period: '2025-02', kind: 'principal', amount: '30.00' },
    ]);
  });

  it('serves the per-line report as CSV', async () => {
    const r = await upload(mixedFile());
    const csv = await registries.reportCsv(r.id);
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe(
      'line;account;period;amount;paid_on;bank_payment_id;status;payment_id;code;message',
    );
    expect(lines[1]).toBe(
      `2;${acc1.number};2025-02;100.00;2025-03-20;B1;accepted;${r.results[0].paymentId};;`,
    );
    expect(lines[3]).toBe(
      `4;ЛС99999999;;10;20.03.2025;B3;rejected;;ACCOUNT_NOT_FOUND;Account ЛС99999999 not found`,
    );
    expect(lines).toHaveLength(9);
  });

  describe('opening balances', () => {
    const file = (lines: string[]) => ['account;period;service;amount;kind', ...lines].join('\n');

    it('stores balances per line, rejects bad lines, and answers a re-import with unchanged', async () => {
      const text = file([
        `${acc2.number};2023-05;heating;1520.40;principal`,
        `${acc2.number};062023;heating;300,00;`,
        `${acc2.number};2023-05;heating;12.34;penalty`,
        `ЛС99999999;2023-05;heating;1;principal`,
        `${acc2.number};2023-13;heating;1;principal`,
        `${acc2.number};2023-05;teleport;1;principal`,
        `${acc2.number};2023-05;heating;-5;principal`,
        `${acc2.number};2023-05;heating;5;interest`,
      ]);
      const first = await balances.import(text, undefined, { fileName: 'old.csv' }, by);
      expect(first).toMatchObject({ encoding: 'utf-8', lines: 8, accepted: 3, unchanged: 0, rejected: 5 });
      expect(first.results.map((l) => [l.line, l.status, l.code ?? null])).toEqual([
        [2, 'accepted', null],
        [3, 'accepted', null],
        [4, 'accepted', null],
        [5, 'rejected', 'ACCOUNT_NOT_FOUND'],
        [6, 'rejected', 'OPENING_BALANCE_PERIOD_INVALID'],
        [7, 'rejected', 'SERVICE_NOT_FOUND'],
        [8, 'rejected', 'OPENING_BALANCE_AMOUNT_INVALID'],
        [9, 'rejected', 'OPENING_BALANCE_KIND_INVALID'],
      ]);
      const again = await balances.import(text, undefined, { fileName: 'old.csv' }, by);
      expect(again).toMatchObject({ accepted: 0, unchanged: 3, rejected: 5 });
      expect(
        await sut.db.query(
          `SELECT to_char(period, 'YYYY-MM') AS period, kind, amount::text, source FROM opening_balances ORDER BY id`,
        ),
      ).toEqual([
        { period: '2023-05', kind: 'principal', amount: '1520.40', source: 'import: old.csv' },
        { period: '2023-06', kind: 'principal', amount: '300.00', source: 'import: old.csv' },
        { period: '2023-05', kind: 'penalty', amount: '12.34', source: 'import: old.csv' },
      ]);
    });

    it('refuses another amount for a stored balance (OPENING_BALANCE_CONFLICT), also within one file', async () => {
      const r = await balances.import(
        file([`${acc2.number};2023-05;heating;100;`, `${acc2.number};2023-05;heating;100.01;`]),
        undefined,
        {},
        by,
      );
      expect(r.results.map((l) => [l.status, l.code ?? null])).toEqual([
        ['accepted', null],
        ['rejected', 'OPENING_BALANCE_CONFLICT'],
      ]);
    });

    it('applies an outstanding advance to imported debt', async () => {
      const payments = sut.app.get(PaymentsService);
      const advance = await payments.create(
        { accountId: acc2.accountId, amount: '50.00', paidOn: '2025-04-01', channel: PaymentChannel.Online },
        'adv',
        by,
      );
      await balances.import(file([`${acc2.number};2023-05;heating;30;`]), undefined, {}, by);
      expect(
        (await payments.get(advance.body.id)).allocations.map((a) => [a.period, a.kind, a.amount]),
      ).toEqual([
        [null, 'advance', '50.00'],
        [null, 'advance', '-30.00'],
        ['2023-05', 'principal', '30.00'],
      ]);
    });
  });
});
