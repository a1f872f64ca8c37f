import { DomainError } from 'src/common/errors/domain-error';
import {
  checkControl,
  decodeRegistryBytes,
  parseRegistryLine,
  RegistryPayment,
  splitRegistryFile,
} from './registry-file.rules';

/** Windows-1251 bytes of a text with ASCII and Cyrillic А–я, Ё, ё (test helper, no library needed). */
function cp1251(text: string): Buffer {
  return Buffer.from(
    [...text].map((ch) => {
      const c = ch.codePointAt(0)!;
      if (c < 0x80) return c;
      if (c >= 0x410 && c <= 0x44f) return c - 0x410 + 0xc0;
      if (ch === 'Ё') return 0xa8;
      if (ch === 'ё') return 0xb8;
      throw new Error(`no cp1251 byte for ${ch}`);
    }),
  );
}

const HEADER = 'ЛС;Период;Сумма;Дата;Номер платежа';

describe('decodeRegistryBytes', () => {
  it('reads Windows-1251 bytes (invalid as UTF-8) as Windows-1251', () => {
    const bytes = cp1251(`${HEADER}\nЛС00000001;032025;1500,50;20.03.2025;A1\n`);
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0xcb, 0xd1]));
    expect(decodeRegistryBytes(bytes)).toEqual({
      text: `${HEADER}\nЛС00000001;032025;1500,50;20.03.2025;A1\n`,
      encoding: 'windows-1251',
    });
  });

  it('reads UTF-8 as UTF-8 and drops a byte-order mark', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('ЛС;x\n', 'utf8')]);
    expect(decodeRegistryBytes(bytes)).toEqual({ text: 'ЛС;x\n', encoding: 'utf-8' });
  });
});

describe('splitRegistryFile', () => {
  it('separates the header, the data lines with their numbers and the control line', () => {
    const file = splitRegistryFile(
      `${HEADER}\r\nA;032025;10.00;20.03.2025;1\r\n\r\nB;;5;2025-03-21;2\r\n=;2;15.00\r\n`,
    );
    expect(file).toEqual({
      lines: [
        { line: 2, fields: ['A', '032025', '10.00', '20.03.2025', '1'] },
        { line: 4, fields: ['B', '', '5', '2025-03-21', '2'] },
      ],
      control: { line: 5, fields: ['=', '2', '15.00'] },
    });
  });

  it('has no control line when the last line does not start with "="', () => {
    expect(splitRegistryFile(`${HEADER}\nA;;1;2025-03-21;1`).control).toBeNull();
  });

  it.each<[string, string, string]>([
    ['an empty file', ' \n\n', 'REGISTRY_EMPTY'],
    ['a first line that is a payment', 'A;032025;10.00;20.03.2025;1\n', 'REGISTRY_HEADER_INVALID'],
    ['a control line alone', '=;0;0\n', 'REGISTRY_HEADER_INVALID'],
  ])('refuses %s', (_name, text, code) => {
    expect(() => splitRegistryFile(text)).toThrow(expect.objectContaining({ code, kind: 'bad_input' }));
  });
});

describe('parseRegistryLine', () => {
  const today = '2025-04-01';
  const ok = (fields: string[]) => parseRegistryLine({ line: 7, fields }, today) as RegistryPayment;

  it.each<[string, string[], Omit<RegistryPayment, 'line'>]>([
    [
      'MMYYYY period, comma amount, DD.MM.YYYY date',
      ['ЛС1', '032025', '1500,5', '20.03.2025', 'A1'],
      {
        accountNumber: 'ЛС1',
        period: '2025-03',
        amount: '1500.50',
        paidOn: '2025-03-20',
        bankPaymentId: 'A1',
      },
    ],
    [
      'YYYY-MM period, point amount, ISO date, extra columns ignored',
      ['ЛС1', '2025-02', '99.99', '2025-03-31', 'B-2', 'Иванов И. И.', 'ул. Ленина'],
      {
        accountNumber: 'ЛС1',
        period: '2025-02',
        amount: '99.99',
        paidOn: '2025-03-31',
        bankPaymentId: 'B-2',
      },
    ],
    [
      'no period named',
      ['ЛС1', '', '1', '01.04.2025', 'C'],
      { accountNumber: 'ЛС1', period: null, amount: '1.00', paidOn: '2025-04-01', bankPaymentId: 'C' },
    ],
  ])('accepts %s', (_name, fields, expected) => {
    expect(ok(fields)).toEqual({ line: 7, ...expected });
  });

  it.each<[string, string[], string, string]>([
    ['too few fields', ['ЛС1', '032025', '10'], 'REGISTRY_LINE_INVALID', 'needs 5 fields'],
    ['a misplaced control line', ['=', '1', '10', '', ''], 'REGISTRY_LINE_INVALID', 'needs 5 fields'],
    ['an empty account', ['', '032025', '10', '20.03.2025', 'A'], 'ACCOUNT_NOT_FOUND', 'empty'],
    ['month 13', ['ЛС1', '132025', '10', '20.03.2025', 'A'], 'PAYMENT_PERIOD_INVALID', '"132025"'],
    ['a period as text', ['ЛС1', 'март', '10', '20.03.2025', 'A'], 'PAYMENT_PERIOD_INVALID', '"март"'],
    ['a zero amount', ['ЛС1', '', '0.00', '20.03.2025', 'A'], 'PAYMENT_AMOUNT_INVALID', '"0.00"'],
    ['a negative amount', ['ЛС1', '', '-5', '20.03.2025', 'A'], 'PAYMENT_AMOUNT_INVALID', '"-5"'],
    ['three decimals', ['ЛС1', '', '1.005', '20.03.2025', 'A'], 'PAYMENT_AMOUNT_INVALID', '"1.005"'],
    ['an amount in words', ['ЛС1', '', 'сто', '20.03.2025', 'A'], 'PAYMENT_AMOUNT_INVALID', '"сто"'],
    ['30 February', ['ЛС1', '', '1', '30.02.2025', 'A'], 'PAYMENT_DATE_INVALID', '"30.02.2025"'],
    ['a US date', ['ЛС1', '', '1', '03/20/2025', 'A'], 'PAYMENT_DATE_INVALID', '"03/20/2025"'],
    ['a future date', ['ЛС1', '', '1', '02.04.2025', 'A'], 'PAYMENT_DATE_INVALID', 'in the future'],
    ['no bank payment id', ['ЛС1', '', '1', '20.03.2025', ''], 'BANK_PAYMENT_ID_INVALID', '1–64'],
  ])('rejects %s', (_name, fields, code, message) => {
    const refusal = parseRegistryLine({ line: 3, fields }, today) as DomainError;
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal.code).toBe(code);
    expect(refusal.message).toContain(message);
  });
});

describe('checkControl', () => {
  const file = (control: string[] | null) => ({
    lines: [
      { line: 2, fields: ['A', '', '10.50', '20.03.2025', '1'] },
      { line: 3, fields: ['B', '', '5,25', '20.03.2025', '2'] },
      { line: 4, fields: ['C', '', 'bad', '20.03.2025', '3'] },
    ],
    control: control && { line: 5, fields: control },
  });

  it.each<[string, string[] | null, object]>([
    ['matching count and total', ['=', '3', '15.75'], { lines: 3, total: '15.75', ok: true, message: null }],
    [
      'a wrong total',
      ['=', '3', '16,00'],
      { lines: 3, total: '16.00', ok: false, message: 'total 16.00 declared, 15.75 in the file' },
    ],
    [
      'a wrong count',
      ['=', '2', '15.75'],
      { lines: 2, total: '15.75', ok: false, message: '2 lines declared, 3 in the file' },
    ],
    [
      'no control line',
      null,
      { lines: null, total: null, ok: false, message: 'The file has no control line' },
    ],
    [
      'an unreadable control line',
      ['=', 'три', '15.75'],
      { lines: null, total: '15.75', ok: false, message: 'The control line is unreadable' },
    ],
  ])('%s', (_name, control, expected) => {
    expect(checkControl(file(control))).toEqual(expected);
  });
});
