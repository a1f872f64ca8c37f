import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ConfigValidationError, loadConfig } from './config/configuration';
import { WorkerModule } from './worker.module';

/** The worker process: the only place BullMQ processors run. Closes workers gracefully on SIGTERM. */
async function bootstrap(): Promise<void> {
  loadConfig();
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.get(Logger).log('worker started');
}

bootstrap().catch((e: unknown) => {
  console.error(e instanceof ConfigValidationError ? e.message : e);
  process.exit(1);
});
