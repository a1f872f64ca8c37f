import { documentError, DocumentErrorCode as E } from '../documents.errors';
import { QR_HEADER } from './payment-qr.build';

/** A payment QR payload read back: fields by their canonical names (as spelt in the standard). */
export interface ParsedPaymentQr {
  /** `1` windows-1251, `2` UTF-8, `3` KOI8-R (the text given is already decoded). */
  charset: '1' | '2' | '3';
  separator: string;
  /** Every field, canonical name → value; unknown names keep their own spelling. */
  fields: Record<string, string>;
  name: string | null;
  payeeInn: string | null;
  /** The payer's account number (PersAcc). */
  persAcc: string | null;
  /** Roubles with 2 decimals from Sum (kopecks), or null. */
  sum: string | null;
  /** PaymPeriod as written (MMYYYY, MM.YYYY or MYYYY in the wild). */
  paymPeriod: string | null;
}

// Canonical spellings of the standard's fields; payloads arrive in any case (persAcc, PERSACC …).
const CANONICAL = [
  'Name',
  'PersonalAcc',
  'BankName',
  'BIC',
  'CorrespAcc',
  'Sum',
  'Purpose',
  'PayeeINN',
  'PayerINN',
  'DrawerStatus',
  'KPP',
  'CBC',
  'OKTMO',
  'PaytReason',
  'TaxPeriod',
  'DocNo',
  'DocDate',
  'TaxPaytKind',
  'LastName',
  'FirstName',
  'MiddleName',
  'PayerAddress',
  'PersonalAccount',
  'DocIdx',
  'PensAcc',
  'Contract',
  'PersAcc',
  'Flat',
  'Phone',
  'PayerIdType',
  'PayerIdNum',
  'ChildFio',
  'BirthDate',
  'PaymTerm',
  'PaymPeriod',
  'Category',
  'ServiceName',
  'CounterId',
  'CounterVal',
  'QuittId',
  'QuittDate',
  'InstNum',
  'ClassNum',
  'SpecFio',
  'AddAmount',
  'RuleId',
  'ExecId',
  'RegType',
  'UIN',
  'TechCode',
];
const BY_LOWER = new Map(CANONICAL.map((n) => [n.toLowerCase(), n]));

/**
 * Reads a GOST R 56042-2014 payload (for matching bank payments to accounts): the separator is the
 * character after the 7-character service block; field names are matched case-insensitively; a
 * trailing separator and empty segments are ignored; a value may contain `=` (split at the first).
 * Refuses text without the `ST0001` header or without fields (QR_PAYLOAD_INVALID).
 */
export function parsePaymentQr(payload: string): ParsedPaymentQr {
  const text = payload.replace(/^\uFEFF/, '').replace(/[\r\n]+$/, '');
  const charset = text.charAt(6);
  if (!text.startsWith(QR_HEADER) || !['1', '2', '3'].includes(charset) || text.length < 9) {
    throw documentError(
      E.QrPayloadInvalid,
      'Not a GOST R 56042 payload: expected ST0001 + charset digit + separator',
    );
  }
  const separator = text.charAt(7);
  const fields: Record<string, string> = {};
  for (const segment of text.slice(8).split(separator)) {
    if (segment === '') continue;
    const eq = segment.indexOf('=');
    if (eq <= 0) throw documentError(E.QrPayloadInvalid, `Segment "${segment}" is not Name=value`);
    const raw = segment.slice(0, eq).trim();
    fields[BY_LOWER.get(raw.toLowerCase()) ?? raw] = segment.slice(eq + 1);
  }
  if (Object.keys(fields).length === 0) throw documentError(E.QrPayloadInvalid, 'The payload has no fields');
  const sum = fields.Sum;
  if (sum !== undefined && !/^\d{1,18}$/.test(sum)) {
    throw documentError(E.QrPayloadInvalid, `Sum "${sum}" is not a whole number of kopecks`);
  }
  return {
    charset: charset as ParsedPaymentQr['charset'],
    separator,
    fields,
    name: fields.Name ?? null,
    payeeInn: fields.PayeeINN ?? null,
    persAcc: fields.PersAcc ?? null,
    sum: sum === undefined ? null : kopecksToRubles(sum),
    paymPeriod: fields.PaymPeriod ?? null,
  };
}

/** "512345" → "5123.45" (string arithmetic: no float near money). */
export function kopecksToRubles(kopecks: string): string {
  const digits = kopecks.replace(/^0+(?=\d)/, '').padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}
