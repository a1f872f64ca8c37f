import { Client } from 'pg';

/**
 * Named prepared statements for the hot statements of the API (issue 8). `prepared(text)` marks a
 * statement text and returns it unchanged; a connection of the pool (`PreparingClient`) runs a
 * marked text with parameters as a named statement: parsed once per connection, then only bound and
 * executed (no Parse message, no parse/analysis on the server; PostgreSQL may also keep its plan).
 * Same text, same parameters, same rows. Unmarked statements run as before.
 *
 * Only fixed texts should be marked: a text that varies with its input would make a statement per
 * variant on every connection; at most `MAX_PREPARED` texts are marked, later ones run unnamed.
 */
export function prepared(text: string): string {
  if (!NAMES.has(text) && NAMES.size < MAX_PREPARED) NAMES.set(text, `abonent_${NAMES.size + 1}`);
  return text;
}

/**
 * The text of a statement over a set of keys (`= ANY($1::bigint[])`, every occurrence) for a single
 * key (`= $1::bigint`, the parameter given as a scalar). For a named statement this decides its plan:
 * PostgreSQL plans a prepared statement for its first five executions with the values bound, then
 * keeps a generic plan only if its estimate is not worse. With an array parameter the generic plan
 * assumes ten keys, so every request of one account was planned anew (the API's ledger read: ~1 ms
 * of planning for ~0.5 ms of execution, on every request); with a scalar the generic plan's estimate
 * equals the bound one and it is kept. Same rows either way. Cached, so the text (and its statement
 * name) is the same on every call.
 */
export function forOneKey(text: string): string {
  let one = ONE_KEY.get(text);
  if (one === undefined) {
    one = text.replaceAll('= ANY($1::bigint[])', '= $1::bigint');
    if (one === text || one.includes('$1::bigint[]')) {
      throw new Error('forOneKey: the text must use $1 only as "= ANY($1::bigint[])"');
    }
    ONE_KEY.set(text, one);
  }
  return one;
}

const ONE_KEY = new Map<string, string>();

/**
 * The text and the $1 parameter of a statement over a set of keys (`= ANY($1::bigint[])`) for `keys`:
 * one key as a scalar (`forOneKey`, so its prepared statement keeps a generic plan), several as the array.
 */
export function byKeys(text: string, keys: string[]): { text: string; key: string | string[] } {
  return keys.length === 1 ? { text: forOneKey(text), key: keys[0] } : { text, key: keys };
}

/** The statement name of a marked text (for tests). */
export function preparedName(text: string): string | undefined {
  return NAMES.get(text);
}

const NAMES = new Map<string, string>();
const MAX_PREPARED = 200;

type QueryFn = (config: unknown, values?: unknown, callback?: unknown) => unknown;

/** pg's Client, running marked texts as named statements (the pool's `Client` option). */
export class PreparingClient extends Client {}

const plainQuery = Client.prototype.query as unknown as QueryFn;
(PreparingClient.prototype as unknown as { query: QueryFn }).query = function (
  this: Client,
  config: unknown,
  values?: unknown,
  callback?: unknown,
): unknown {
  if (typeof config === 'string' && Array.isArray(values)) {
    const name = NAMES.get(config);
    if (name) return plainQuery.call(this, { name, text: config, values }, callback);
  }
  return plainQuery.call(this, config, values, callback);
};
