import { AppConfig, loadConfig } from 'src/config/configuration';
import {
  ApiPressureCounter,
  apiPressureKey,
  batchPauseMs,
  DEFAULT_YIELD_POLICY,
  parsePressure,
} from './api-pressure';
import { ApiPressurePublisher, BatchYield } from './api-pressure.providers';

describe('BATCH_YIELD_SLOW_MS', () => {
  const base = { DATABASE_URL: 'postgres://u@h/db' };

  it('is 0 (off) by default, the number given otherwise, refused below 0, above 60000 or not whole', () => {
    expect(loadConfig(base).batchYield).toEqual({ slowMs: 0 });
    expect(loadConfig({ ...base, BATCH_YIELD_SLOW_MS: '50' }).batchYield).toEqual({ slowMs: 50 });
    expect(loadConfig({ ...base, BATCH_YIELD_SLOW_MS: '60000' }).batchYield).toEqual({ slowMs: 60000 });
    for (const bad of ['-1', '60001', 'fast', '2.5'])
      expect(() => loadConfig({ ...base, BATCH_YIELD_SLOW_MS: bad })).toThrow(/BATCH_YIELD_SLOW_MS:/);
  });

  it('counts nothing and never pauses when off, or without Redis', async () => {
    const off = loadConfig({ ...base, REDIS_URL: 'redis://127.0.0.1:1' });
    const noRedis = loadConfig({ ...base, BATCH_YIELD_SLOW_MS: '50' });
    for (const c of [off, noRedis] as AppConfig[]) {
      expect(new ApiPressurePublisher(c).counter).toBeNull();
      await expect(new BatchYield(c).beforeBatch()).resolves.toBe(0);
    }
    const on = loadConfig({ ...base, BATCH_YIELD_SLOW_MS: '50', REDIS_URL: 'redis://127.0.0.1:1' });
    expect(new ApiPressurePublisher(on).counter).toBeInstanceOf(ApiPressureCounter);
  });
});

describe('ApiPressureCounter', () => {
  it('counts requests and those slower than the target, and starts over after a drain', () => {
    const c = new ApiPressureCounter(50);
    for (const ms of [3, 49.9, 50, 50.1, 400]) c.record(ms);
    expect(c.drain()).toEqual({ requests: 5, slow: 2 });
    expect(c.drain()).toEqual({ requests: 0, slow: 0 });
    c.record(51);
    expect(c.drain()).toEqual({ requests: 1, slow: 1 });
  });

  it('keys a second under the queue prefix', () => {
    expect(apiPressureKey('{abonent}', 1764410400)).toBe('{abonent}:api-pressure:1764410400');
  });
});

describe('batchPauseMs', () => {
  it('pauses as long as the last batch took while more than 1 % of at least 20 requests were slow', () => {
    expect(DEFAULT_YIELD_POLICY).toEqual({
      slowShare: 0.01,
      minRequests: 20,
      maxPauseMs: 2000,
      firstPauseMs: 250,
    });
    expect(batchPauseMs({ requests: 300, slow: 4 }, 640)).toBe(640);
    expect(batchPauseMs({ requests: 300, slow: 3 }, 640)).toBe(0); // exactly 1 %: the target's p99 holds
    expect(batchPauseMs({ requests: 20, slow: 1 }, 640)).toBe(640);
    expect(batchPauseMs({ requests: 19, slow: 19 }, 640)).toBe(0); // too few to say anything
    expect(batchPauseMs({ requests: 300, slow: 0 }, 640)).toBe(0);
  });

  it('pauses at most 2 s, 250 ms before any batch was timed, and not at all without a signal', () => {
    expect(batchPauseMs({ requests: 300, slow: 300 }, 9000)).toBe(2000);
    expect(batchPauseMs({ requests: 300, slow: 300 }, null)).toBe(250);
    expect(batchPauseMs({ requests: 300, slow: 300 }, 123.6)).toBe(124);
    expect(batchPauseMs(null, 640)).toBe(0);
  });
});

describe('parsePressure', () => {
  it('reads the hash HGETALL returns, nothing for a missing or damaged one', () => {
    expect(parsePressure({ requests: '300', slow: '7' })).toEqual({ requests: 300, slow: 7 });
    expect(parsePressure({ requests: '12' })).toEqual({ requests: 12, slow: 0 });
    expect(parsePressure({})).toBeNull();
    expect(parsePressure(null)).toBeNull();
    expect(parsePressure({ requests: 'x', slow: '1' })).toBeNull();
  });
});
