import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFoundError } from 'src/common/errors/domain-error';
import { assertValidToNotBefore } from 'src/common/errors/validity';
import { Page, pageOf } from 'src/common/http/pagination';
import { CreateNormDto, NormResponseDto, toNormResponse } from './dto/norm.dto';
import { ListRatesQuery } from './dto/tariff.dto';
import { SetValidToDto } from './dto/validity.dto';
import { NormsRepository } from './norms.repository';
import { RateReferencesService } from './rate-references.service';

/** Consumption norms: regional, or set for an organisation or a building. */
@Injectable()
export class NormsService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: NormsRepository,
    private readonly references: RateReferencesService,
  ) {}

  /** Adds a norm; an overlap in the same service and scope is refused (409 NORM_OVERLAP). */
  async create(dto: CreateNormDto): Promise<NormResponseDto> {
    await this.references.assertExist(dto);
    const created = await this.repo.insert({
      serviceCode: dto.serviceCode,
      value: dto.value,
      basis: dto.basis,
      validFrom: dto.validFrom,
      validTo: dto.validTo ?? null,
      organisationId: dto.organisationId ?? null,
      buildingId: dto.buildingId ?? null,
    });
    return toNormResponse(created);
  }

  async get(id: string): Promise<NormResponseDto> {
    const found = await this.repo.find(id);
    if (!found) throw new NotFoundError('norm', id);
    return toNormResponse(found);
  }

  async list(q: ListRatesQuery): Promise<Page<NormResponseDto>> {
    const limit = q.limit ?? 100;
    const rows = await this.repo.list({ ...q, limit: limit + 1 });
    return pageOf(rows.map(toNormResponse), limit);
  }

  /** Closes a norm (or re-opens it); extending into a neighbour is refused (409 NORM_OVERLAP). */
  async setValidTo(id: string, dto: SetValidToDto): Promise<NormResponseDto> {
    return this.db.transaction(async (m) => {
      const current = await this.repo.find(id, m, true);
      if (!current) throw new NotFoundError('norm', id);
      assertValidToNotBefore(current.validFrom, dto.validTo);
      return toNormResponse(await this.repo.setValidTo(id, dto.validTo, m));
    });
  }
}
