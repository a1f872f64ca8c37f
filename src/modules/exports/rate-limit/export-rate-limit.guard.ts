import { CanActivate, ExecutionContext, HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { Response } from 'express';
import { DataSource } from 'typeorm';
import { AuthedRequest } from 'src/common/auth/principal.decorator';
import { APP_CONFIG, AppConfig } from 'src/config/configuration';
import { queuePrefix } from 'src/queue/queue-connection';
import { ExportsErrorCode } from '../exports.errors';
import { PostgresTokenBucketStore, RedisTokenBucketStore, TokenBucketStore } from './token-bucket.store';

/** The bucket store for this process: Redis when REDIS_URL is configured, else PostgreSQL. */
export function tokenBucketStore(config: AppConfig, db: DataSource): TokenBucketStore {
  return config.queue.redisUrl
    ? new RedisTokenBucketStore(config.queue.redisUrl, queuePrefix(config))
    : new PostgresTokenBucketStore(db);
}

export const TOKEN_BUCKET_STORE = Symbol('TOKEN_BUCKET_STORE');

/**
 * One token bucket per principal (API key, user) over every export route, EXPORT_RATE_LIMIT_PER_MINUTE
 * requests a minute; beyond it 429 RATE_LIMITED with Retry-After (seconds). Runs after AuthGuard.
 */
@Injectable()
export class ExportRateLimitGuard implements CanActivate {
  private readonly perMinute: number;

  constructor(
    @Inject(TOKEN_BUCKET_STORE) private readonly store: TokenBucketStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.perMinute = config.exports.rateLimitPerMinute;
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const http = ctx.switchToHttp();
    const principal = http.getRequest<AuthedRequest>().principal;
    if (!principal) throw new Error('ExportRateLimitGuard runs after AuthGuard');
    const taken = await this.store.take(`exports:${principal.kind}:${principal.id}`, this.perMinute);
    if (taken.allowed) return true;
    http.getResponse<Response>().setHeader('Retry-After', String(taken.retryAfterSeconds));
    throw new HttpException(
      {
        code: ExportsErrorCode.RateLimited,
        message: `At most ${this.perMinute} export requests a minute; retry in ${taken.retryAfterSeconds} s`,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
