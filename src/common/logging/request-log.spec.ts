import { EventEmitter } from 'node:events';
import type { NextFunction, Request, Response } from 'express';
import pino from 'pino';
import { requestLogger } from './request-log';

/** A pino logger writing its lines (parsed) into `lines`. */
function capture(level = 'info'): { logger: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level },
    { write: (s: string) => lines.push(JSON.parse(s) as Record<string, unknown>) },
  );
  return { logger, lines };
}

function exchange(method: string, url: string, extra: Record<string, unknown> = {}) {
  const req = { method, url, originalUrl: url, ...extra } as unknown as Request & {
    id?: unknown;
    principal?: { id: string };
  };
  const res = Object.assign(new EventEmitter(), { statusCode: 200, writableFinished: false });
  return {
    req,
    res: res as unknown as Response & EventEmitter & { statusCode: number; writableFinished: boolean },
  };
}

describe('requestLogger', () => {
  it('gives each request the next id and writes one line when the answer is sent', () => {
    const { logger, lines } = capture();
    const mw = requestLogger(logger);
    const a = exchange('GET', '/api/v1/accounts/5/ledger?from=2026-10');
    const b = exchange('POST', '/api/v1/payments');
    const next = jest.fn() as NextFunction;
    mw(a.req, a.res, next);
    mw(b.req, b.res, next);
    expect(next).toHaveBeenCalledTimes(2);
    expect([a.req.id, b.req.id]).toEqual([1, 2]);
    b.req.principal = { id: '42' };
    b.res.statusCode = 201;
    b.res.writableFinished = true;
    b.res.emit('finish');
    b.res.emit('close');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      reqId: 2,
      method: 'POST',
      url: '/api/v1/payments',
      status: 201,
      userId: '42',
      msg: 'request completed',
    });
    expect(typeof lines[0].ms).toBe('number');
  });

  it('hands the duration of each finished request to `observe` once, even at a level that logs nothing, and not for ignored urls', () => {
    const { logger, lines } = capture('warn');
    const seen: number[] = [];
    const mw = requestLogger(logger, { ignore: (u) => u === '/health', observe: (ms) => seen.push(ms) });
    const a = exchange('GET', '/api/v1/x');
    const h = exchange('GET', '/health');
    mw(a.req, a.res, () => undefined);
    mw(h.req, h.res, () => undefined);
    a.res.writableFinished = true;
    a.res.emit('finish');
    a.res.emit('close');
    h.res.emit('finish');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeGreaterThanOrEqual(0);
    expect(lines).toEqual([]);
  });

  it('keeps an id set upstream', () => {
    const { logger } = capture();
    const a = exchange('GET', '/x', { id: 'abc' });
    requestLogger(logger)(a.req, a.res, () => undefined);
    expect(a.req.id).toBe('abc');
  });

  it('logs a 5xx answer at error level and a connection closed before the answer as aborted', () => {
    const { logger, lines } = capture();
    const mw = requestLogger(logger);
    const a = exchange('GET', '/a');
    const b = exchange('GET', '/b');
    mw(a.req, a.res, () => undefined);
    mw(b.req, b.res, () => undefined);
    a.res.statusCode = 500;
    a.res.emit('finish');
    b.res.emit('close');
    expect(lines.map((l) => [l.url, l.level, l.status, l.msg])).toEqual([
      ['/a', 50, 500, 'request completed'],
      ['/b', 30, 200, 'request aborted'],
    ]);
  });

  it('skips ignored urls (they still get an id) and writes nothing below the logger level', () => {
    const quiet = capture('warn');
    const a = exchange('GET', '/api/v1/x');
    requestLogger(quiet.logger)(a.req, a.res, () => undefined);
    a.res.emit('finish');
    expect(quiet.lines).toEqual([]);

    const { logger, lines } = capture();
    const h = exchange('GET', '/health');
    requestLogger(logger, { ignore: (u) => u === '/health' })(h.req, h.res, () => undefined);
    h.res.emit('finish');
    expect(h.req.id).toBe(1);
    expect(lines).toEqual([]);
  });
});
