import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Principal } from 'src/common/auth/roles';
import { BadInputError, NotFoundError } from 'src/common/errors/domain-error';
import { buildCsv } from 'src/shared/csv';
import { dec } from 'src/shared/money';
import { AllocationService } from './allocation.service';
import {
  decodeRegistryBytes,
  parseRegistryLine,
  RegistryFile,
  RegistryPayment,
  splitRegistryFile,
} from './domain/registry-file.rules';
import {
  chunkByAccount,
  compareIds,
  outcome,
  rejected,
  ResolvedLine,
  summarise,
} from './domain/registry-result.build';
import { PaymentChannel } from './dto/payment.dto';
import { PaymentRegistryResponseDto, RegistryLineResultDto } from './dto/payment-registry.dto';
import { PaymentErrorCode as E } from './payments.errors';
import { PaymentRegistriesRepository } from './payment-registries.repository';
import { PaymentsRepository } from './payments.repository';
import { PaymentsService } from './payments.service';

/** Registry lines per transaction (an account's lines are never split): bounds lock time. */
export const REGISTRY_CHUNK_LINES = 500;

type Resolved = ResolvedLine;
type Results = Map<number, RegistryLineResultDto>;

/**
 * Bank payment registries. Each line is idempotent by its bank payment id: posted once; the same
 * id with the same account and amount again is "unchanged"; with another account or amount it is
 * rejected (DUPLICATE_PAYMENT_ID_CONFLICT). Bad lines are rejected with their reason while the good
 * ones post, in transactions of up to REGISTRY_CHUNK_LINES lines, accounts locked in id order.
 */
@Injectable()
export class PaymentRegistriesService {
  chunkLines = REGISTRY_CHUNK_LINES;

  constructor(
    private readonly db: DataSource,
    private readonly registries: PaymentRegistriesRepository,
    private readonly payments: PaymentsRepository,
    private readonly paymentsService: PaymentsService,
    private readonly allocation: AllocationService,
  ) {}

  async import(
    body: unknown,
    rawBody: unknown,
    fileName: string | null,
    by: Principal,
  ): Promise<PaymentRegistryResponseDto> {
    const bytes = bytesOf(body, rawBody);
    const { text, encoding } = decodeRegistryBytes(bytes);
    const file = splitRegistryFile(text);
    const results: Results = new Map();
    const good = file.lines.flatMap((raw) => {
      const parsed = parseRegistryLine(raw, this.paymentsService.today());
      if ('code' in parsed) results.set(raw.line, rejected(raw, null, parsed));
      return 'code' in parsed ? [] : [parsed];
    });
    const resolved = await this.resolveAccounts(good, file, results);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const id = await this.registries.insert(this.db.manager, {
      fileName,
      sha256,
      encoding,
      createdBy: by.name,
    });
    await this.post(resolved, id, by.name, results);
    await this.compareStored(resolved, results);
    await this.registries.complete(this.db.manager, id, summarise(file, results));
    return this.get(id);
  }

  async get(id: string): Promise<PaymentRegistryResponseDto> {
    const found = await this.registries.find(this.db.manager, id);
    if (!found) throw new NotFoundError('payment_registry', id);
    return found;
  }

  /** The per-line report as CSV (UTF-8, ';', decimal point). */
  async reportCsv(id: string): Promise<string> {
    const r = await this.get(id);
    const head = [
      'line',
      'account',
      'period',
      'amount',
      'paid_on',
      'bank_payment_id',
      'status',
      'payment_id',
      'code',
      'message',
    ];
    return buildCsv([
      head,
      ...r.results.map((l) => [
        l.line,
        l.accountNumber,
        l.period,
        l.amount,
        l.paidOn,
        l.bankPaymentId,
        l.status,
        l.paymentId,
        l.code,
        l.message,
      ]),
    ]);
  }

  /** Account ids by number in one query; unknown numbers are rejected. */
  private async resolveAccounts(
    good: RegistryPayment[],
    file: RegistryFile,
    results: Results,
  ): Promise<Resolved[]> {
    const ids = await this.payments.accountsByNumber(this.db.manager, [
      ...new Set(good.map((g) => g.accountNumber)),
    ]);
    const rawOf = new Map(file.lines.map((l) => [l.line, l]));
    return good.flatMap((g) => {
      const accountId = ids.get(g.accountNumber);
      if (accountId) return [{ ...g, accountId }];
      const refusal = new BadInputError(E.AccountNotFound, `Account ${g.accountNumber} not found`, 'account');
      results.set(g.line, rejected(rawOf.get(g.line)!, null, refusal));
      return [];
    });
  }

  /** Inserts the first line of every bank payment id and allocates what was inserted now. */
  private async post(
    lines: Resolved[],
    registryId: string,
    createdBy: string,
    results: Results,
  ): Promise<void> {
    const seen = new Set<string>();
    const firsts = lines.filter((l) => !seen.has(l.bankPaymentId) && seen.add(l.bankPaymentId));
    firsts.sort(
      (a, b) => compareIds(a.accountId, b.accountId) || a.paidOn.localeCompare(b.paidOn) || a.line - b.line,
    );
    for (const chunk of chunkByAccount(firsts, this.chunkLines)) {
      await this.db.transaction(async (m) => {
        await this.allocation.lockAccounts(
          m,
          chunk.map((l) => l.accountId),
        );
        const inserted = await this.payments.insertBankPayments(
          m,
          chunk.map((l) => ({
            ...l,
            channel: PaymentChannel.Bank,
            externalId: null,
            registryId,
            reversesPaymentId: null,
            reason: null,
            createdBy,
          })),
        );
        const posted = chunk.filter((l) => inserted.has(l.bankPaymentId));
        await this.allocation.allocate(
          m,
          posted.map((l) => ({ ...l, paymentId: inserted.get(l.bankPaymentId)! })),
        );
        posted.forEach((l) => results.set(l.line, outcome(l, 'accepted', inserted.get(l.bankPaymentId)!)));
      });
    }
  }

  /** Lines not posted now meet the stored payment of their bank id: same account and amount, or a conflict. */
  private async compareStored(lines: Resolved[], results: Results): Promise<void> {
    const rest = lines.filter((l) => !results.has(l.line));
    const stored = await this.payments.findByBankIds(this.db.manager, [
      ...new Set(rest.map((l) => l.bankPaymentId)),
    ]);
    for (const l of rest) {
      const s = stored.get(l.bankPaymentId)!;
      if (s.accountId === l.accountId && dec(s.amount).eq(l.amount)) {
        results.set(l.line, outcome(l, 'unchanged', s.id));
        continue;
      }
      const refusal = new BadInputError(
        E.DuplicatePaymentIdConflict,
        `Bank payment id ${l.bankPaymentId} is already posted as payment ${s.id} of ${s.amount} to account ${s.accountId}`,
        'id',
        { paymentId: s.id },
      );
      results.set(l.line, { ...outcome(l, 'rejected', null), code: refusal.code, message: refusal.message });
    }
  }
}

function bytesOf(body: unknown, rawBody: unknown): Buffer {
  if (typeof body !== 'string' || body.trim() === '') {
    throw new BadInputError(
      E.RegistryNotText,
      'Send the registry file as the request body with Content-Type text/csv or text/plain',
      'body',
    );
  }
  return Buffer.isBuffer(rawBody) ? rawBody : Buffer.from(body, 'utf8');
}
