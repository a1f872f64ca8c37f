/** Something that runs one SQL statement: a TypeORM EntityManager or QueryRunner inside a transaction. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

export interface ChunkSettings {
  /** `work_mem` for the transaction (a PostgreSQL memory size such as '32MB'); unset = the server's. */
  workMem?: string;
  /**
   * `synchronous_commit = off` for the transaction: its COMMIT does not wait for the WAL flush. Only
   * for a caller that waits for the flush itself before anything depends on the commit (the billing
   * batch: `flushedCommit` in billing-building.processor.ts).
   */
  asynchronousCommit?: boolean;
}

/**
 * Settings for one chunk transaction of a batch job (billing, penalties), for that transaction only
 * (`set_config(…, true)` = SET LOCAL), in one round trip; with `asynchronousCommit`, also
 * `synchronous_commit = off` (see ChunkSettings).
 *
 * - **JIT off.** A chunk's statements are planned afresh for every chunk and each touches a few
 *   thousand rows, but their cost estimates grow with the tables: at L (1 000 000 accounts) the
 *   penalty chunk statement is estimated at ~185 000 and the billing run's readings query at ~236 000,
 *   above the default `jit_above_cost` (100 000), so PostgreSQL compiled each of them with LLVM on
 *   every execution. auto_explain at L: 122 ms of JIT in a 504 ms penalty chunk statement (25.8 s
 *   over the run's 200 chunks); the readings query of a 20-building billing chunk 108–133 ms with JIT
 *   against 59–71 ms without. At S and M the estimates stay below the threshold, so nothing changes there.
 * - **`work_mem`** when asked: the penalty chunk's sort of its rows (25 000 at 5 000 accounts) spilled
 *   ~5 MB to disk with the default 4 MB.
 */
export async function applyChunkSettings(m: Queryable, s: ChunkSettings = {}): Promise<void> {
  const calls = [`set_config('jit', 'off', true)`];
  if (s.asynchronousCommit) calls.push(`set_config('synchronous_commit', 'off', true)`);
  if (s.workMem === undefined) {
    await m.query(`SELECT ${calls.join(', ')}`);
  } else {
    await m.query(`SELECT ${[...calls, `set_config('work_mem', $1, true)`].join(', ')}`, [s.workMem]);
  }
}
