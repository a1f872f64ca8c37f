import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { describeOwnPriority, lowerOwnPriority } from './common/priority/batch-priority';
import { ConfigValidationError, loadConfig } from './config/configuration';
import { nameDatabaseSessions } from './database/data-source';
import { PaymentDocumentRenderer } from './modules/documents/render/payment-document-renderer';
import { WORKER_READY, WorkerReadyMessage } from './worker-ready';
import { WorkerModule } from './worker.module';

/**
 * The worker process: the only place BullMQ processors run. Closes workers gracefully on SIGTERM.
 * Its threads run at WORKER_NICE from the start (before any job), so the API keeps the CPU first.
 * Forked with an IPC channel, it says when it is ready for jobs (worker-ready.ts).
 */
async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const priority = lowerOwnPriority(config.worker.nice);
  nameDatabaseSessions('abonent-worker');
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.get(Logger).log(`worker started; ${describeOwnPriority(priority)}`);
  // Warm render threads are part of being ready (the documents processor started them at init).
  await app.get(PaymentDocumentRenderer, { strict: false }).warm();
  process.send?.({ type: WORKER_READY } satisfies WorkerReadyMessage);
}

bootstrap().catch((e: unknown) => {
  console.error(e instanceof ConfigValidationError ? e.message : e);
  process.exit(1);
});
