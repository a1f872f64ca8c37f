import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { AuthedRequest } from '../auth/principal.decorator';

/**
 * One structured line per request, written when the answer has been sent (or the connection
 * closed first, "request aborted"): `{reqId, method, url, status, ms, userId}` at info, error from
 * 500 up (the levels pino-http used). Sets `req.id`, the request id the audit entries and error logs carry.
 *
 * It replaces pino-http behind nestjs-pino, which gave every request a child logger and ran the
 * rest of the request inside an AsyncLocalStorage — on Node 20 that turns on promise hooks for
 * every promise of the process (8 % of the API's CPU under load, pino-http another 2–3 %). Logs
 * written during a request through Nest's Logger no longer carry the request implicitly; the ones
 * that matter (the error filter's 500s, a failed audit write) name the request id themselves.
 */
export function requestLogger(
  root: Logger,
  options: { ignore?: (url: string) => boolean; observe?: (ms: number) => void } = {},
): (req: Request, res: Response, next: NextFunction) => void {
  const ignore = options.ignore ?? (() => false);
  const observe = options.observe;
  const maxId = 2147483647;
  let lastId = 0;
  return (req, res, next) => {
    const r = req as AuthedRequest;
    // The same ids as pino-http gave: a counter per process, unless something upstream set one.
    if (r.id === undefined) r.id = lastId = (lastId + 1) & maxId;
    if (ignore(req.url)) return next();
    const start = performance.now();
    let done = false;
    const finish = (aborted: boolean) => {
      if (done) return;
      done = true;
      const ms = performance.now() - start;
      observe?.(ms);
      const status = res.statusCode;
      const level = status >= 500 ? 'error' : 'info';
      if (!root.isLevelEnabled(level)) return;
      root[level](
        {
          reqId: r.id,
          method: req.method,
          url: req.originalUrl,
          status,
          ms: Math.round(ms * 10) / 10,
          userId: r.principal?.id,
        },
        aborted ? 'request aborted' : 'request completed',
      );
    };
    res.on('finish', () => finish(false));
    res.on('close', () => finish(!res.writableFinished));
    next();
  };
}
