import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFoundError } from 'src/common/errors/domain-error';
import { Page, pageOf } from 'src/common/http/pagination';
import {
  AccountRecalculationsQuery,
  RecalculationDto,
  RecalculationsQuery,
  RecalculationSummaryDto,
} from './dto/recalculation.dto';
import { RecalculationsRepository } from './recalculations.repository';

/** Reads of recalculation documents: keyset pages and one document with its lines and basis. */
@Injectable()
export class RecalculationsService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: RecalculationsRepository,
  ) {}

  async get(id: string): Promise<RecalculationDto> {
    const doc = await this.repo.find(this.db.manager, id);
    if (!doc) throw new NotFoundError('recalculation', id);
    return doc;
  }

  async getMany(ids: string[]): Promise<RecalculationDto[]> {
    const out: RecalculationDto[] = [];
    for (const id of ids) out.push(await this.get(id));
    return out;
  }

  async list(q: RecalculationsQuery): Promise<Page<RecalculationSummaryDto>> {
    const limit = q.limit ?? 100;
    return pageOf(await this.repo.list(this.db.manager, { ...q, limit }), limit);
  }

  async listOfAccount(
    accountId: string,
    q: AccountRecalculationsQuery,
  ): Promise<Page<RecalculationSummaryDto>> {
    const [account] = await this.db.query(`SELECT id FROM accounts WHERE id = $1`, [accountId]);
    if (!account) throw new NotFoundError('account', accountId);
    return this.list({ ...q, accountId });
  }
}
