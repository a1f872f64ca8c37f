import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { RequestAudit } from 'src/common/audit/audit.interceptor';
import { auditInsert } from 'src/common/audit/audit.service';
import { Principal } from 'src/common/auth/roles';
import { BadInputError, NotFoundError } from 'src/common/errors/domain-error';
import { Page, pageOf } from 'src/common/http/pagination';
import { APP_CONFIG, AppConfig } from 'src/config/configuration';
import { dec, moneyString } from 'src/shared/money';
import { todayIn } from 'src/shared/period';
import { AllocationService } from './allocation.service';
import {
  AccountPaymentsQuery,
  CreatePaymentDto,
  PaymentResponseDto,
  ReversePaymentDto,
  toPaymentResponse,
} from './dto/payment.dto';
import {
  IdempotencyService,
  IdempotentRequest,
  requireIdempotencyKey,
  sha256Of,
  storeStatement,
  StoredAnswer,
} from './idempotency/idempotency.service';
import { PaymentAlreadyReversedError, PaymentErrorCode, PaymentIsReversalError } from './payments.errors';
import { INSERT_PAYMENT, insertedPayment, insertParams, PaymentsRepository } from './payments.repository';

const CREATE_SCOPE = 'POST /api/v1/payments';

/**
 * Payments: recording (idempotent by the Idempotency-Key header), reversal, reading. Every write
 * locks the account row first, so concurrent payments of one account allocate one after the other.
 */
@Injectable()
export class PaymentsService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: PaymentsRepository,
    private readonly allocation: AllocationService,
    private readonly idempotency: IdempotencyService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Today in the billing time zone: no payment is dated later. */
  today(): string {
    return todayIn(this.config.billing.timezone);
  }

  /**
   * Records a payment and its allocation; the same key and body answer the first answer again. In
   * one transaction of four round trips: BEGIN; the key's lock, the account's lock and the lookup;
   * the payment's insert with the figures of its allocation; the allocation rows, the answer's
   * idempotency record and (with `audit`, the request's) the audit entry; COMMIT. The answer is built
   * from what the insert returned and the rows planned, exactly as they are stored.
   */
  async create(
    dto: CreatePaymentDto,
    keyHeader: string | undefined,
    by: Principal,
    audit?: RequestAudit,
  ): Promise<StoredAnswer<PaymentResponseDto>> {
    const key = requireIdempotencyKey(keyHeader);
    if (dto.paidOn > this.today()) {
      throw new BadInputError(PaymentErrorCode.DateInFuture, 'paidOn must not be in the future', 'paidOn');
    }
    const amount = moneyString(dec(dto.amount));
    const request: IdempotentRequest = {
      scope: CREATE_SCOPE,
      principal: `${by.kind}:${by.id}`,
      key,
      requestSha256: sha256Of([
        dto.accountId,
        amount,
        dto.paidOn,
        dto.channel,
        dto.period ?? null,
        dto.externalId ?? null,
      ]),
    };
    const answer = await this.db.transaction(async (m) => {
      const claim = await this.idempotency.claimLockingAccount<PaymentResponseDto>(m, request, dto.accountId);
      if (claim.replay) return { ...claim.replay, audited: false };
      if (!claim.accountFound) throw new NotFoundError('account', dto.accountId);
      return { ...(await this.record(m, dto, amount, by, request, audit)), audited: audit !== undefined };
    });
    // The entry was committed with the payment; a replay is audited by the interceptor as usual.
    if (answer.audited) audit!.written();
    return { status: answer.status, body: answer.body };
  }

  /**
   * Inserts the payment (its account locked by the caller), then writes its allocation rows, its
   * idempotency record and its audit entry with one statement. Returns the answer as stored.
   */
  private async record(
    m: EntityManager,
    dto: CreatePaymentDto,
    amount: string,
    by: Principal,
    request: IdempotentRequest,
    audit: RequestAudit | undefined,
  ): Promise<StoredAnswer<PaymentResponseDto>> {
    const period = dto.period ?? null;
    const { inserted, rows } = await this.allocation.insertAndPlan(
      m,
      INSERT_PAYMENT,
      insertParams({
        accountId: dto.accountId,
        amount,
        paidOn: dto.paidOn,
        channel: dto.channel,
        period,
        externalId: dto.externalId ?? null,
        bankPaymentId: null,
        registryId: null,
        reversesPaymentId: null,
        reason: null,
        createdBy: by.name,
      }),
      { accountId: dto.accountId, amount, period, paidOn: dto.paidOn },
    );
    const { payment, rowsCreatedAt } = insertedPayment(inserted);
    // The answer's rows: this payment's, in the order written (rows of earlier advances applied
    // first belong to other payments), stamped with the transaction's time as the table stamps them.
    const body = toPaymentResponse(
      payment,
      rows.map((r) => ({
        paymentId: r.paymentId,
        period: r.period,
        serviceCode: r.serviceCode,
        kind: r.kind,
        amount: r.amount,
        createdAt: rowsCreatedAt,
      })),
    );
    let stored: StoredAnswer<PaymentResponseDto> | undefined;
    await this.allocation.insertWith(m, rows, [
      (first) => {
        const store = storeStatement(request, { status: 201, body }, first);
        stored = store.answer;
        return store;
      },
      ...(audit ? [(first: number) => auditInsert(audit.successEntry(body), first)] : []),
    ]);
    return stored!;
  }

  /**
   * Reverses a payment: a negative payment dated today, linked to the original, whose allocation is
   * the exact negative of the original's rows. The original is never changed or deleted. Debt that
   * opens again is covered by any outstanding advance of the account.
   */
  async reverse(id: string, dto: ReversePaymentDto, by: Principal): Promise<PaymentResponseDto> {
    return this.db.transaction(async (m) => {
      const original = await this.repo.find(m, id);
      if (!original) throw new NotFoundError('payment', id);
      if (original.reversesPaymentId !== null) throw new PaymentIsReversalError(id);
      await this.allocation.lockAccounts(m, [original.accountId]);
      const again = await this.repo.find(m, id);
      if (again?.reversedByPaymentId) throw new PaymentAlreadyReversedError(id, again.reversedByPaymentId);
      const reversalId = await this.repo.insert(m, {
        ...original,
        amount: moneyString(dec(original.amount).neg()),
        paidOn: this.today(),
        externalId: null,
        bankPaymentId: null,
        registryId: null,
        reversesPaymentId: id,
        reason: dto.reason,
        createdBy: by.name,
      });
      await this.allocation.reverse(m, id, reversalId, original.accountId);
      await this.allocation.settle(m, [original.accountId]);
      return this.load(m, reversalId);
    });
  }

  async get(id: string): Promise<PaymentResponseDto> {
    return this.load(this.db.manager, id);
  }

  /** Payments of an account with their allocation rows, in id order. */
  async listByAccount(accountId: string, q: AccountPaymentsQuery): Promise<Page<PaymentResponseDto>> {
    const m = this.db.manager;
    if (!(await this.repo.accountExists(m, accountId))) throw new NotFoundError('account', accountId);
    const limit = q.limit ?? 100;
    const payments = await this.repo.listByAccount(m, accountId, q.after ?? null, limit + 1);
    const allocations = await this.allocation.ofPayments(
      m,
      payments.map((p) => p.id),
    );
    return pageOf(
      payments.map((p) => toPaymentResponse(p, allocations)),
      limit,
    );
  }

  private async load(m: EntityManager, id: string): Promise<PaymentResponseDto> {
    const found = await this.repo.findWithAllocations(m, id);
    if (!found) throw new NotFoundError('payment', id);
    return toPaymentResponse(found.payment, found.allocations);
  }
}
