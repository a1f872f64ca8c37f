import {
  PostgresTokenBucketStore,
  RedisTokenBucketStore,
  TokenBucketStore,
} from '../../src/modules/exports/rate-limit/token-bucket.store';
import { createTestApp, TestApp } from '../utils/create-test-app';

/** Both token-bucket stores on the real servers: PostgreSQL always, Redis when REDIS_URL is set. */
describe('export rate-limit stores (integration)', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await createTestApp();
    await sut.reset();
  });
  afterAll(async () => sut.close());

  const stores: [string, () => TokenBucketStore][] = [
    ['postgres', () => new PostgresTokenBucketStore(sut.db)],
  ];
  if (process.env.REDIS_URL) {
    stores.push([
      'redis',
      () => new RedisTokenBucketStore(process.env.REDIS_URL!, `test-${process.pid}-${Date.now()}`),
    ]);
  }

  it.each(stores)(
    '%s: takes up to the limit, then refuses with the wait for one token',
    async (_kind, make) => {
      const store = make();
      try {
        const taken = [];
        for (let i = 0; i < 7; i += 1) taken.push(await store.take('exports:api_key:1', 6));
        expect(taken.map((t) => t.allowed)).toEqual([true, true, true, true, true, true, false]);
        const refused = taken[6];
        // 6 a minute: a token every 10 s.
        expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(9);
        expect(refused.retryAfterSeconds).toBeLessThanOrEqual(10);
        expect((await store.take('exports:api_key:2', 6)).allowed).toBe(true);
      } finally {
        await store.close();
      }
    },
  );

  it('postgres: refills with the time passed, capped at the limit', async () => {
    const store = new PostgresTokenBucketStore(sut.db);
    for (let i = 0; i < 3; i += 1) await store.take('exports:user:9', 3);
    expect((await store.take('exports:user:9', 3)).allowed).toBe(false);
    await sut.db.query(
      `UPDATE rate_limit_buckets SET refilled_at = refilled_at - interval '20 seconds' WHERE key = 'exports:user:9'`,
    );
    expect((await store.take('exports:user:9', 3)).allowed).toBe(true);
    expect((await store.take('exports:user:9', 3)).allowed).toBe(false);
    await sut.db.query(
      `UPDATE rate_limit_buckets SET refilled_at = refilled_at - interval '1 hour' WHERE key = 'exports:user:9'`,
    );
    const burst = [];
    for (let i = 0; i < 4; i += 1) burst.push((await store.take('exports:user:9', 3)).allowed);
    expect(burst).toEqual([true, true, true, false]);
  });
});
