import Redis from 'ioredis';

/**
 * A side connection to the queue's Redis for small commands outside BullMQ (the export rate-limit
 * buckets, the API pressure signal): it connects on its first command, and a command gives up after
 * `retries` reconnection attempts rather than waiting for Redis indefinitely (BullMQ's own connections
 * do wait: maxRetriesPerRequest null), so its caller can fall back.
 */
export function sideRedis(url: string, retries: number): Redis {
  return new Redis(url, { lazyConnect: true, maxRetriesPerRequest: retries });
}

/** Drops a side connection at once (no QUIT round trip); nothing when absent or already ended. */
export function dropSideRedis(redis: Redis | undefined): void {
  if (redis && redis.status !== 'end') redis.disconnect();
}
