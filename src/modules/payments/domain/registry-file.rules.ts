import { BadInputError } from 'src/common/errors/domain-error';
import { dec, Dec, moneyString, sum } from 'src/shared/money';
import { isCalendarDate, isPeriod } from 'src/shared/period';
import { LineRefusal, PaymentErrorCode as E } from '../payments.errors';

/**
 * Bank payment registry files (docs/payment-registry-format.md): UTF-8 or Windows-1251 text,
 * ';'-separated, a header line, one payment per line
 * `account number;period (MMYYYY or YYYY-MM, may be empty);amount;date (DD.MM.YYYY or YYYY-MM-DD);bank payment id`,
 * and a final control line `=;<line count>;<total amount>`. Extra columns (payer name, address)
 * are ignored and never stored.
 */
export type RegistryEncoding = 'utf-8' | 'windows-1251';

/** A data line as written, with its physical line number (the header is line 1). */
export interface RegistryLineRaw {
  line: number;
  fields: string[];
}

export interface RegistryFile {
  lines: RegistryLineRaw[];
  /** The control line's fields, or null when the file has none. */
  control: { line: number; fields: string[] } | null;
}

/** A data line that passed the format checks. */
export interface RegistryPayment {
  line: number;
  accountNumber: string;
  period: string | null;
  /** Roubles, 2 decimals. */
  amount: string;
  paidOn: string;
  bankPaymentId: string;
}

export interface ControlCheck {
  lines: number | null;
  total: string | null;
  ok: boolean;
  /** Why the check failed; null when it passed. */
  message: string | null;
}

const AMOUNT = /^\d{1,12}([.,]\d{1,2})?$/;
const MAX_ID_LENGTH = 64;

/** Decodes the bytes as UTF-8 when they are valid UTF-8 (a BOM is dropped), else as Windows-1251. */
export function decodeRegistryBytes(bytes: Uint8Array): { text: string; encoding: RegistryEncoding } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1251').decode(bytes), encoding: 'windows-1251' };
  }
}

/** Splits a field list: ';' separated, trimmed, surrounding double quotes removed. */
function fieldsOf(text: string): string[] {
  return text.split(';').map((f) => f.trim().replace(/^"(.*)"$/, '$1'));
}

/**
 * Splits the file into the header, data lines and the control line (the last non-empty line when
 * its first field is "="). Throws 400 when there is no data at all or the first line is a payment
 * rather than a header.
 */
export function splitRegistryFile(text: string): RegistryFile {
  const all = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((t, i) => ({ line: i + 1, text: t }))
    .filter((l) => l.text.trim() !== '');
  if (all.length === 0) throw new BadInputError(E.RegistryEmpty, 'The registry file is empty', 'body');
  const header = fieldsOf(all[0].text);
  if (header[0] === '=' || AMOUNT.test(header[2] ?? '')) {
    throw new BadInputError(
      E.RegistryHeaderInvalid,
      'The first line must be the header (account;period;amount;date;payment id), not a payment',
      'body',
    );
  }
  const rows = all.slice(1).map((l) => ({ line: l.line, fields: fieldsOf(l.text) }));
  const last = rows[rows.length - 1];
  const control = last && last.fields[0] === '=' ? last : null;
  return { lines: control ? rows.slice(0, -1) : rows, control };
}

/** Checks one data line; returns the payment or the refusal with its reason. */
export function parseRegistryLine(raw: RegistryLineRaw, today: string): RegistryPayment | LineRefusal {
  const [accountNumber = '', period = '', amount = '', date = '', bankPaymentId = ''] = raw.fields;
  if (raw.fields.length < 5 || accountNumber === '=') {
    return lineError(E.LineInvalid, 'A payment line needs 5 fields: account;period;amount;date;payment id');
  }
  if (!accountNumber) return lineError(E.AccountNotFound, 'The account number is empty', 'account');
  const p = parseRegistryPeriod(period);
  if (p === undefined) {
    return lineError(E.PeriodInvalid, `Period "${period}" is not MMYYYY or YYYY-MM`, 'period');
  }
  const a = parseRegistryAmount(amount);
  if (a === null || a.lte(0)) {
    return lineError(E.AmountInvalid, `Amount "${amount}" is not a positive sum such as 1234.56`, 'amount');
  }
  const d = parseRegistryDate(date);
  if (d === null) return lineError(E.DateInvalid, `Date "${date}" is not DD.MM.YYYY or YYYY-MM-DD`, 'date');
  if (d > today) return lineError(E.DateInvalid, `Date ${d} is in the future`, 'date');
  if (!bankPaymentId || bankPaymentId.length > MAX_ID_LENGTH) {
    return lineError(
      E.BankPaymentIdInvalid,
      `The bank payment id must be 1–${MAX_ID_LENGTH} characters`,
      'id',
    );
  }
  return { line: raw.line, accountNumber, period: p, amount: moneyString(a), paidOn: d, bankPaymentId };
}

/** "032025" or "2025-03" → "2025-03"; empty → null (no period named); anything else → undefined. */
export function parseRegistryPeriod(value: string): string | null | undefined {
  if (value === '') return null;
  const mmyyyy = /^(\d{2})(\d{4})$/.exec(value);
  const period = mmyyyy ? `${mmyyyy[2]}-${mmyyyy[1]}` : value;
  return isPeriod(period) ? period : undefined;
}

/** "1234.56" or "1234,56" → the amount; null when it is not such a literal. */
export function parseRegistryAmount(value: string): Dec | null {
  return AMOUNT.test(value) ? dec(value.replace(',', '.')) : null;
}

/** "31.03.2025" or "2025-03-31" → "2025-03-31"; null when it is not a real calendar day. */
export function parseRegistryDate(value: string): string | null {
  const ru = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(value);
  const iso = ru ? `${ru[3]}-${ru[2]}-${ru[1]}` : value;
  return isCalendarDate(iso) ? iso : null;
}

/**
 * Compares the control line with the file: its count with the number of data lines (good and
 * bad), its total with the sum of every amount that could be read.
 */
export function checkControl(file: RegistryFile): ControlCheck {
  const amounts = file.lines.flatMap((l) => {
    const a = parseRegistryAmount(l.fields[2] ?? '');
    return a ? [a] : [];
  });
  const total = sum(amounts);
  if (!file.control) return { lines: null, total: null, ok: false, message: 'The file has no control line' };
  const [, countText = '', totalText = ''] = file.control.fields;
  const count = /^\d{1,9}$/.test(countText) ? Number(countText) : null;
  const control = parseRegistryAmount(totalText);
  if (count === null || control === null) {
    return {
      lines: count,
      total: control && moneyString(control),
      ok: false,
      message: 'The control line is unreadable',
    };
  }
  const problems = [
    ...(count !== file.lines.length ? [`${count} lines declared, ${file.lines.length} in the file`] : []),
    ...(!control.eq(total)
      ? [`total ${moneyString(control)} declared, ${moneyString(total)} in the file`]
      : []),
  ];
  return {
    lines: count,
    total: moneyString(control),
    ok: problems.length === 0,
    message: problems.length ? problems.join('; ') : null,
  };
}

function lineError(code: E, message: string, field?: string): LineRefusal {
  return new BadInputError(code, message, field);
}
