import { DomainError } from 'src/common/errors/domain-error';
import {
  OpeningBalanceLine,
  parseOpeningBalanceLine,
  splitOpeningBalancesFile,
} from './opening-balance-file.rules';

const SERVICES = new Set(['heating', 'cold_water']);

describe('splitOpeningBalancesFile', () => {
  it('skips the header and empty lines and keeps line numbers', () => {
    expect(
      splitOpeningBalancesFile('account;period;service;amount;kind\r\n\r\nЛС1;2023-05;heating;10;\r\n'),
    ).toEqual([{ line: 3, fields: ['ЛС1', '2023-05', 'heating', '10', ''] }]);
  });

  it.each<[string, string, string]>([
    ['an empty file', '\n \n', 'OPENING_BALANCES_EMPTY'],
    [
      'a balance where the header should be',
      'ЛС1;2023-05;heating;10;principal\n',
      'OPENING_BALANCES_HEADER_INVALID',
    ],
  ])('refuses %s', (_name, text, code) => {
    expect(() => splitOpeningBalancesFile(text)).toThrow(expect.objectContaining({ code }));
  });
});

describe('parseOpeningBalanceLine', () => {
  it.each<[string, string[], Omit<OpeningBalanceLine, 'line'>]>([
    [
      'a principal balance',
      ['ЛС1', '2023-05', 'heating', '1520.4', 'principal'],
      {
        accountNumber: 'ЛС1',
        period: '2023-05',
        serviceCode: 'heating',
        amount: '1520.40',
        kind: 'principal',
      },
    ],
    [
      'MMYYYY, a decimal comma, an empty kind (principal)',
      ['ЛС1', '062023', 'cold_water', '300,00', ''],
      {
        accountNumber: 'ЛС1',
        period: '2023-06',
        serviceCode: 'cold_water',
        amount: '300.00',
        kind: 'principal',
      },
    ],
    [
      'a penalty kind in capitals',
      ['ЛС1', '2023-05', 'heating', '12.34', 'PENALTY'],
      { accountNumber: 'ЛС1', period: '2023-05', serviceCode: 'heating', amount: '12.34', kind: 'penalty' },
    ],
  ])('accepts %s', (_name, fields, expected) => {
    expect(parseOpeningBalanceLine({ line: 4, fields }, SERVICES)).toEqual({ line: 4, ...expected });
  });

  it.each<[string, string[], string]>([
    ['too few fields', ['ЛС1', '2023-05', 'heating'], 'OPENING_BALANCE_LINE_INVALID'],
    ['no account', ['', '2023-05', 'heating', '1'], 'ACCOUNT_NOT_FOUND'],
    ['no period', ['ЛС1', '', 'heating', '1'], 'OPENING_BALANCE_PERIOD_INVALID'],
    ['month 13', ['ЛС1', '2023-13', 'heating', '1'], 'OPENING_BALANCE_PERIOD_INVALID'],
    ['an unknown service', ['ЛС1', '2023-05', 'gas', '1'], 'SERVICE_NOT_FOUND'],
    ['a zero amount', ['ЛС1', '2023-05', 'heating', '0'], 'OPENING_BALANCE_AMOUNT_INVALID'],
    ['a negative amount (a credit)', ['ЛС1', '2023-05', 'heating', '-1'], 'OPENING_BALANCE_AMOUNT_INVALID'],
    ['an unknown kind', ['ЛС1', '2023-05', 'heating', '1', 'fine'], 'OPENING_BALANCE_KIND_INVALID'],
  ])('rejects %s', (_name, fields, code) => {
    const r = parseOpeningBalanceLine({ line: 4, fields }, SERVICES);
    expect(r).toBeInstanceOf(DomainError);
    expect((r as DomainError).code).toBe(code);
  });
});
