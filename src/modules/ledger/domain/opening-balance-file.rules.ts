import { BadInputError, DomainError } from 'src/common/errors/domain-error';
import { moneyString } from 'src/shared/money';
import { parseRegistryAmount, parseRegistryPeriod } from 'src/modules/payments/domain/registry-file.rules';
import { LedgerErrorCode as E } from '../ledger.errors';

/**
 * Opening balances file (docs/payment-registry-format.md, "Opening balances"): UTF-8 or
 * Windows-1251 text, ';'-separated, a header line, then one debt per line
 * `account number;period (YYYY-MM or MMYYYY);service code;amount;kind (principal|penalty, empty = principal)`.
 */
export interface OpeningBalanceLine {
  line: number;
  accountNumber: string;
  period: string;
  serviceCode: string;
  /** Roubles, 2 decimals, > 0. */
  amount: string;
  kind: 'principal' | 'penalty';
}

export interface RawLine {
  line: number;
  fields: string[];
}

/** Data lines with their physical numbers (the header, line 1, and empty lines are skipped). */
export function splitOpeningBalancesFile(text: string): RawLine[] {
  const all = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((t, i) => ({ line: i + 1, fields: t.split(';').map((f) => f.trim().replace(/^"(.*)"$/, '$1')) }))
    .filter((l) => l.fields.some((f) => f !== ''));
  if (all.length === 0) throw new BadInputError(E.ImportEmpty, 'The file is empty', 'body');
  if (parseRegistryAmount(all[0].fields[3] ?? '') !== null) {
    throw new BadInputError(
      E.HeaderInvalid,
      'The first line must be the header (account;period;service;amount;kind), not a balance',
      'body',
    );
  }
  return all.slice(1);
}

/** Checks one line (the service code against the catalogue); returns the balance or the refusal. */
export function parseOpeningBalanceLine(
  raw: RawLine,
  services: ReadonlySet<string>,
): OpeningBalanceLine | DomainError {
  const [accountNumber = '', periodText = '', serviceCode = '', amountText = '', kindText = ''] = raw.fields;
  if (raw.fields.length < 4) {
    return refuse(E.LineInvalid, 'A line needs account;period;service;amount[;kind]');
  }
  if (!accountNumber) return refuse(E.AccountNotFound, 'The account number is empty', 'account');
  const period = parseRegistryPeriod(periodText);
  if (!period) return refuse(E.PeriodInvalid, `Period "${periodText}" is not YYYY-MM or MMYYYY`, 'period');
  if (!services.has(serviceCode))
    return refuse(E.ServiceNotFound, `Service "${serviceCode}" is unknown`, 'service');
  const amount = parseRegistryAmount(amountText);
  if (amount === null || amount.lte(0)) {
    return refuse(E.AmountInvalid, `Amount "${amountText}" is not a positive sum such as 1234.56`, 'amount');
  }
  const kind = kindText === '' ? 'principal' : kindText.toLowerCase();
  if (kind !== 'principal' && kind !== 'penalty') {
    return refuse(E.KindInvalid, `Kind "${kindText}" is not principal or penalty`, 'kind');
  }
  return { line: raw.line, accountNumber, period, serviceCode, amount: moneyString(amount), kind };
}

function refuse(code: E, message: string, field?: string): DomainError {
  return new BadInputError(code, message, field);
}
