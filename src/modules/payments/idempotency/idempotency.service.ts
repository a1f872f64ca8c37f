import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BadInputError } from 'src/common/errors/domain-error';
import { IdempotencyKeyReusedError, PaymentErrorCode } from '../payments.errors';
import { prepared } from 'src/database/prepared';

/** An HTTP answer to give (and to give again for a repeated request). */
export interface StoredAnswer<T> {
  status: number;
  body: T;
}

export interface IdempotentRequest {
  /** What the key protects, e.g. "POST /api/v1/payments". */
  scope: string;
  /** The caller ("user:12", "api_key:3"): keys of different callers never meet. */
  principal: string;
  key: string;
  /** SHA-256 of the request's canonical form. */
  requestSha256: string;
}

const KEY = /^[\x21-\x7e]{1,200}$/;
/** First half of the advisory lock key: keeps these locks apart from other advisory locks. */
const LOCK_NAMESPACE = 0x1de9;

/** The Idempotency-Key header value, or 400 IDEMPOTENCY_KEY_REQUIRED when missing or malformed. */
export function requireIdempotencyKey(value: string | undefined): string {
  if (value === undefined || !KEY.test(value)) {
    throw new BadInputError(
      PaymentErrorCode.IdempotencyKeyRequired,
      'Send an Idempotency-Key header of 1–200 visible ASCII characters (e.g. a UUID)',
      'Idempotency-Key',
    );
  }
  return value;
}

export function sha256Of(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/**
 * Request idempotency (a guard against duplicate work; the database's unique keys stay the real
 * guard). Within the caller's transaction: a transaction-scoped advisory lock on the key serialises
 * concurrent requests with it; a stored record answers again with the same status and body, or
 * refuses another body with 422 IDEMPOTENCY_KEY_REUSED; otherwise the work runs and its answer is
 * stored in the same transaction, so the record exists exactly when the work was committed.
 * Refusals are not stored: a refused request may be corrected and sent again with its key.
 */
@Injectable()
export class IdempotencyService {
  async run<T>(
    m: EntityManager,
    req: IdempotentRequest,
    work: () => Promise<StoredAnswer<T>>,
  ): Promise<StoredAnswer<T>> {
    // Lock and lookup in one round trip (function `idempotency_claim`, migration 1764503000000): the
    // read runs after the lock is granted, with its own snapshot.
    const [found]: { request_sha256: string; status_code: number; response: T }[] = await m.query(
      `SELECT request_sha256, status_code, response FROM idempotency_claim($1, $2, $3, $4)`,
      [LOCK_NAMESPACE, req.scope, req.principal, req.key],
    );
    if (found) {
      if (found.request_sha256 !== req.requestSha256) throw new IdempotencyKeyReusedError(req.key);
      return { status: found.status_code, body: found.response };
    }
    return this.store(m, req, await work());
  }

  /**
   * The key's lock, the account row's lock (FOR UPDATE) and the lookup in one round trip (function
   * `idempotency_claim_locking_account`, migration 1764504000000), for work on one account that then
   * runs with both locks held. Gives the stored answer to answer again (`replay`; another body under
   * the key is refused with 422), or whether the account exists; the work stores its own answer in
   * its last statement (`storeStatement`).
   */
  async claimLockingAccount<T>(
    m: EntityManager,
    req: IdempotentRequest,
    accountId: string,
  ): Promise<{ replay: StoredAnswer<T> } | { replay: null; accountFound: boolean }> {
    const [claim]: {
      account_found: boolean;
      request_sha256: string | null;
      status_code: number;
      response: T;
    }[] = await m.query(
      prepared(`SELECT account_found, request_sha256, status_code, response
           FROM idempotency_claim_locking_account($1, $2, $3, $4, $5)`),
      [LOCK_NAMESPACE, req.scope, req.principal, req.key, accountId],
    );
    if (claim.request_sha256 !== null) {
      if (claim.request_sha256 !== req.requestSha256) throw new IdempotencyKeyReusedError(req.key);
      return { replay: { status: claim.status_code, body: claim.response } };
    }
    return { replay: null, accountFound: claim.account_found };
  }

  /** Stores the answer of the work under the key, in the caller's transaction. */
  private async store<T>(
    m: EntityManager,
    req: IdempotentRequest,
    answer: StoredAnswer<T>,
  ): Promise<StoredAnswer<T>> {
    const { sql, params, answer: stored } = storeStatement(req, answer, 1);
    await m.query(prepared(sql), params);
    return stored;
  }
}

/**
 * The insert of an answer's record under the key (a statement, or a data-modifying CTE of the
 * caller's last statement), its parameters numbered from `$first`, and the answer as stored: its body
 * through JSON (dates as ISO strings), which is what a replay gives.
 */
export function storeStatement<T>(
  req: IdempotentRequest,
  answer: StoredAnswer<T>,
  first: number,
): { sql: string; params: unknown[]; answer: StoredAnswer<T> } {
  const json = JSON.stringify(answer.body);
  const $ = (i: number) => `$${first + i}`;
  return {
    sql: `INSERT INTO idempotency_keys (scope, principal, key, request_sha256, status_code, response)
       VALUES (${$(0)}, ${$(1)}, ${$(2)}, ${$(3)}, ${$(4)}, ${$(5)})`,
    params: [req.scope, req.principal, req.key, req.requestSha256, answer.status, json],
    answer: { status: answer.status, body: JSON.parse(json) as T },
  };
}
