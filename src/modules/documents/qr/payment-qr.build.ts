import { dec, isDecimalLiteral } from 'src/shared/money';
import { documentError, DocumentErrorCode as E } from '../documents.errors';

/**
 * Payment QR code payloads per GOST R 56042-2014 ("Стандарты финансовых операций. Двумерные
 * символы штрихового кода для осуществления платежей физических лиц"): a service block
 * (`ST` + version `0001` + character set digit + separator), the mandatory block in fixed order
 * Name, PersonalAcc, BankName, BIC, CorrespAcc (≤ 300 bytes), then additional and other fields as
 * `Name=value` pairs. This module only speaks UTF-8 (digit `2`): the payload is a JS string the QR
 * encoder writes as UTF-8 bytes.
 */
export const QR_HEADER = 'ST0001';
export const QR_UTF8 = '2';

/** Separators the standard allows in place of `|` when a value contains it (§5.2.1), in preference order. */
export const QR_SEPARATORS = [
  '|',
  '#',
  ';',
  ':',
  '^',
  '_',
  '~',
  '{',
  '}',
  '!',
  '$',
  '%',
  '&',
  '(',
  ')',
  '*',
  '+',
  ',',
  '/',
  '@',
];

export const QR_MANDATORY_MAX_BYTES = 300;

/** What goes into one payee's QR code. Amounts in roubles (decimal strings); periods YYYY-MM. */
export interface PaymentQrInput {
  /** Payee name, ≤ 160 characters. */
  name: string;
  /** Payee's settlement account, 20 characters. */
  personalAcc: string;
  /** Payee's bank, ≤ 45 characters. */
  bankName: string;
  /** 9 digits. */
  bic: string;
  /** Bank's correspondent account, 20 characters. */
  correspAcc: string;
  payeeInn?: string | null;
  kpp?: string | null;
  /** Roubles, ≥ 0, at most 2 decimals; written as kopecks. */
  sum?: string | null;
  /** The payer's account number at the payee (лицевой счёт). */
  persAcc?: string | null;
  /** Billing period YYYY-MM; written MMYYYY. */
  paymPeriod?: string | null;
  /** ≤ 160 characters. */
  purpose?: string | null;
  lastName?: string | null;
  payerAddress?: string | null;
  /** Two digits; `02` = housing and utilities. */
  techCode?: string | null;
}

export interface PaymentQrOptions {
  /**
   * `switch` (default): when a value contains `|`, take the first separator of QR_SEPARATORS that
   * occurs in no value, as the standard allows; `refuse`: refuse such values (QR_SEPARATOR_IN_VALUE).
   */
  separator?: 'switch' | 'refuse';
}

// 5 digits, then a digit or one of the letters the standard allows in the 6th position, then 14 digits.
const ACCOUNT_20 = /^\d{5}[\dABCEHKMPTX]\d{14}$/;

interface FieldRule {
  key: string;
  check: (v: string) => boolean;
  rule: string;
}

const maxLen = (n: number) => (v: string) => v.length >= 1 && v.length <= n;

const MANDATORY: FieldRule[] = [
  { key: 'Name', check: maxLen(160), rule: '1–160 characters' },
  {
    key: 'PersonalAcc',
    check: (v) => ACCOUNT_20.test(v),
    rule: '20 characters: 5 digits, a digit or ABCEHKMPTX, 14 digits',
  },
  { key: 'BankName', check: maxLen(45), rule: '1–45 characters' },
  { key: 'BIC', check: (v) => /^\d{9}$/.test(v), rule: '9 digits' },
  {
    key: 'CorrespAcc',
    check: (v) => ACCOUNT_20.test(v),
    rule: '20 characters: 5 digits, a digit or ABCEHKMPTX, 14 digits',
  },
];

const RULES: Record<string, FieldRule> = Object.fromEntries(
  [
    ...MANDATORY,
    { key: 'PayeeINN', check: (v: string) => /^(\d{10}|\d{12})$/.test(v), rule: '10 or 12 digits' },
    {
      key: 'KPP',
      check: (v: string) => /^\d{4}[\dA-Z]{2}\d{3}$/.test(v),
      rule: '9 characters: 4 digits, 2 digits or capitals, 3 digits',
    },
    { key: 'Sum', check: (v: string) => /^\d{1,18}$/.test(v), rule: 'kopecks, 1–18 digits' },
    { key: 'PersAcc', check: maxLen(30), rule: '1–30 characters' },
    { key: 'PaymPeriod', check: (v: string) => /^(0[1-9]|1[0-2])\d{4}$/.test(v), rule: 'MMYYYY' },
    { key: 'Purpose', check: maxLen(160), rule: '1–160 characters' },
    { key: 'LastName', check: maxLen(60), rule: '1–60 characters' },
    { key: 'PayerAddress', check: maxLen(200), rule: '1–200 characters' },
    { key: 'TechCode', check: (v: string) => /^\d{2}$/.test(v), rule: '2 digits' },
  ].map((r) => [r.key, r]),
);

/** Roubles (decimal string) → kopecks as an integer string: "5123.45" → "512345" (GOST: Sum in kopecks). */
export function rublesToKopecks(rubles: string): string {
  if (!isDecimalLiteral(rubles)) {
    throw documentError(E.QrSumInvalid, `Sum "${rubles}" is not a decimal amount`, { field: 'Sum' }, 'Sum');
  }
  const kopecks = dec(rubles).times(100);
  if (kopecks.isNegative() || !kopecks.isInteger() || kopecks.toFixed(0).length > 18) {
    throw documentError(
      E.QrSumInvalid,
      `Sum "${rubles}" must be ≥ 0 with whole kopecks and at most 18 digits`,
      { field: 'Sum', value: rubles },
      'Sum',
    );
  }
  return kopecks.toFixed(0);
}

/** YYYY-MM → MMYYYY (the PaymPeriod form real utility payloads use). */
export function paymPeriodOf(period: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (!m) throw invalid('PaymPeriod', period, 'a period YYYY-MM');
  return `${m[2]}${m[1]}`;
}

/** The fields in payload order: the mandatory five, then the additional and other fields that are set. */
export function paymentQrFields(input: PaymentQrInput): [string, string][] {
  const optional: [string, string | null | undefined][] = [
    ['PayeeINN', input.payeeInn],
    ['KPP', input.kpp],
    ['Sum', input.sum == null ? null : rublesToKopecks(input.sum)],
    ['PersAcc', input.persAcc],
    ['PaymPeriod', input.paymPeriod == null ? null : paymPeriodOf(input.paymPeriod)],
    ['Purpose', input.purpose],
    ['LastName', input.lastName],
    ['PayerAddress', input.payerAddress],
    ['TechCode', input.techCode],
  ];
  const fields: [string, string][] = [
    ['Name', input.name],
    ['PersonalAcc', input.personalAcc],
    ['BankName', input.bankName],
    ['BIC', input.bic],
    ['CorrespAcc', input.correspAcc],
    ...optional.filter((f): f is [string, string] => f[1] != null && f[1] !== ''),
  ];
  for (const [key, value] of fields) {
    // Control characters (line breaks) would break the payload for every reader.

    if (/[\u0000-\u001f\u007f]/.test(value)) throw invalid(key, value, 'no control characters');
    const rule = RULES[key];
    if (!rule.check(value)) throw invalid(key, value, rule.rule);
  }
  return fields;
}

/**
 * The payload of one payee's payment QR code (GOST R 56042-2014, UTF-8), e.g.
 * `ST00012|Name=…|PersonalAcc=…|BankName=…|BIC=…|CorrespAcc=…|PayeeINN=…|Sum=512345|…|TechCode=02`.
 * No trailing separator (parsers accept both). Refuses bad values with QR_FIELD_INVALID, QR_SUM_INVALID,
 * QR_SEPARATOR_IN_VALUE and QR_MANDATORY_BLOCK_TOO_LONG.
 */
export function buildPaymentQr(input: PaymentQrInput, options: PaymentQrOptions = {}): string {
  const fields = paymentQrFields(input);
  const separator = chooseSeparator(fields, options.separator ?? 'switch');
  const pairs = fields.map(([k, v]) => `${k}=${v}`);
  const mandatory = pairs.slice(0, MANDATORY.length).join(separator);
  const bytes = Buffer.byteLength(mandatory, 'utf8');
  if (bytes > QR_MANDATORY_MAX_BYTES) {
    throw documentError(
      E.QrMandatoryTooLong,
      `The mandatory block is ${bytes} bytes; GOST R 56042-2014 allows ${QR_MANDATORY_MAX_BYTES}`,
      { bytes, limit: QR_MANDATORY_MAX_BYTES },
    );
  }
  return `${QR_HEADER}${QR_UTF8}${separator}${pairs.join(separator)}`;
}

function chooseSeparator(fields: [string, string][], mode: 'switch' | 'refuse'): string {
  const clash = (sep: string) => fields.find(([k, v]) => k.includes(sep) || v.includes(sep));
  const first = clash('|');
  if (!first) return '|';
  if (mode === 'switch') {
    const free = QR_SEPARATORS.find((s) => !clash(s));
    if (free) return free;
  }
  throw documentError(
    E.QrSeparatorInValue,
    `${first[0]} contains the separator "|"${mode === 'switch' ? ' and no other allowed separator is free' : ''}`,
    { field: first[0] },
    first[0],
  );
}

function invalid(field: string, value: string, rule: string) {
  return documentError(
    E.QrFieldInvalid,
    `${field} must be ${rule}`,
    { field, value: value.length > 60 ? `${value.slice(0, 60)}…` : value },
    field,
  );
}
