import { EventEmitter } from 'node:events';
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from 'src/config/configuration';
import { BackendPriority, PgClientLike } from './batch-priority';

/**
 * In the worker process only: each connection of the pool gets its PostgreSQL backend reniced to
 * WORKER_NICE on its first checkout (best-effort, see batch-priority.ts). The worker's own threads
 * are reniced in worker.ts before the application starts.
 */
@Injectable()
export class WorkerPriority implements OnModuleInit {
  private readonly logger = new Logger(WorkerPriority.name);

  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const nice = this.config.worker.nice;
    if (nice <= 0) return;
    const backends = new BackendPriority(nice, (m) => this.logger.log(m));
    // TypeORM's PostgreSQL driver keeps its pg Pool as `master`.
    const pool = (this.db.driver as unknown as { master?: EventEmitter }).master;
    if (!pool) return this.logger.warn('no connection pool found: database sessions keep their priority');
    pool.on('acquire', (client: PgClientLike) => backends.onAcquire(client));
  }
}
