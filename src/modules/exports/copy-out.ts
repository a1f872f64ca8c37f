import { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { PoolClient } from 'pg';

/**
 * The values of a one-column `COPY (…) TO STDOUT (FORMAT binary)` as one byte stream, read over the
 * connection of a `pg` client with back-pressure: when the consumer stops reading, the client's socket
 * is paused, so PostgreSQL blocks on a full TCP window and the process holds at most one socket read
 * (≤ 64 KB) and one batch. Binary COPY passes each `text` value as its raw bytes (no COPY escaping),
 * so a query that formats whole lines streams the file as is.
 *
 * Binary COPY framing (PostgreSQL docs, "COPY — Binary Format"): an 11-byte signature, a 32-bit flags
 * field and a 32-bit header-extension length (+ that many bytes); then per tuple a 16-bit field count
 * and per field a 32-bit length (-1 = NULL) and the bytes; a field count of -1 ends the data. The
 * parser accepts the frames split anywhere.
 */
export class CopyBinaryColumn {
  private state: 'signature' | 'extension' | 'tuple' | 'length' | 'value' | 'done' = 'signature';
  private need = 19;
  private readonly small = Buffer.alloc(19);
  private have = 0;
  /** Tuples (rows) completely read. */
  rows = 0;

  /** `emit` gets slices of the frame: copy them if they must outlive the call. */
  constructor(private readonly emit: (bytes: Buffer) => void) {}

  get finished(): boolean {
    return this.state === 'done';
  }

  push(frame: Buffer): void {
    let at = 0;
    while (at < frame.length) {
      if (this.state === 'done') throw new Error('COPY binary: data after the trailer');
      if (this.state === 'value') {
        const take = Math.min(this.need, frame.length - at);
        this.emit(frame.subarray(at, at + take));
        at += take;
        this.need -= take;
        if (this.need === 0) this.endValue();
        continue;
      }
      if (this.state === 'extension') {
        const skip = Math.min(this.need, frame.length - at);
        at += skip;
        this.need -= skip;
        if (this.need === 0) this.expect('tuple', 2);
        continue;
      }
      // Fixed-size fields, gathered across frames when split.
      const take = Math.min(this.need - this.have, frame.length - at);
      frame.copy(this.small, this.have, at, at + take);
      this.have += take;
      at += take;
      if (this.have < this.need) return;
      this.fixed();
    }
  }

  private expect(state: CopyBinaryColumn['state'], need: number): void {
    this.state = state;
    this.need = need;
    this.have = 0;
  }

  private fixed(): void {
    const b = this.small;
    switch (this.state) {
      case 'signature': {
        if (b.toString('latin1', 0, 11) !== 'PGCOPY\n\xff\r\n\0')
          throw new Error('COPY binary: bad signature');
        const extension = b.readUInt32BE(15);
        if (extension > 0) this.expect('extension', extension);
        else this.expect('tuple', 2);
        return;
      }
      case 'tuple': {
        const fields = b.readInt16BE(0);
        if (fields === -1) return this.expect('done', 0);
        if (fields !== 1) throw new Error(`COPY binary: ${fields} columns, expected 1`);
        return this.expect('length', 4);
      }
      case 'length': {
        const length = b.readInt32BE(0);
        if (length <= 0) return this.endValue(); // NULL or empty: nothing to emit
        return this.expect('value', length);
      }
      default:
        throw new Error(`COPY binary: unexpected state ${this.state}`);
    }
  }

  private endValue(): void {
    this.rows += 1;
    this.expect('tuple', 2);
  }
}

interface PgConnection extends NodeJS.EventEmitter {
  stream: Socket;
}

/**
 * Runs `copySql` (a one-text-column binary COPY TO STDOUT) on `client` and returns its values as a
 * readable byte stream, batched into chunks of about `batchBytes`, preceded by `head`. `rows()` is
 * the number of values read so far. The caller owns the client: on an error (or if the consumer
 * stops early) the connection must be discarded, since the COPY may still be running on it.
 */
export function copyOutStream(
  client: PoolClient,
  copySql: string,
  opts: { head?: string; batchBytes?: number; onRow?: () => void } = {},
): Readable & { rows(): number } {
  const conn = (client as unknown as { connection: PgConnection }).connection;
  const socket = conn.stream;
  const batchBytes = opts.batchBytes ?? 64 * 1024;
  let batch = Buffer.allocUnsafe(batchBytes);
  let used = 0;
  let started = false;
  let paused = false;

  const out = new Readable({
    highWaterMark: batchBytes,
    read() {
      if (!started) {
        started = true;
        start();
      } else if (paused) {
        paused = false;
        socket.resume();
      }
    },
    destroy(err, cb) {
      detach();
      if (paused) socket.resume();
      cb(err);
    },
  }) as Readable & { rows(): number };

  const flush = () => {
    if (used === 0) return;
    // The batch is handed over: the next one gets a fresh buffer (the pushed one may sit in a queue).
    const chunk = batch.subarray(0, used);
    batch = Buffer.allocUnsafe(batchBytes);
    used = 0;
    if (!out.push(chunk) && !paused) {
      paused = true;
      socket.pause();
    }
  };

  // pg reuses its read buffer, so every value's bytes are copied into the batch before returning.
  const parser = new CopyBinaryColumn((bytes) => {
    let at = 0;
    while (at < bytes.length) {
      const take = Math.min(bytes.length - at, batchBytes - used);
      bytes.copy(batch, used, at, at + take);
      used += take;
      at += take;
      if (used === batchBytes) flush();
    }
  });
  let counted = 0;
  const onCopyData = (msg: { chunk: Buffer }) => {
    try {
      parser.push(msg.chunk);
    } catch (e) {
      out.destroy(e as Error);
      return;
    }
    while (counted < parser.rows) {
      counted += 1;
      opts.onRow?.();
    }
    if (used >= batchBytes / 2) flush();
  };
  const detach = () => conn.off('copyData', onCopyData);

  function start(): void {
    if (opts.head) out.push(Buffer.from(opts.head, 'utf8'));
    conn.on('copyData', onCopyData);
    client.query(copySql).then(
      () => {
        detach();
        if (!parser.finished) return out.destroy(new Error('COPY binary: ended without its trailer'));
        flush();
        out.push(null);
      },
      (e: Error) => {
        detach();
        out.destroy(e);
      },
    );
  }

  out.rows = () => parser.rows;
  return out;
}
