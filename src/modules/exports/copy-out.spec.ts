import { CopyBinaryColumn } from './copy-out';

/** A one-column binary COPY stream as PostgreSQL frames it (signature, flags, extension, tuples, trailer). */
function copyBytes(values: (string | null)[], extension = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(19);
  head.write('PGCOPY\n\xff\r\n\0', 0, 'latin1');
  head.writeUInt32BE(0, 11);
  head.writeUInt32BE(extension.length, 15);
  const tuples = values.map((v) => {
    const bytes = v === null ? Buffer.alloc(0) : Buffer.from(v, 'utf8');
    const t = Buffer.alloc(6);
    t.writeInt16BE(1, 0);
    t.writeInt32BE(v === null ? -1 : bytes.length, 2);
    return Buffer.concat([t, bytes]);
  });
  const trailer = Buffer.alloc(2);
  trailer.writeInt16BE(-1, 0);
  return Buffer.concat([head, extension, ...tuples, trailer]);
}

function read(frames: Buffer[]): { text: string; rows: number; finished: boolean } {
  const out: Buffer[] = [];
  const parser = new CopyBinaryColumn((b) => out.push(Buffer.from(b)));
  for (const f of frames) parser.push(f);
  return { text: Buffer.concat(out).toString('utf8'), rows: parser.rows, finished: parser.finished };
}

describe('CopyBinaryColumn', () => {
  const values = ['a;b\r\n', '', null, 'Смит "Джо"\r\n', 'x'.repeat(70_000)];
  const whole = copyBytes(values, Buffer.from('ext'));

  it('passes the values through as their bytes and counts every tuple', () => {
    expect(read([whole])).toEqual({ text: values.join(''), rows: 5, finished: true });
  });

  it('reads the same whatever the frame boundaries (every field split, multi-byte letters cut)', () => {
    for (const size of [1, 2, 3, 5, 7, 19, 64, 4096]) {
      const frames: Buffer[] = [];
      for (let i = 0; i < whole.length; i += size) frames.push(whole.subarray(i, i + size));
      expect(read(frames)).toEqual({ text: values.join(''), rows: 5, finished: true });
    }
  });

  it('refuses what is not a one-column binary COPY', () => {
    expect(() => read([Buffer.from('PGCOPY\nnot binary at all')])).toThrow('bad signature');
    const two = copyBytes(['a']);
    two.writeInt16BE(2, 19);
    expect(() => read([two])).toThrow('2 columns, expected 1');
    expect(() => read([Buffer.concat([copyBytes(['a']), Buffer.from('z')])])).toThrow('after the trailer');
  });
});
