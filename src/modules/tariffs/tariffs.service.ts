import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFoundError } from 'src/common/errors/domain-error';
import { assertValidToNotBefore } from 'src/common/errors/validity';
import { Page, pageOf } from 'src/common/http/pagination';
import { CreateTariffDto, ListRatesQuery, TariffResponseDto, toTariffResponse } from './dto/tariff.dto';
import { SetValidToDto } from './dto/validity.dto';
import { RateReferencesService } from './rate-references.service';
import { TariffsRepository } from './tariffs.repository';

/** Tariffs: prices per unit by service, zone and scope over validity intervals. */
@Injectable()
export class TariffsService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: TariffsRepository,
    private readonly references: RateReferencesService,
  ) {}

  /** Adds a tariff; an overlap in the same service, zone and scope is refused (409 TARIFF_OVERLAP). */
  async create(dto: CreateTariffDto): Promise<TariffResponseDto> {
    await this.references.assertExist(dto);
    const created = await this.repo.insert({
      serviceCode: dto.serviceCode,
      zone: dto.zone ?? null,
      price: dto.price,
      validFrom: dto.validFrom,
      validTo: dto.validTo ?? null,
      organisationId: dto.organisationId ?? null,
      buildingId: dto.buildingId ?? null,
    });
    return toTariffResponse(created);
  }

  async get(id: string): Promise<TariffResponseDto> {
    const found = await this.repo.find(id);
    if (!found) throw new NotFoundError('tariff', id);
    return toTariffResponse(found);
  }

  async list(q: ListRatesQuery): Promise<Page<TariffResponseDto>> {
    const limit = q.limit ?? 100;
    const rows = await this.repo.list({ ...q, limit: limit + 1 });
    return pageOf(rows.map(toTariffResponse), limit);
  }

  /** Closes a tariff (or re-opens it); extending into a neighbour is refused (409 TARIFF_OVERLAP). */
  async setValidTo(id: string, dto: SetValidToDto): Promise<TariffResponseDto> {
    return this.db.transaction(async (m) => {
      const current = await this.repo.find(id, m, true);
      if (!current) throw new NotFoundError('tariff', id);
      assertValidToNotBefore(current.validFrom, dto.validTo);
      return toTariffResponse(await this.repo.setValidTo(id, dto.validTo, m));
    });
  }
}
