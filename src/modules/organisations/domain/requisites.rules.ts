/**
 * Pure checks of Russian bank and tax requisites. No I/O, no Nest: used by the DTO decorators and
 * by the service when a partial update changes only some of the linked fields.
 */

const INN10_WEIGHTS = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN12_WEIGHTS_11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN12_WEIGHTS_12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const ACCOUNT_KEY_WEIGHTS = [7, 1, 3];

function digitsOf(value: string): number[] {
  return [...value].map(Number);
}

/**
 * Check digit of a taxpayer number: weighted sum of the preceding digits, (sum mod 11) mod 10
 * (FNS order of 29.06.2012 N ММВ-7-6/435@, the INN structure).
 */
export function innCheckDigit(params: { digits: number[]; weights: number[] }): number {
  const sum = params.weights.reduce((acc, w, i) => acc + w * params.digits[i], 0);
  return (sum % 11) % 10;
}

/**
 * INN (ИНН): 10 digits for an organisation with one check digit, or 12 digits for an individual
 * (entrepreneur) with two check digits.
 */
export function isValidInn(value: string): boolean {
  if (/^\d{10}$/.test(value)) {
    const d = digitsOf(value);
    return innCheckDigit({ digits: d, weights: INN10_WEIGHTS }) === d[9];
  }
  if (/^\d{12}$/.test(value)) {
    const d = digitsOf(value);
    return (
      innCheckDigit({ digits: d, weights: INN12_WEIGHTS_11 }) === d[10] &&
      innCheckDigit({ digits: d, weights: INN12_WEIGHTS_12 }) === d[11]
    );
  }
  return false;
}

/**
 * KPP (КПП): 4 digits (tax office code), 2 digits or capital Latin letters (reason code), 3 digits
 * (serial number).
 */
export function isValidKpp(value: string): boolean {
  return /^\d{4}[\dA-Z]{2}\d{3}$/.test(value);
}

/** BIC (БИК) of a Bank of Russia participant: 9 digits. */
export function isValidBic(value: string): boolean {
  return /^\d{9}$/.test(value);
}

/** A bank account number (settlement or correspondent): 20 digits. */
export function isValidAccountNumber(value: string): boolean {
  return /^\d{20}$/.test(value);
}

/**
 * Control key of a 20-digit account (Bank of Russia "Порядок расчета контрольного ключа в номере
 * лицевого счета", 08.09.1997 N 515): the 3-digit prefix followed by the account, weights 7,1,3
 * repeating; the sum of the products must end in 0.
 */
export function hasValidAccountKey(params: { prefix: string; account: string }): boolean {
  const all = digitsOf(params.prefix + params.account);
  const sum = all.reduce((acc, d, i) => acc + d * ACCOUNT_KEY_WEIGHTS[i % 3], 0);
  return sum % 10 === 0;
}

/** Settlement account (расчётный счёт) keyed by the last three digits of the bank's BIC. */
export function isValidSettlementAccount(params: { bic: string; account: string }): boolean {
  if (!isValidBic(params.bic) || !isValidAccountNumber(params.account)) return false;
  return hasValidAccountKey({ prefix: params.bic.slice(6, 9), account: params.account });
}

/**
 * Correspondent account (корр. счёт) keyed by '0' and BIC digits 5–6 (the Bank of Russia branch
 * that keeps the account).
 */
export function isValidCorrespondentAccount(params: { bic: string; account: string }): boolean {
  if (!isValidBic(params.bic) || !isValidAccountNumber(params.account)) return false;
  return hasValidAccountKey({ prefix: `0${params.bic.slice(4, 6)}`, account: params.account });
}

export interface BankRequisites {
  bic: string;
  correspondentAccount: string;
  settlementAccount: string;
}

/**
 * Names of the fields whose account key does not match the BIC (empty when all is well); the BIC
 * itself is reported when malformed, since no key can then be checked.
 */
export function bankRequisiteProblems(r: BankRequisites): (keyof BankRequisites)[] {
  if (!isValidBic(r.bic)) return ['bic'];
  const problems: (keyof BankRequisites)[] = [];
  if (!isValidCorrespondentAccount({ bic: r.bic, account: r.correspondentAccount })) {
    problems.push('correspondentAccount');
  }
  if (!isValidSettlementAccount({ bic: r.bic, account: r.settlementAccount }))
    problems.push('settlementAccount');
  return problems;
}
