import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Principal } from 'src/common/auth/roles';
import { BadInputError, DomainError } from 'src/common/errors/domain-error';
import { AllocationService } from 'src/modules/payments/allocation.service';
import { decodeRegistryBytes } from 'src/modules/payments/domain/registry-file.rules';
import { dec } from 'src/shared/money';
import {
  parseOpeningBalanceLine,
  RawLine,
  splitOpeningBalancesFile,
} from './domain/opening-balance-file.rules';
import {
  OpeningBalanceLineResultDto,
  OpeningBalanceLineStatus,
  OpeningBalancesImportQuery,
  OpeningBalancesImportResponseDto,
} from './dto/opening-balance.dto';
import { LedgerErrorCode as E } from './ledger.errors';
import { balanceKey, BalanceToStore, OpeningBalancesRepository } from './opening-balances.repository';

/** Accounts per transaction of an import. */
export const OPENING_BALANCE_CHUNK_ACCOUNTS = 200;

type Results = Map<number, OpeningBalanceLineResultDto>;

/**
 * Opening balances migrated from another system: debt by account, period, service and kind. Each
 * line is idempotent by that key (same amount again → unchanged; another amount → rejected
 * OPENING_BALANCE_CONFLICT: a stored balance may already be paid, so it is never overwritten).
 * Stored under the account lock, and outstanding advances are then applied to the new debt.
 */
@Injectable()
export class OpeningBalancesService {
  chunkAccounts = OPENING_BALANCE_CHUNK_ACCOUNTS;

  constructor(
    private readonly db: DataSource,
    private readonly repo: OpeningBalancesRepository,
    private readonly allocation: AllocationService,
  ) {}

  async import(
    body: unknown,
    rawBody: unknown,
    q: OpeningBalancesImportQuery,
    by: Principal,
  ): Promise<OpeningBalancesImportResponseDto> {
    if (typeof body !== 'string' || body.trim() === '') {
      throw new BadInputError(
        E.ImportNotText,
        'Send the file as the body with Content-Type text/csv or text/plain',
        'body',
      );
    }
    const { text, encoding } = decodeRegistryBytes(
      Buffer.isBuffer(rawBody) ? rawBody : Buffer.from(body, 'utf8'),
    );
    const lines = splitOpeningBalancesFile(text);
    const results: Results = new Map();
    const balances = await this.parse(lines, results);
    const source = q.source ?? (q.fileName ? `import: ${q.fileName}` : 'import');
    await this.store(balances, source, by.name, results);
    const ordered = lines.map((l) => results.get(l.line)!);
    const count = (s: OpeningBalanceLineStatus) => ordered.filter((r) => r.status === s).length;
    return {
      encoding,
      lines: ordered.length,
      accepted: count('accepted'),
      unchanged: count('unchanged'),
      rejected: count('rejected'),
      results: ordered,
    };
  }

  /** Format checks, then accounts by number in one query. */
  private async parse(lines: RawLine[], results: Results): Promise<BalanceToStore[]> {
    const services = await this.repo.serviceCodes(this.db.manager);
    const parsed = lines.flatMap((raw) => {
      const p = parseOpeningBalanceLine(raw, services);
      if (p instanceof DomainError) results.set(raw.line, rejected(raw, p));
      return p instanceof DomainError ? [] : [p];
    });
    const ids = await this.repo.accountsByNumber(this.db.manager, [
      ...new Set(parsed.map((p) => p.accountNumber)),
    ]);
    const rawOf = new Map(lines.map((l) => [l.line, l]));
    return parsed.flatMap((p) => {
      const accountId = ids.get(p.accountNumber);
      if (accountId) return [{ ...p, accountId }];
      const refusal = new BadInputError(E.AccountNotFound, `Account ${p.accountNumber} not found`, 'account');
      results.set(p.line, rejected(rawOf.get(p.line)!, refusal));
      return [];
    });
  }

  private async store(
    balances: BalanceToStore[],
    source: string,
    createdBy: string,
    results: Results,
  ): Promise<void> {
    const accounts = [...new Set(balances.map((b) => b.accountId))];
    for (let i = 0; i < accounts.length; i += this.chunkAccounts) {
      const chunkAccounts = new Set(accounts.slice(i, i + this.chunkAccounts));
      const chunk = balances.filter((b) => chunkAccounts.has(b.accountId));
      await this.db.transaction(async (m) => {
        await this.allocation.lockAccounts(m, [...chunkAccounts]);
        // Only the first line of a key is inserted; later lines of the key meet what is stored.
        const seen = new Set<string>();
        const firsts = chunk.filter((b) => !seen.has(balanceKey(b)) && seen.add(balanceKey(b)));
        const inserted = await this.repo.insert(m, firsts, source, createdBy);
        const stored = await this.repo.amounts(m, chunk);
        const claimed = new Set<string>();
        for (const b of chunk) {
          const k = balanceKey(b);
          const isNew = inserted.has(k) && !claimed.has(k);
          claimed.add(k);
          results.set(b.line, compare(b, isNew, stored.get(k)!));
        }
        await this.allocation.settle(m, [
          ...new Set(chunk.filter((b) => inserted.has(balanceKey(b))).map((b) => b.accountId)),
        ]);
      });
    }
  }
}

function compare(b: BalanceToStore, isNew: boolean, stored: string): OpeningBalanceLineResultDto {
  const base = {
    line: b.line,
    accountNumber: b.accountNumber,
    accountId: b.accountId,
    period: b.period,
    serviceCode: b.serviceCode,
    kind: b.kind,
    amount: b.amount,
  };
  if (isNew) return { ...base, status: 'accepted' };
  if (dec(stored).eq(b.amount)) return { ...base, status: 'unchanged' };
  return {
    ...base,
    status: 'rejected',
    code: E.Conflict,
    message: `An opening balance of ${stored} is already stored for this account, period, service and kind`,
  };
}

function rejected(raw: RawLine, refusal: DomainError): OpeningBalanceLineResultDto {
  const [accountNumber = '', period = '', serviceCode = '', amount = '', kind = ''] = raw.fields;
  return {
    line: raw.line,
    accountNumber,
    accountId: null,
    period,
    serviceCode,
    kind,
    amount,
    status: 'rejected',
    code: refusal.code,
    message: refusal.message,
  };
}
