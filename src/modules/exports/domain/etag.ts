import { createHash } from 'node:crypto';

/**
 * A weak validator (RFC 9110 §8.8.1) over what a page means: the request that asked for it and the
 * rows it holds. Weak because the cursors in the body carry a fresh snapshot on every call; a client
 * that gets 304 keeps its earlier cursors, which are as good (an older snapshot only means an
 * incremental pull may return a row again, never that it misses one).
 */
export function weakEtag(value: unknown): string {
  const digest = createHash('sha256').update(JSON.stringify(value)).digest('base64url');
  return `W/"${digest.slice(0, 32)}"`;
}

/** If-None-Match uses the weak comparison: `*`, or any listed tag equal once `W/` is dropped. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = (t: string) => t.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => opaque(t) === opaque(etag));
}
