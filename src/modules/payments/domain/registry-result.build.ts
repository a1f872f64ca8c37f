import { moneyString, sum } from 'src/shared/money';
import type {
  PaymentRegistryResponseDto,
  RegistryLineResultDto,
  RegistryLineStatus,
} from '../dto/payment-registry.dto';
import type { LineRefusal } from '../payments.errors';
import {
  checkControl,
  parseRegistryAmount,
  RegistryFile,
  RegistryLineRaw,
  RegistryPayment,
} from './registry-file.rules';

/** A registry line matched to its account. */
export type ResolvedLine = RegistryPayment & { accountId: string };

/** The summary written when a registry's lines are done. */
export type RegistrySummary = Omit<
  PaymentRegistryResponseDto,
  'id' | 'fileName' | 'sha256' | 'encoding' | 'createdBy' | 'createdAt' | 'completedAt'
>;

/** Numeric id order for id strings (bigint ids never lose digits in a JS number). */
export function compareIds(a: string, b: string): number {
  return a.length - b.length || a.localeCompare(b);
}

/** Chunks of about `maxLines` lines that never split one account's lines (input sorted by account). */
export function chunkByAccount(lines: ResolvedLine[], maxLines: number): ResolvedLine[][] {
  const chunks: ResolvedLine[][] = [];
  let current: ResolvedLine[] = [];
  lines.forEach((l, i) => {
    const newAccount = i === 0 || lines[i - 1].accountId !== l.accountId;
    if (newAccount && current.length >= maxLines) {
      chunks.push(current);
      current = [];
    }
    current.push(l);
  });
  if (current.length) chunks.push(current);
  return chunks;
}

/** The result of a line that reached the database. */
export function outcome(
  l: ResolvedLine,
  status: RegistryLineStatus,
  paymentId: string | null,
): RegistryLineResultDto {
  const period = l.period ?? '';
  return {
    line: l.line,
    accountNumber: l.accountNumber,
    accountId: l.accountId,
    period,
    amount: l.amount,
    paidOn: l.paidOn,
    bankPaymentId: l.bankPaymentId,
    status,
    paymentId,
  };
}

/** The result of a refused line, its fields as written. */
export function rejected(
  raw: RegistryLineRaw,
  accountId: string | null,
  refusal: LineRefusal,
): RegistryLineResultDto {
  const [accountNumber = '', period = '', amount = '', paidOn = '', bankPaymentId = ''] = raw.fields;
  return {
    line: raw.line,
    accountNumber,
    accountId,
    period,
    amount,
    paidOn,
    bankPaymentId,
    status: 'rejected',
    paymentId: null,
    code: refusal.code,
    message: refusal.message,
  };
}

/** Counts, amounts and the control check of a processed file (results by line number). */
export function summarise(file: RegistryFile, results: Map<number, RegistryLineResultDto>): RegistrySummary {
  const lines = file.lines.map((l) => results.get(l.line)!);
  const control = checkControl(file);
  const amountOf = (status?: RegistryLineStatus) =>
    moneyString(
      sum(
        lines
          .filter((l) => !status || l.status === status)
          .flatMap((l) => {
            const a = parseRegistryAmount(l.amount);
            return a ? [a] : [];
          }),
      ),
    );
  const count = (status: RegistryLineStatus) => lines.filter((l) => l.status === status).length;
  return {
    lines: lines.length,
    accepted: count('accepted'),
    unchanged: count('unchanged'),
    rejected: count('rejected'),
    total: amountOf(),
    acceptedAmount: amountOf('accepted'),
    unchangedAmount: amountOf('unchanged'),
    rejectedAmount: amountOf('rejected'),
    controlLines: control.lines,
    controlTotal: control.total,
    controlOk: control.ok,
    controlMessage: control.message,
    results: lines,
  };
}
