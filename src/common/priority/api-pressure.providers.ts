import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from 'src/config/configuration';
import { queuePrefix } from 'src/queue/queue-connection';
import { dropSideRedis, sideRedis } from 'src/queue/side-redis';
import { ApiPressureCounter, apiPressureKey, batchPauseMs, parsePressure } from './api-pressure';

/** On only with BATCH_YIELD_SLOW_MS > 0 and Redis (the queue's). */
const enabled = (c: AppConfig): boolean => c.batchYield.slowMs > 0 && c.queue.backend === 'redis';

/**
 * API side: counts the answered requests (fed by the request logger) and once a second adds them to
 * the second's hash in Redis. One pipelined write a second per process; nothing on the request path
 * but two increments.
 */
@Injectable()
export class ApiPressurePublisher implements OnModuleInit, OnModuleDestroy {
  readonly counter: ApiPressureCounter | null;
  private redis?: Redis;
  private timer?: NodeJS.Timeout;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.counter = enabled(config) ? new ApiPressureCounter(config.batchYield.slowMs) : null;
  }

  onModuleInit(): void {
    if (!this.counter) return;
    this.redis = sideRedis(this.config.queue.redisUrl!, 1);
    this.timer = setInterval(() => void this.flush(), 1000);
    this.timer.unref();
  }

  private async flush(): Promise<void> {
    const p = this.counter!.drain();
    if (p.requests === 0) return;
    const key = apiPressureKey(queuePrefix(this.config), Math.floor(Date.now() / 1000));
    await this.redis!.multi()
      .hincrby(key, 'requests', p.requests)
      .hincrby(key, 'slow', p.slow)
      .expire(key, 10)
      .exec()
      .catch(() => undefined); // a lost second only means the worker does not yield for it
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    dropSideRedis(this.redis);
  }
}

/**
 * Worker side: before a billing batch, the pause `batchPauseMs` asks for from the API's last full
 * second; after it, the batch's duration (the next pause's measure).
 */
@Injectable()
export class BatchYield implements OnModuleDestroy {
  private readonly logger = new Logger(BatchYield.name);
  private redis?: Redis;
  private lastBatchMs: number | null = null;
  private yielded = 0;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    if (enabled(config)) this.redis = sideRedis(config.queue.redisUrl!, 1);
  }

  /** Waits as long as the API's pressure asks; returns the pause in ms (0 when off or not pressed). */
  async beforeBatch(): Promise<number> {
    if (!this.redis) return 0;
    const key = apiPressureKey(queuePrefix(this.config), Math.floor(Date.now() / 1000) - 1);
    const hash = await this.redis.hgetall(key).catch(() => null);
    const ms = batchPauseMs(parsePressure(hash), this.lastBatchMs);
    if (ms > 0) {
      if (this.yielded++ === 0) this.logger.log(`API pressed (${JSON.stringify(hash)}): batches yield`);
      await new Promise((r) => setTimeout(r, ms));
    }
    return ms;
  }

  batchDone(ms: number): void {
    this.lastBatchMs = ms;
  }

  onModuleDestroy(): void {
    dropSideRedis(this.redis);
  }
}
