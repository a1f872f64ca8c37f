import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { dropSideRedis, sideRedis } from 'src/queue/side-redis';

/**
 * Token buckets for the per-client export rate limit: capacity = the limit per minute, refilled
 * continuously at limit/60 tokens a second; a request takes one token. The bucket lives where every
 * API instance sees it: Redis when REDIS_URL is configured (one Lua script, atomic, Redis' clock),
 * otherwise PostgreSQL (one INSERT … ON CONFLICT, atomic under the row lock, the database's clock).
 * Never in process memory: two API instances would each grant the full limit.
 */
export interface TakeResult {
  allowed: boolean;
  /** Whole seconds until a token is available again (0 when allowed). */
  retryAfterSeconds: number;
}

export interface TokenBucketStore {
  readonly kind: 'redis' | 'postgres';
  take(key: string, perMinute: number): Promise<TakeResult>;
  close(): Promise<void>;
}

const TAKE_LUA = `
local capacity = tonumber(ARGV[1])
local per_ms = capacity / 60000
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(b[1]) or capacity
local ts = tonumber(b[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - ts) * per_ms)
local allowed = 0
local wait_ms = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait_ms = math.ceil((1 - tokens) / per_ms)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], 60000 + 1000)
return {allowed, wait_ms}`;

export class RedisTokenBucketStore implements TokenBucketStore {
  readonly kind = 'redis';
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    this.redis = sideRedis(url, 2);
  }

  async take(key: string, perMinute: number): Promise<TakeResult> {
    const [allowed, waitMs] = (await this.redis.eval(
      TAKE_LUA,
      1,
      `${this.prefix}:rate-limit:${key}`,
      String(perMinute),
    )) as [number, number];
    return {
      allowed: allowed === 1,
      retryAfterSeconds: allowed === 1 ? 0 : Math.max(1, Math.ceil(waitMs / 1000)),
    };
  }

  async close(): Promise<void> {
    dropSideRedis(this.redis);
  }
}

export class PostgresTokenBucketStore implements TokenBucketStore {
  readonly kind = 'postgres';
  constructor(private readonly db: DataSource) {}

  async take(key: string, perMinute: number): Promise<TakeResult> {
    // `avail` = the old balance plus the refill since the last request, capped at the capacity.
    const avail = `least($2::float8, b.tokens + extract(epoch FROM statement_timestamp() - b.refilled_at) * $2::float8 / 60)`;
    const [row]: { allowed: boolean; tokens: number }[] = await this.db.query(
      `INSERT INTO rate_limit_buckets AS b (key, tokens, refilled_at, allowed)
       VALUES ($1, $2::float8 - 1, statement_timestamp(), true)
       ON CONFLICT (key) DO UPDATE SET
         tokens = CASE WHEN ${avail} >= 1 THEN ${avail} - 1 ELSE ${avail} END,
         allowed = ${avail} >= 1,
         refilled_at = statement_timestamp()
       RETURNING allowed, tokens`,
      [key, perMinute],
    );
    if (row.allowed) return { allowed: true, retryAfterSeconds: 0 };
    // Rate-limit tokens are a count of requests, not money: a float is fine here.
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(((1 - row.tokens) * 60) / perMinute)) };
  }

  async close(): Promise<void> {}
}
