import { constants, crc32, deflateSync } from 'node:zlib';
import QRCode from 'qrcode';
import { getEncodedBits } from 'qrcode/lib/core/format-info';

/** Pixels per QR module and modules of quiet zone (the standard asks for at least 4). */
const SCALE = 4;
const QUIET = 4;

/**
 * The QR code (error correction M, as the shared `qrPng`) as an opaque 8-bit grayscale PNG, black
 * on white with the quiet zone, written directly from the code's module matrix. Why not `qrPng`:
 * pdfkit splits a PNG with an alpha channel into an image and a soft mask asynchronously, and with
 * two or more QR codes on a page the object order — so the file's bytes — then depends on timing;
 * frozen documents must re-render byte for byte. An opaque grayscale PNG is embedded as it is, and
 * writing it from the matrix is several times faster than the generic PNG renderer.
 *
 * Cheap to compress: the first pixel row of each module row is written out, the rows repeating it
 * use PNG's "Up" filter (all zero bytes), and the rows go through deflate's run-length strategy —
 * 0.65 ms and 3.7 KB for a version-16 code, against 4.9 ms and 2.9 KB with the default strategy.
 * The payload is one byte-mode segment of its UTF-8 bytes (what the GOST header `ST00012` declares):
 * the library's mixed-mode optimiser costs more than the rest of the encoding and gives the same
 * version on our payloads; a reader decodes the same text either way. The modules are the
 * library's, mask included (see qrModules).
 */
export function opaqueQrPng(payload: string): Buffer {
  const qr = qrModules(payload);
  const n = qr.size;
  const side = (n + 2 * QUIET) * SCALE;
  const stride = side + 1; // one filter byte per row
  const raw = Buffer.alloc(stride * side, 0);
  for (let y = 0; y < side; y++) {
    const at = y * stride;
    const my = Math.floor(y / SCALE) - QUIET;
    // The same pixels as the row above: filter 2 ("Up") and zero differences.
    if (y % SCALE !== 0 || (y > 0 && (my < 0 || my >= n) && my !== n)) {
      raw[at] = FILTER_UP;
      continue;
    }
    raw.fill(0xff, at + 1, at + stride);
    if (my < 0 || my >= n) continue;
    for (let mx = 0; mx < n; mx++) {
      if (!qr.data[my * n + mx]) continue;
      const x = at + 1 + (mx + QUIET) * SCALE;
      raw.fill(0, x, x + SCALE);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // colour type: grayscale, no alpha
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 6, strategy: constants.Z_RLE })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const FILTER_UP = 2;

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * The code's modules (row-major, 1 = dark) exactly as `QRCode.create` gives them with error
 * correction M and the mask it selects — the standard's: the lowest penalty N1 + N2 + N3 + N4, the
 * first on a tie. The library scores the eight masks through per-module method calls (~2.5 ms for
 * a version-16 code); here the code is built once with mask 0, unmasked, packed into 32-bit words
 * (each row, and each column, a bit line), and the eight candidates — the packed code XOR the
 * packed mask, with that mask's format bits — scored 32 modules at a time with the library's own
 * rules (see penaltyOf); the best one is then written out as modules.
 */
export function qrModules(payload: string): { size: number; data: Uint8Array; maskPattern: number } {
  const { size, t, base, level, packed } = unmaskedCode(payload);
  const candidate = new Int32Array(packed.length);
  let bestPattern = 0;
  let lowest = Infinity;
  for (let p = 0; p < 8; p++) {
    const mask = t.packedMasks[p];
    for (let i = 0; i < packed.length; i++) candidate[i] = packed[i] ^ mask[i];
    setPackedFormatBits(candidate, size, t.stride, getEncodedBits(level, p));
    const penalty = penaltyOf(candidate, size, t, lowest);
    if (penalty < lowest) {
      lowest = penalty;
      bestPattern = p;
    }
  }
  const data = new Uint8Array(base.length);
  const mask = t.masks[bestPattern];
  for (let i = 0; i < base.length; i++) data[i] = base[i] ^ mask[i];
  setFormatBits(data, size, getEncodedBits(level, bestPattern));
  return { size, data, maskPattern: bestPattern };
}

/** The payload's code built by the library with mask 0, that mask undone, and packed into words. */
function unmaskedCode(payload: string) {
  const qr = QRCode.create([{ data: Buffer.from(payload, 'utf8'), mode: 'byte' }], {
    errorCorrectionLevel: 'M',
    maskPattern: 0,
  });
  const size = qr.modules.size;
  const t = tablesOf(qr.version, size, qr.modules.reservedBit);
  const base = qr.modules.data;
  // Undo mask 0 on the data region.
  for (let i = 0; i < base.length; i++) base[i] ^= t.masks[0][i];
  const level = qr.errorCorrectionLevel as unknown as { bit: number };
  return { size, t, base, level, packed: pack(base, size, t.stride) };
}

/**
 * The penalty of each of the eight masks on the payload's code, scored in full (no early stop):
 * what qrModules compares, for tests against the library's own penalty rules.
 */
export function qrMaskPenalties(payload: string): number[] {
  const { size, t, level, packed } = unmaskedCode(payload);
  return t.packedMasks.map((mask, p) => {
    const candidate = packed.map((w, i) => w ^ mask[i]);
    setPackedFormatBits(candidate, size, t.stride, getEncodedBits(level, p));
    return penaltyOf(candidate, size, t, Infinity);
  });
}

/**
 * Per version: for each mask pattern, 1 where it flips a module of the data region (row-major
 * bytes, and packed as pack() does); the words of a line; which bits of a line's words may start a
 * 2-, 5- or 11-module window.
 */
interface VersionTables {
  masks: Uint8Array[];
  packedMasks: Int32Array[];
  /** Words per line: enough for `size` bits, plus one zero word (the shifts read the next word). */
  stride: number;
  from2: Int32Array;
  from5: Int32Array;
  from11: Int32Array;
}

const VERSION_TABLES = new Map<number, VersionTables>();

function tablesOf(version: number, size: number, reserved: Uint8Array): VersionTables {
  let t = VERSION_TABLES.get(version);
  if (t) return t;
  const stride = Math.ceil(size / 32) + 1;
  const masks: Uint8Array[] = [];
  for (let p = 0; p < 8; p++) {
    const m = new Uint8Array(size * size);
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < size; j++) {
        if (!reserved[i * size + j] && maskAt(p, i, j)) m[i * size + j] = 1;
      }
    }
    masks.push(m);
  }
  // Bit j of a line's words is set where a window of `width` modules starting at j fits the line.
  const starts = (width: number) => {
    const w = new Int32Array(stride);
    for (let j = 0; j + width <= size; j++) w[j >>> 5] |= 1 << (j & 31);
    return w;
  };
  t = {
    masks,
    packedMasks: masks.map((m) => pack(m, size, stride)),
    stride,
    from2: starts(2),
    from5: starts(5),
    from11: starts(11),
  };
  VERSION_TABLES.set(version, t);
  return t;
}

/**
 * Row-major modules as bit lines: `size` rows, then `size` columns, `stride` words each; module j
 * of a line is bit j % 32 of its word j / 32 (the bits past the line and the last word stay 0).
 */
function pack(m: Uint8Array, size: number, stride: number): Int32Array {
  const out = new Int32Array(2 * size * stride);
  const cols = size * stride;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      if (!m[i * size + j]) continue;
      out[i * stride + (j >>> 5)] |= 1 << (j & 31);
      out[cols + j * stride + (i >>> 5)] |= 1 << (i & 31);
    }
  }
  return out;
}

/** ISO/IEC 18004 data mask patterns (row i, column j). */
function maskAt(p: number, i: number, j: number): boolean {
  switch (p) {
    case 0:
      return (i + j) % 2 === 0;
    case 1:
      return i % 2 === 0;
    case 2:
      return j % 3 === 0;
    case 3:
      return (i + j) % 3 === 0;
    case 4:
      return (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0;
    case 5:
      return ((i * j) % 2) + ((i * j) % 3) === 0;
    case 6:
      return (((i * j) % 2) + ((i * j) % 3)) % 2 === 0;
    default:
      return (((i * j) % 3) + ((i + j) % 2)) % 2 === 0;
  }
}

/**
 * Where the library writes format bit i (0–14): beside the top-left finder down column 8 (row
 * `formatRow`), and along row 8 (column `formatCol`); then the dark module at (size − 8, 8).
 */
const formatRow = (i: number, size: number) => (i < 6 ? i : i < 8 ? i + 1 : size - 15 + i);
const formatCol = (i: number, size: number) => (i < 8 ? size - i - 1 : i < 9 ? 15 - i : 15 - i - 1);

/** Writes the format bits beside the finder patterns, and the dark module (as the library does). */
function setFormatBits(m: Uint8Array, size: number, bits: number): void {
  for (let i = 0; i < 15; i++) {
    const mod = (bits >> i) & 1;
    m[formatRow(i, size) * size + 8] = mod;
    m[8 * size + formatCol(i, size)] = mod;
  }
  m[(size - 8) * size + 8] = 1;
}

/** setFormatBits on packed lines: each module is a bit of its row and a bit of its column. */
function setPackedFormatBits(m: Int32Array, size: number, stride: number, bits: number): void {
  const put = (row: number, col: number, on: number) => {
    const r = row * stride + (col >>> 5);
    const c = (size + col) * stride + (row >>> 5);
    if (on) {
      m[r] |= 1 << (col & 31);
      m[c] |= 1 << (row & 31);
    } else {
      m[r] &= ~(1 << (col & 31));
      m[c] &= ~(1 << (row & 31));
    }
  };
  for (let i = 0; i < 15; i++) {
    const mod = (bits >> i) & 1;
    put(formatRow(i, size), 8, mod);
    put(8, formatCol(i, size), mod);
  }
  put(size - 8, 8, 1);
}

/** Set bits of a 32-bit word. */
function bitCount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/**
 * The library's penalty (mask-pattern.js) over packed lines, 32 window starts at a time — in every
 * row and every column: N1, a run of 5 or more equal modules, 3 + (length − 5) — counted as its
 * windows of 5 equal modules (length − 4) plus 2 for the window that starts it; N3, a 1:1:3:1:1
 * pattern with four light modules on either side (the library's 11-bit values 0x5D0 and 0x05D,
 * first module the highest bit), 40 each. N2, a 2×2 block of one colour, 3 each (rows a, a + 1);
 * N4, 10 per 5 % of dark share away from 50 %, as the library computes it. Every term is
 * non-negative, so once the sum reaches `bound` (the lowest so far, which a later mask must beat
 * strictly) the rest is not counted: the answer is then ≥ bound, and the mask is not chosen.
 */
function penaltyOf(m: Int32Array, size: number, t: VersionTables, bound: number): number {
  const { stride, from2, from5, from11 } = t;
  const words = stride - 1;
  let penalty = 0;
  let dark = 0;
  for (let a = 0; a < size; a++) {
    for (let line = a; line < 2 * size; line += size) {
      // Row a, then column a.
      const o = line * stride;
      let before = 0; // the last bit of the previous word's 5-windows
      for (let w = 0; w < words; w++) {
        const c = m[o + w];
        const n = m[o + w + 1];
        // sK: bit j is module j + K of the line.
        const s1 = (c >>> 1) | (n << 31);
        const s2 = (c >>> 2) | (n << 30);
        const s3 = (c >>> 3) | (n << 29);
        const s4 = (c >>> 4) | (n << 28);
        const same5 = ~(c ^ s1) & ~(c ^ s2) & ~(c ^ s3) & ~(c ^ s4) & from5[w];
        const first = same5 & ~((same5 << 1) | before);
        before = same5 >>> 31;
        penalty += bitCount(same5) + 2 * bitCount(first);
        const s5 = (c >>> 5) | (n << 27);
        const s6 = (c >>> 6) | (n << 26);
        const core = s4 & ~s5 & s6 & from11[w];
        if (core !== 0) {
          const s7 = (c >>> 7) | (n << 25);
          const s8 = (c >>> 8) | (n << 24);
          const s9 = (c >>> 9) | (n << 23);
          const s10 = (c >>> 10) | (n << 22);
          const lightAfter = core & c & ~s1 & s2 & s3 & ~(s7 | s8 | s9 | s10);
          const lightBefore = core & ~(c | s1 | s2 | s3) & s7 & s8 & ~s9 & s10;
          penalty += 40 * (bitCount(lightAfter) + bitCount(lightBefore));
        }
        if (line === a) dark += bitCount(c);
      }
    }
    if (a + 1 < size) {
      const o = a * stride;
      for (let w = 0; w < words; w++) {
        const r0 = m[o + w];
        const r1 = m[o + stride + w];
        const r0s = (r0 >>> 1) | (m[o + w + 1] << 31);
        const r1s = (r1 >>> 1) | (m[o + stride + w + 1] << 31);
        penalty += 3 * bitCount(~(r0 ^ r1) & ~(r0 ^ r0s) & ~(r1 ^ r1s) & from2[w]);
      }
    }
    if (penalty >= bound) return penalty;
  }
  return penalty + Math.abs(Math.ceil((dark * 100) / (size * size) / 5) - 10) * 10;
}
