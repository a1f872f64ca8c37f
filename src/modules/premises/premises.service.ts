import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFoundError } from 'src/common/errors/domain-error';
import { Page, pageOf } from 'src/common/http/pagination';
import { BuildingsService } from '../buildings/buildings.service';
import {
  CreatePremisesDto,
  ListPremisesQuery,
  PremisesResponseDto,
  toPremisesResponse,
  UpdatePremisesDto,
} from './dto/premises.dto';
import { PremisesRepository } from './premises.repository';

/** Premises in buildings; other modules use `assertExists`. */
@Injectable()
export class PremisesService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: PremisesRepository,
    private readonly buildings: BuildingsService,
  ) {}

  /** Registers premises; a duplicate number in the building is refused (409 PREMISES_NUMBER_TAKEN). */
  async create(dto: CreatePremisesDto): Promise<PremisesResponseDto> {
    await this.buildings.assertExists(dto.buildingId);
    return toPremisesResponse(await this.repo.insert(dto));
  }

  async get(id: string): Promise<PremisesResponseDto> {
    const found = await this.repo.find(id);
    if (!found) throw new NotFoundError('premises', id);
    return toPremisesResponse(found);
  }

  async list(q: ListPremisesQuery): Promise<Page<PremisesResponseDto>> {
    const limit = q.limit ?? 100;
    const rows = await this.repo.list({ ...q, limit: limit + 1 });
    return pageOf(rows.map(toPremisesResponse), limit);
  }

  async update(id: string, dto: UpdatePremisesDto): Promise<PremisesResponseDto> {
    return this.db.transaction(async (m) => {
      const current = await this.repo.find(id, m, true);
      if (!current) throw new NotFoundError('premises', id);
      const next = {
        number: dto.number ?? current.number,
        area: dto.area ?? current.area,
        kind: dto.kind ?? current.kind,
      };
      return toPremisesResponse(await this.repo.update(id, next, m));
    });
  }

  /** Throws PREMISES_NOT_FOUND (404) unless the premises exist. */
  async assertExists(id: string): Promise<void> {
    if (!(await this.repo.find(id))) throw new NotFoundError('premises', id);
  }
}
