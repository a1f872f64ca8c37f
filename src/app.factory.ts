import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { createValidationPipe } from './common/errors/validation';
import { ROOT_LOGGER } from './common/logging/log.module';
import { requestLogger } from './common/logging/request-log';
import { ApiPressurePublisher } from './common/priority/api-pressure.providers';

/** Builds the API application (used by main.ts, the demo and the e2e tests). */
export async function createApiApp(options: { logs?: boolean } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bufferLogs: true,
    abortOnError: false,
    logger: options.logs === false ? false : undefined,
    rawBody: true, // req.rawBody: file imports detect UTF-8 or Windows-1251 from the bytes
  });
  if (options.logs !== false) app.useLogger(app.get(Logger));
  // Answers are never cached by ETag (exports set their own), and the framework is not advertised:
  // Express would otherwise hash every response body.
  app.set('etag', false);
  app.disable('x-powered-by');
  // One log line per request (and its id), before every route; /health (probes) is not logged.
  // Its durations also feed the API's pressure signal to batch work (BATCH_YIELD_SLOW_MS).
  const pressure = app.get(ApiPressurePublisher).counter;
  app.use(
    requestLogger(app.get(ROOT_LOGGER), {
      ignore: (url) => url === '/health',
      observe: pressure ? (ms) => pressure.record(ms) : undefined,
    }),
  );
  app.useGlobalPipes(createValidationPipe());
  app.useBodyParser('json', { limit: '2mb' });
  app.useBodyParser('text', { limit: '20mb', type: ['text/csv', 'text/plain'] });
  app.enableShutdownHooks();
  const doc = new DocumentBuilder()
    .setTitle('Abonent API')
    .setDescription(
      'Operations backend of a housing-and-utilities subscriber service. Money and volumes are decimal strings, ' +
        'periods YYYY-MM, dates YYYY-MM-DD. Errors: {statusCode, code, message, fields?, details?}.',
    )
    .setVersion('1')
    .addBearerAuth()
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'api-key')
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc), {
    jsonDocumentUrl: 'api/docs-json',
  });
  return app;
}
