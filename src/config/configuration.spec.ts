import { loadConfig } from './configuration';

describe('loadConfig', () => {
  it('lists every bad variable at once', () => {
    expect(() =>
      loadConfig({ REDIS_URL: 'http://x', PORT: 'eighty', READING_CUTOFF_DAY: '31', JWT_SECRET: 'short' }),
    ).toThrow(/DATABASE_URL: required[\s\S]*/);
    try {
      loadConfig({ REDIS_URL: 'http://x', PORT: 'eighty', READING_CUTOFF_DAY: '31', JWT_SECRET: 'short' });
    } catch (e) {
      const message = (e as Error).message;
      for (const v of ['DATABASE_URL', 'REDIS_URL', 'PORT', 'READING_CUTOFF_DAY', 'JWT_SECRET'])
        expect(message).toContain(`${v}:`);
    }
  });

  it('defaults: queue in PostgreSQL without REDIS_URL, cut-off day 25, Moscow time', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@h/db' });
    expect(c.queue.backend).toBe('postgres');
    expect(c.billing).toMatchObject({
      readingCutoffDay: 25,
      timezone: 'Europe/Moscow',
      workerConcurrency: 2,
      chunkAttempts: 3,
      batchBuildings: 20,
    });
    expect(c.port).toBe(3000);
    // Four chunks in flight per worker: the render threads draw while other chunks wait on the database.
    expect(c.documents).toEqual({ chunkSize: 50, workerConcurrency: 4, renderThreads: 2 });
  });

  it('uses Redis when REDIS_URL is set', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://u@h/db',
      REDIS_URL: 'redis://127.0.0.1:6379',
      PORT: '8080',
    });
    expect(c.queue).toMatchObject({ backend: 'redis', redisUrl: 'redis://127.0.0.1:6379' });
    expect(c.port).toBe(8080);
  });
});
