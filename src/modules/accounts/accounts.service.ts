import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { canSeePersonalData, Principal } from 'src/common/auth/roles';
import { NotFoundError } from 'src/common/errors/domain-error';
import { invalidField } from 'src/common/errors/validity';
import { Page, pageOf } from 'src/common/http/pagination';
import { PremisesService } from '../premises/premises.service';
import { AccountAlreadyClosedError } from './accounts.errors';
import { AccountsRepository } from './accounts.repository';
import {
  AccountResponseDto,
  AddResidentsDto,
  CloseAccountDto,
  CreateAccountDto,
  ListAccountsQuery,
  ResidentsEntryResponseDto,
  toAccountResponse,
  UpdateAccountDto,
} from './dto/account.dto';
import { Account } from './entities/account.entity';

/**
 * Personal accounts. The holder's name is personal data: every answer goes through `present`,
 * which hides it from callers that may not see it.
 */
@Injectable()
export class AccountsService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: AccountsRepository,
    private readonly premises: PremisesService,
  ) {}

  /** Opens an account (409 ACCOUNT_NUMBER_TAKEN for a duplicate number) with its residents history. */
  async create(dto: CreateAccountDto, by: Principal): Promise<AccountResponseDto> {
    await this.premises.assertExists(dto.premisesId);
    const residents = dto.residents ?? [];
    const early = residents.findIndex((r) => r.from < dto.openedOn);
    if (early >= 0) throw invalidField(`residents.${early}.from`, 'from must not be before openedOn');
    const id = await this.db.transaction(async (m) => {
      const created = await this.repo.insert(dto, m);
      await this.repo.insertResidents(created, residents, m);
      return created;
    });
    return this.get(id, by);
  }

  async get(id: string, by: Principal): Promise<AccountResponseDto> {
    return present(await this.load(id), by);
  }

  async list(q: ListAccountsQuery, by: Principal): Promise<Page<AccountResponseDto>> {
    const limit = q.limit ?? 100;
    const rows = await this.repo.list({ ...q, limit: limit + 1 });
    return pageOf(
      rows.map((a) => present(a, by)),
      limit,
    );
  }

  async update(id: string, dto: UpdateAccountDto, by: Principal): Promise<AccountResponseDto> {
    await this.db.transaction(async (m) => {
      await this.lockOrThrow(id, m);
      if (dto.holderName !== undefined) await this.repo.setHolderName(id, dto.holderName, m);
    });
    return this.get(id, by);
  }

  async residents(id: string): Promise<ResidentsEntryResponseDto[]> {
    return (await this.load(id)).residents;
  }

  /** Adds a residents entry from a date (409 RESIDENTS_DATE_TAKEN if that date has one); returns the history. */
  async addResidents(id: string, dto: AddResidentsDto): Promise<ResidentsEntryResponseDto[]> {
    await this.db.transaction(async (m) => {
      const acc = await this.lockOrThrow(id, m);
      if (dto.from < acc.openedOn)
        throw invalidField('from', `from must not be before openedOn (${acc.openedOn})`);
      if (acc.closedOn !== null && dto.from > acc.closedOn) {
        throw invalidField('from', `from must not be after closedOn (${acc.closedOn})`);
      }
      await this.repo.insertResidents(id, [{ from: dto.from, count: dto.count }], m);
    });
    return this.residents(id);
  }

  /** Closes an open account; closing twice is refused (409 ACCOUNT_ALREADY_CLOSED). */
  async close(id: string, dto: CloseAccountDto, by: Principal): Promise<AccountResponseDto> {
    await this.db.transaction(async (m) => {
      const acc = await this.lockOrThrow(id, m);
      if (acc.closedOn !== null) throw new AccountAlreadyClosedError(id, acc.closedOn);
      if (dto.closedOn < acc.openedOn) {
        throw invalidField('closedOn', `closedOn must not be before openedOn (${acc.openedOn})`);
      }
      await this.repo.close(id, dto.closedOn, m);
    });
    return this.get(id, by);
  }

  private async load(id: string): Promise<Account> {
    const found = await this.repo.find(id);
    if (!found) throw new NotFoundError('account', id);
    return found;
  }

  private async lockOrThrow(
    id: string,
    m: EntityManager,
  ): Promise<{ openedOn: string; closedOn: string | null }> {
    const acc = await this.repo.lock(id, m);
    if (!acc) throw new NotFoundError('account', id);
    return acc;
  }
}

function present(a: Account, by: Principal): AccountResponseDto {
  return toAccountResponse(a, { showPersonalData: canSeePersonalData(by) });
}
