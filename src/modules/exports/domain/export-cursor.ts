/**
 * Opaque pull cursors: base64url of a small JSON document. They carry PostgreSQL snapshots
 * (`xmin:xmax:xip,…` as printed by pg_current_snapshot()) and the last key returned.
 *
 * - `full`: a page of the whole period; `s` is the snapshot taken before the first page, `k` the last
 *   (accountId, serviceCode) returned.
 * - `changes`: a page of the changes committed after snapshot `from` and visible in snapshot `to`
 *   (taken before the first incremental page); `k` the last (accountId, serviceCode).
 * - `since`: what the last page of either hands back for the next incremental pull (`changedSince`).
 */
export type ExportCursor =
  | { v: 1; m: 'full'; p: string; s: string; k: [string, string] }
  | { v: 1; m: 'changes'; p: string; from: string; to: string; k: [string, string] }
  | { v: 1; m: 'since'; p: string; s: string };

export class InvalidCursor extends Error {}

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
const ID = /^[1-9]\d{0,18}$/;
const SERVICE = /^[a-z_]{1,40}$/;
const SNAPSHOT = /^(\d{1,20}):(\d{1,20}):((?:\d{1,20})(?:,\d{1,20})*)?$/;

export function encodeCursor(c: ExportCursor): string {
  return Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
}

/** Decodes and validates a cursor; throws InvalidCursor on anything this server did not issue. */
export function decodeCursor(text: string): ExportCursor {
  let c: Record<string, unknown>;
  try {
    c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new InvalidCursor('cursor is not valid base64url JSON');
  }
  if (!c || typeof c !== 'object' || c.v !== 1 || !isPeriod(c.p)) throw new InvalidCursor('bad cursor');
  switch (c.m) {
    case 'full':
      if (isSnapshot(c.s) && isKey(c.k)) return c as ExportCursor;
      break;
    case 'changes':
      if (isSnapshot(c.from) && isSnapshot(c.to) && isKey(c.k)) return c as ExportCursor;
      break;
    case 'since':
      if (isSnapshot(c.s)) return c as ExportCursor;
      break;
  }
  throw new InvalidCursor('bad cursor');
}

const isPeriod = (v: unknown): v is string => typeof v === 'string' && PERIOD.test(v);

function isKey(v: unknown): v is [string, string] {
  return (
    Array.isArray(v) &&
    v.length === 2 &&
    typeof v[0] === 'string' &&
    ID.test(v[0]) &&
    typeof v[1] === 'string' &&
    SERVICE.test(v[1])
  );
}

/** A well-formed snapshot: xmin ≤ xmax and every in-progress xid within [xmin, xmax). */
export function isSnapshot(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  const m = SNAPSHOT.exec(v);
  if (!m) return false;
  const xmin = BigInt(m[1]);
  const xmax = BigInt(m[2]);
  if (xmin < 1n || xmin > xmax) return false;
  const xip = m[3] ? m[3].split(',').map((x) => BigInt(x)) : [];
  return xip.every((x) => x >= xmin && x < xmax);
}
