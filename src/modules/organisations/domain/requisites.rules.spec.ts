import {
  bankRequisiteProblems,
  innCheckDigit,
  isValidAccountNumber,
  isValidBic,
  isValidCorrespondentAccount,
  isValidInn,
  isValidKpp,
  isValidSettlementAccount,
} from './requisites.rules';

/** Builds a 12-digit INN from 10 digits by computing both check digits (weights from the FNS order). */
function inn12From(first10: string): string {
  const d = [...first10].map(Number);
  const c11 = innCheckDigit({ digits: d, weights: [7, 2, 4, 10, 3, 5, 9, 4, 6, 8] });
  const c12 = innCheckDigit({ digits: [...d, c11], weights: [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8] });
  return `${first10}${c11}${c12}`;
}

/** Replaces the digit at `index` with (digit + 1) mod 10. */
function bump(value: string, index: number): string {
  return value.slice(0, index) + String((Number(value[index]) + 1) % 10) + value.slice(index + 1);
}

const SBER = { bic: '044525225', corr: '30101810400000000225', settlement: '40702810938000000001' };
const VTB = { bic: '044525187', corr: '30101810700000000187', settlement: '40702810000000000002' };
/** Sberbank's St Petersburg branch: another Bank of Russia division (BIC digits 5–6 = "03"). */
const SPB = { bic: '044030653', corr: '30101810500000000653' };

describe('innCheckDigit', () => {
  it('computes the 12-digit check digits of 5001234567 as 5 and 0', () => {
    expect(inn12From('5001234567')).toBe('500123456750');
  });
});

describe('isValidInn', () => {
  it.each([
    ['Sberbank (10 digits)', '7707083893', true],
    ['Sberbank with the check digit changed', '7707083894', false],
    ['VTB (10 digits)', '7702070139', true],
    ['12 digits, check digits computed', inn12From('5001234567'), true],
    ['public 12-digit example', '500100732259', true],
    ['12 digits, 11th digit wrong', bump('500123456750', 10), false],
    ['12 digits, 12th digit wrong', bump('500123456750', 11), false],
    ['11 digits', '77070838931', false],
    ['9 digits', '770708389', false],
    ['letters', '77070838AB', false],
    ['empty', '', false],
  ])('%s: %s → %s', (_name, inn, valid) => {
    expect(isValidInn(inn)).toBe(valid);
  });
});

describe('isValidKpp', () => {
  it.each([
    ['digits only', '773601001', true],
    ['letters in the reason code', '7736AB001', true],
    ['lower-case letters', '7736ab001', false],
    ['letter in the tax office code', '77A601001', false],
    ['letter in the serial', '77360100A', false],
    ['8 characters', '77360100', false],
    ['10 characters', '7736010011', false],
  ])('%s: %s → %s', (_name, kpp, valid) => {
    expect(isValidKpp(kpp)).toBe(valid);
  });
});

describe('isValidBic / isValidAccountNumber', () => {
  it.each([
    ['044525225', true],
    ['04452522', false],
    ['0445252250', false],
    ['04452522A', false],
  ])('BIC %s → %s', (bic, valid) => {
    expect(isValidBic(bic)).toBe(valid);
  });

  it.each([
    ['40702810938000000001', true],
    ['4070281093800000000', false],
    ['407028109380000000011', false],
    ['4070281093800000000X', false],
  ])('account %s → %s', (account, valid) => {
    expect(isValidAccountNumber(account)).toBe(valid);
  });
});

describe('account control keys against the BIC', () => {
  it.each([
    ['Sberbank correspondent account', SBER.bic, SBER.corr, true],
    ['VTB correspondent account', VTB.bic, VTB.corr, true],
    ['Sberbank corr. account with the key digit changed', SBER.bic, bump(SBER.corr, 8), false],
    ['Sberbank corr. account with another digit changed', SBER.bic, bump(SBER.corr, 19), false],
    ['St Petersburg correspondent account', SPB.bic, SPB.corr, true],
    ['Moscow corr. account under a St Petersburg BIC', SPB.bic, SBER.corr, false],
    // The corr. key depends on the Bank of Russia division only: two Moscow banks share it.
    ["VTB corr. account under Sberbank's BIC (same division)", SBER.bic, VTB.corr, true],
  ])('%s', (_name, bic, account, valid) => {
    expect(isValidCorrespondentAccount({ bic, account })).toBe(valid);
  });

  it.each([
    ['Sberbank settlement account', SBER.bic, SBER.settlement, true],
    ['VTB settlement account', VTB.bic, VTB.settlement, true],
    ['key digit changed', SBER.bic, bump(SBER.settlement, 8), false],
    ['last digit changed', SBER.bic, bump(SBER.settlement, 19), false],
    ["VTB account under Sberbank's BIC", SBER.bic, VTB.settlement, false],
    ['19 digits', SBER.bic, SBER.settlement.slice(1), false],
    ['malformed BIC', '04452522', SBER.settlement, false],
  ])('%s', (_name, bic, account, valid) => {
    expect(isValidSettlementAccount({ bic, account })).toBe(valid);
  });
});

describe('bankRequisiteProblems', () => {
  it.each([
    [
      'all consistent',
      { bic: SBER.bic, correspondentAccount: SBER.corr, settlementAccount: SBER.settlement },
      [],
    ],
    [
      'bank changed to St Petersburg, accounts kept',
      { bic: SPB.bic, correspondentAccount: SBER.corr, settlementAccount: SBER.settlement },
      ['correspondentAccount', 'settlementAccount'],
    ],
    [
      'wrong settlement account only',
      { bic: SBER.bic, correspondentAccount: SBER.corr, settlementAccount: VTB.settlement },
      ['settlementAccount'],
    ],
    [
      'malformed BIC',
      { bic: '12345', correspondentAccount: SBER.corr, settlementAccount: SBER.settlement },
      ['bic'],
    ],
  ])('%s', (_name, requisites, problems) => {
    expect(bankRequisiteProblems(requisites)).toEqual(problems);
  });
});
