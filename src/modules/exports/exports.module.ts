import { Inject, Module, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from 'src/config/configuration';
import { ConsumptionStreamService } from './consumption-stream.service';
import { ExportPullsController, ExportsController } from './exports.controller';
import { ExportsRepository } from './exports.repository';
import { ExportsService } from './exports.service';
import {
  ExportRateLimitGuard,
  TOKEN_BUCKET_STORE,
  tokenBucketStore,
} from './rate-limit/export-rate-limit.guard';
import { TokenBucketStore } from './rate-limit/token-bucket.store';

/** Settlement-centre exchange: streamed consumption files, the pull API with its change feed, the pull log. */
@Module({
  controllers: [ExportsController, ExportPullsController],
  providers: [
    ExportsRepository,
    ExportsService,
    ConsumptionStreamService,
    ExportRateLimitGuard,
    {
      provide: TOKEN_BUCKET_STORE,
      inject: [APP_CONFIG, DataSource],
      useFactory: (c: AppConfig, db: DataSource) => tokenBucketStore(c, db),
    },
  ],
})
export class ExportsModule implements OnModuleDestroy {
  constructor(@Inject(TOKEN_BUCKET_STORE) private readonly buckets: TokenBucketStore) {}

  async onModuleDestroy(): Promise<void> {
    await this.buckets.close();
  }
}
