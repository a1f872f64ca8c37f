import { DomainError } from 'src/common/errors/domain-error';
import { buildPaymentQr, PaymentQrInput, paymPeriodOf, rublesToKopecks } from './payment-qr.build';
import { kopecksToRubles, parsePaymentQr } from './payment-qr.parse';

const THREE_WHALES: PaymentQrInput = {
  name: 'ООО «Три кита»',
  personalAcc: '40702810138250123017',
  bankName: 'ОАО "БАНК"',
  bic: '044525225',
  correspAcc: '30101810965770000413',
};

const UK: PaymentQrInput = {
  name: 'ООО "УК Пример"',
  personalAcc: '40702810000000000001',
  bankName: 'ПАО Банк',
  bic: '044525225',
  correspAcc: '30101810400000000225',
  payeeInn: '7700000000',
  kpp: '770001001',
  sum: '5123.45',
  persAcc: '12345678',
  paymPeriod: '2026-09',
  purpose: 'Оплата ЖКУ за 09.2026, л/с 12345678',
  lastName: 'Иванов',
  payerAddress: 'г. Москва, ул. Примерная, д. 1, кв. 5',
  techCode: '02',
};

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof DomainError ? `${e.kind}:${e.code}:${(e.details?.field as string) ?? ''}` : String(e);
  }
  return undefined;
}

describe('buildPaymentQr (GOST R 56042-2014)', () => {
  it('mandatory fields only: the RULES.md / QRCoder example, exactly', () => {
    expect(buildPaymentQr(THREE_WHALES)).toBe(
      'ST00012|Name=ООО «Три кита»|PersonalAcc=40702810138250123017|BankName=ОАО "БАНК"|BIC=044525225|CorrespAcc=30101810965770000413',
    );
  });

  it('a utility payload: mandatory block, then INN, KPP, Sum in kopecks, PersAcc, MMYYYY, Purpose, payer, TechCode', () => {
    expect(buildPaymentQr(UK)).toBe(
      'ST00012|Name=ООО "УК Пример"|PersonalAcc=40702810000000000001|BankName=ПАО Банк|BIC=044525225' +
        '|CorrespAcc=30101810400000000225|PayeeINN=7700000000|KPP=770001001|Sum=512345|PersAcc=12345678' +
        '|PaymPeriod=092026|Purpose=Оплата ЖКУ за 09.2026, л/с 12345678|LastName=Иванов' +
        '|PayerAddress=г. Москва, ул. Примерная, д. 1, кв. 5|TechCode=02',
    );
  });

  it('leaves out optional fields that are null or empty', () => {
    expect(buildPaymentQr({ ...THREE_WHALES, sum: '0.5', kpp: null, purpose: '', persAcc: '1' })).toBe(
      'ST00012|Name=ООО «Три кита»|PersonalAcc=40702810138250123017|BankName=ОАО "БАНК"|BIC=044525225|CorrespAcc=30101810965770000413|Sum=50|PersAcc=1',
    );
  });

  it.each([
    ['5123.45', '512345'],
    ['0', '0'],
    ['0.01', '1'],
    ['1000', '100000'],
    ['1000.5', '100050'],
    ['9999999999999999.99', '999999999999999999'],
  ])('sum %s roubles → %s kopecks', (rubles, kopecks) => {
    expect(rublesToKopecks(rubles)).toBe(kopecks);
  });

  it.each([['-1.00'], ['1.005'], ['abc'], ['10000000000000000.00'], ['1e3']])('refuses sum %s', (sum) => {
    expect(codeOf(() => buildPaymentQr({ ...THREE_WHALES, sum }))).toBe('rule:QR_SUM_INVALID:Sum');
  });

  it('writes the period as MMYYYY', () => {
    expect(paymPeriodOf('2026-01')).toBe('012026');
    expect(paymPeriodOf('2025-12')).toBe('122025');
    expect(codeOf(() => paymPeriodOf('2026-1'))).toBe('rule:QR_FIELD_INVALID:PaymPeriod');
  });

  it('switches to the first free separator when a value contains "|"', () => {
    expect(buildPaymentQr({ ...THREE_WHALES, purpose: 'ХВС|ГВС' })).toBe(
      'ST00012#Name=ООО «Три кита»#PersonalAcc=40702810138250123017#BankName=ОАО "БАНК"#BIC=044525225#CorrespAcc=30101810965770000413#Purpose=ХВС|ГВС',
    );
    expect(buildPaymentQr({ ...THREE_WHALES, purpose: 'ХВС|ГВС #1; кв.5' })).toBe(
      'ST00012:Name=ООО «Три кита»:PersonalAcc=40702810138250123017:BankName=ОАО "БАНК":BIC=044525225:CorrespAcc=30101810965770000413:Purpose=ХВС|ГВС #1; кв.5',
    );
  });

  it('refuses a value with "|" when switching is off, and when no separator is free', () => {
    expect(codeOf(() => buildPaymentQr({ ...THREE_WHALES, name: 'А|Б' }, { separator: 'refuse' }))).toBe(
      'rule:QR_SEPARATOR_IN_VALUE:Name',
    );
    const everything = '|#;:^_~{}!$%&()*+,/@';
    expect(codeOf(() => buildPaymentQr({ ...THREE_WHALES, purpose: everything }))).toBe(
      'rule:QR_SEPARATOR_IN_VALUE:Purpose',
    );
  });

  it('round-trips through the parser with a switched separator', () => {
    const parsed = parsePaymentQr(buildPaymentQr({ ...UK, purpose: 'ХВС|ГВС' }));
    expect(parsed.separator).toBe('#');
    expect(parsed.fields.Purpose).toBe('ХВС|ГВС');
    expect(parsed.sum).toBe('5123.45');
    expect(parsed.paymPeriod).toBe('092026');
  });

  it('allows a mandatory block of exactly 300 bytes and refuses 301', () => {
    // Fixed part: "Name=" 5 + "|PersonalAcc=<20>" 33 + "|BankName=" 10 + "|BIC=<9>" 14 + "|CorrespAcc=<20>" 32
    // = 94 bytes; Cyrillic letters are 2 bytes in UTF-8.
    const bank = 'Б'.repeat(22); // 44 bytes → 138
    const ok = { ...THREE_WHALES, bankName: bank, name: 'Я'.repeat(81) }; // 162 bytes → 300
    expect(Buffer.byteLength(buildPaymentQr(ok).slice(8), 'utf8')).toBe(300);
    const over = { ...ok, name: 'Я'.repeat(81) + 'X' };
    expect(codeOf(() => buildPaymentQr(over))).toBe('rule:QR_MANDATORY_BLOCK_TOO_LONG:');
  });

  it('counts only the mandatory block against 300 bytes (optional fields may follow)', () => {
    const long = { ...UK, purpose: 'П'.repeat(160), payerAddress: 'А'.repeat(200) };
    expect(Buffer.byteLength(buildPaymentQr(long), 'utf8')).toBeGreaterThan(600);
  });

  it.each<[Partial<PaymentQrInput>, string]>([
    [{ name: '' }, 'Name'],
    [{ name: 'Н'.repeat(161) }, 'Name'],
    [{ personalAcc: '4070281013825012301' }, 'PersonalAcc'],
    [{ personalAcc: '40702Z10138250123017' }, 'PersonalAcc'],
    [{ bankName: 'Б'.repeat(46) }, 'BankName'],
    [{ bic: '04452522' }, 'BIC'],
    [{ bic: '04452522A' }, 'BIC'],
    [{ correspAcc: '3010181096577000041' }, 'CorrespAcc'],
    [{ payeeInn: '77000000' }, 'PayeeINN'],
    [{ kpp: '77000100' }, 'KPP'],
    [{ purpose: 'П'.repeat(161) }, 'Purpose'],
    [{ techCode: '2' }, 'TechCode'],
    [{ lastName: 'Иванов\nПетров' }, 'LastName'],
  ])('refuses %j (QR_FIELD_INVALID on %s)', (patch, field) => {
    expect(codeOf(() => buildPaymentQr({ ...THREE_WHALES, ...patch }))).toBe(
      `rule:QR_FIELD_INVALID:${field}`,
    );
  });

  it('accepts a letter allowed in the sixth position of an account and a 12-digit INN', () => {
    expect(
      buildPaymentQr({ ...THREE_WHALES, personalAcc: '40702A10138250123017', payeeInn: '770000000001' }),
    ).toContain('|PersonalAcc=40702A10138250123017|');
  });
});

describe('parsePaymentQr', () => {
  it('reads the RULES.md example with a mixed-case field name and a sum in kopecks', () => {
    const p = parsePaymentQr(
      'ST00012|Name=ООО "УК Пример"|PersonalAcc=40702810000000000001|BankName=ПАО Банк|BIC=044525225|CorrespAcc=30101810400000000225|PayeeINN=7700000000|Sum=512345|PersAcc=12345678|paymPeriod=0926',
    );
    expect(p).toEqual({
      charset: '2',
      separator: '|',
      name: 'ООО "УК Пример"',
      payeeInn: '7700000000',
      persAcc: '12345678',
      sum: '5123.45',
      paymPeriod: '0926',
      fields: {
        Name: 'ООО "УК Пример"',
        PersonalAcc: '40702810000000000001',
        BankName: 'ПАО Банк',
        BIC: '044525225',
        CorrespAcc: '30101810400000000225',
        PayeeINN: '7700000000',
        Sum: '512345',
        PersAcc: '12345678',
        PaymPeriod: '0926',
      },
    });
  });

  it('accepts a trailing separator and lowerCamel / upper-case names, and keeps "=" inside values', () => {
    const p = parsePaymentQr('ST00011|name=А|persacc=77|SUM=5|purpose=a=b|Extra=1|');
    expect(p.charset).toBe('1');
    expect(p.fields).toEqual({ Name: 'А', PersAcc: '77', Sum: '5', Purpose: 'a=b', Extra: '1' });
    expect(p.sum).toBe('0.05');
  });

  it('reads the mandatory-only example with and without a trailing "|"', () => {
    const text =
      'ST00012|Name=ООО «Три кита»|PersonalAcc=40702810138250123017|BankName=ОАО "БАНК"|BIC=044525225|CorrespAcc=30101810965770000413';
    expect(parsePaymentQr(text).fields).toEqual(parsePaymentQr(`${text}|`).fields);
    expect(parsePaymentQr(text).sum).toBeNull();
  });

  it.each([['XX00012|Name=A'], ['ST00019|Name=A'], ['ST00012|'], ['ST00012|Name'], ['ST00012|Sum=1.5']])(
    'refuses %s with QR_PAYLOAD_INVALID',
    (text) => {
      expect(codeOf(() => parsePaymentQr(text))).toBe('bad_input:QR_PAYLOAD_INVALID:');
    },
  );

  it('converts kopecks to roubles without floats', () => {
    expect(kopecksToRubles('0')).toBe('0.00');
    expect(kopecksToRubles('7')).toBe('0.07');
    expect(kopecksToRubles('000123')).toBe('1.23');
    expect(kopecksToRubles('999999999999999999')).toBe('9999999999999999.99');
  });
});
