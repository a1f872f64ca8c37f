import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, NotFoundError } from 'src/common/errors/domain-error';
import { Page, pageOf } from 'src/common/http/pagination';
import { bankRequisiteProblems } from './domain/requisites.rules';
import {
  CreateOrganisationDto,
  ListOrganisationsQuery,
  OrganisationResponseDto,
  toOrganisationResponse,
  UpdateOrganisationDto,
} from './dto/organisation.dto';
import { OrganisationFields, OrganisationsRepository } from './organisations.repository';

/** Organisations and their bank requisites; other modules use `assertExists`. */
@Injectable()
export class OrganisationsService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: OrganisationsRepository,
  ) {}

  async create(dto: CreateOrganisationDto): Promise<OrganisationResponseDto> {
    const created = await this.repo.insert({ ...dto, kpp: dto.kpp ?? null });
    return toOrganisationResponse(created);
  }

  async get(id: string): Promise<OrganisationResponseDto> {
    const found = await this.repo.find(id);
    if (!found) throw new NotFoundError('organisation', id);
    return toOrganisationResponse(found);
  }

  async list(q: ListOrganisationsQuery): Promise<Page<OrganisationResponseDto>> {
    const limit = q.limit ?? 100;
    const rows = await this.repo.list({ inn: q.inn, after: q.after, limit: limit + 1 });
    return pageOf(rows.map(toOrganisationResponse), limit);
  }

  /** Partial update under a row lock; the bank fields are re-checked as a whole (given + stored). */
  async update(id: string, dto: UpdateOrganisationDto): Promise<OrganisationResponseDto> {
    return this.db.transaction(async (m) => {
      const current = await this.repo.find(id, m, true);
      if (!current) throw new NotFoundError('organisation', id);
      const next: OrganisationFields = {
        name: dto.name ?? current.name,
        inn: current.inn,
        kpp: dto.kpp !== undefined ? dto.kpp : current.kpp,
        bankName: dto.bankName ?? current.bankName,
        bic: dto.bic ?? current.bic,
        correspondentAccount: dto.correspondentAccount ?? current.correspondentAccount,
        settlementAccount: dto.settlementAccount ?? current.settlementAccount,
      };
      const problems = bankRequisiteProblems(next);
      if (problems.length) {
        throw new DomainError(
          'bad_input',
          'VALIDATION_FAILED',
          'Invalid input',
          undefined,
          problems.map((field) => ({
            field,
            errors: [`${field} control key does not match the BIC ${next.bic}`],
          })),
        );
      }
      return toOrganisationResponse(await this.repo.update(id, next, m));
    });
  }

  /** Throws ORGANISATION_NOT_FOUND (404) unless the organisation exists. */
  async assertExists(id: string): Promise<void> {
    if (!(await this.repo.exists(id))) throw new NotFoundError('organisation', id);
  }
}
