import { OnModuleDestroy } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from 'src/config/configuration';
import { dataSourceOptions } from './data-source';

/**
 * Where the API's one-statement reads run (the ledger, a reading's facts): a pool of their own when
 * DATABASE_READ_POOL_SIZE > 0, so a read never waits for a connection held by a transaction between
 * its statements; otherwise the shared pool. Reads only: nothing written through it.
 */
export class ReadPool implements OnModuleDestroy {
  private constructor(
    readonly manager: EntityManager,
    private readonly own: DataSource | null,
  ) {}

  static async create(config: AppConfig, shared: DataSource): Promise<ReadPool> {
    const size = config.database.readPoolSize;
    if (size === 0) return new ReadPool(shared.manager, null);
    const own = await new DataSource(dataSourceOptions(config.database.url, size)).initialize();
    return new ReadPool(own.manager, own);
  }

  /** Whether the reads have a pool of their own. */
  get separate(): boolean {
    return this.own !== null;
  }

  async onModuleDestroy(): Promise<void> {
    if (this.own?.isInitialized) await this.own.destroy();
  }
}
