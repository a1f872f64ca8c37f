import { Global, Module } from '@nestjs/common';
import { Logger, PARAMS_PROVIDER_TOKEN, Params, PinoLogger } from 'nestjs-pino';
import pino from 'pino';
import { APP_CONFIG, AppConfig } from '../../config/configuration';

/** The process's root pino logger (Nest's logs go through it; the API's request lines too). */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/**
 * Structured logs for both processes: nestjs-pino's `Logger` as Nest's logger, on one root pino
 * logger. Unlike nestjs-pino's LoggerModule it installs no per-request middleware (pino-http and
 * its AsyncLocalStorage); the API writes its request lines with `requestLogger` (request-log.ts).
 */
@Global()
@Module({
  providers: [
    {
      provide: ROOT_LOGGER,
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) =>
        pino({
          level: c.logLevel,
          redact: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie'],
        }),
    },
    {
      provide: PARAMS_PROVIDER_TOKEN,
      inject: [ROOT_LOGGER],
      useFactory: (logger: pino.Logger): Params => ({ pinoHttp: { logger } }),
    },
    PinoLogger,
    Logger,
  ],
  exports: [ROOT_LOGGER, PARAMS_PROVIDER_TOKEN, PinoLogger, Logger],
})
export class LogModule {}
