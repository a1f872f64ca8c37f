import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditService } from './common/audit/audit.service';
import { LogModule } from './common/logging/log.module';
import { AppConfigModule } from './config/config.module';
import { APP_CONFIG, AppConfig } from './config/configuration';
import { dataSourceOptions } from './database/data-source';
import { queueConnection, queuePrefix } from './queue/queue-connection';

/** What both processes share: config, structured logs, the database pool, the queue connection, audit. */
@Global()
@Module({
  imports: [
    AppConfigModule,
    LogModule,
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => dataSourceOptions(c.database.url, c.database.poolSize),
    }),
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => ({
        connection: queueConnection(c),
        prefix: queuePrefix(c),
        defaultJobOptions: {
          removeOnComplete: { age: 86_400, count: 10_000 },
          removeOnFail: { age: 7 * 86_400 },
        },
      }),
    }),
  ],
  providers: [AuditService],
  exports: [AuditService],
})
export class CoreModule {}
