/**
 * The lowest and highest of a chunk's account ids (bigint strings), for `account_id BETWEEN lo AND hi`
 * beside `account_id = ANY(ids)`: a chunk is a run of consecutive debtors, so the range lets the
 * planner read the chunk's part of an (account_id, …) index instead of scanning a whole table with the
 * id list as a filter (charge lines at M: 0.3 s instead of 1.1 s a chunk; penalty_accruals, which grows
 * every night, through its unique key instead of every earlier night's rows).
 */
export function idRange(ids: readonly string[]): [string, string] {
  let lo = BigInt(ids[0]);
  let hi = lo;
  for (const id of ids) {
    const n = BigInt(id);
    if (n < lo) lo = n;
    if (n > hi) hi = n;
  }
  return [lo.toString(), hi.toString()];
}
