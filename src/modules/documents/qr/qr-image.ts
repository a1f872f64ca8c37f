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
 * a version-16 code); here the code is built once with mask 0, unmasked, and the eight candidates
 * scored over flat arrays with the library's own rules (same runs, 2×2 blocks, 1:1:3:1:1 windows
 * and dark share, format bits of each mask in place), then the best one is kept.
 */
export function qrModules(payload: string): { size: number; data: Uint8Array; maskPattern: number } {
  const qr = QRCode.create([{ data: Buffer.from(payload, 'utf8'), mode: 'byte' }], {
    errorCorrectionLevel: 'M',
    maskPattern: 0,
  });
  const size = qr.modules.size;
  const masks = maskTables(qr.version, size, qr.modules.reservedBit);
  const base = qr.modules.data;
  // Undo mask 0 on the data region.
  for (let i = 0; i < base.length; i++) base[i] ^= masks[0][i];
  const level = qr.errorCorrectionLevel as unknown as { bit: number };
  let best: Uint8Array | null = null;
  let bestPattern = 0;
  let lowest = Infinity;
  const candidate = new Uint8Array(base.length);
  for (let p = 0; p < 8; p++) {
    const mask = masks[p];
    for (let i = 0; i < base.length; i++) candidate[i] = base[i] ^ mask[i];
    setFormatBits(candidate, size, getEncodedBits(level, p));
    const penalty = penaltyOf(candidate, size, lowest);
    if (penalty < lowest) {
      lowest = penalty;
      bestPattern = p;
      best = candidate.slice();
    }
  }
  return { size, data: best!, maskPattern: bestPattern };
}

/** Per version: for each mask pattern, 1 where it flips a module of the data region. */
const MASK_TABLES = new Map<number, Uint8Array[]>();

function maskTables(version: number, size: number, reserved: Uint8Array): Uint8Array[] {
  let tables = MASK_TABLES.get(version);
  if (tables) return tables;
  tables = [];
  for (let p = 0; p < 8; p++) {
    const t = new Uint8Array(size * size);
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < size; j++) {
        if (!reserved[i * size + j] && maskAt(p, i, j)) t[i * size + j] = 1;
      }
    }
    tables.push(t);
  }
  MASK_TABLES.set(version, tables);
  return tables;
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

/** Writes the format bits beside the finder patterns, and the dark module (as the library does). */
function setFormatBits(m: Uint8Array, size: number, bits: number): void {
  for (let i = 0; i < 15; i++) {
    const mod = (bits >> i) & 1;
    const row = i < 6 ? i : i < 8 ? i + 1 : size - 15 + i;
    m[row * size + 8] = mod;
    const col = i < 8 ? size - i - 1 : i < 9 ? 15 - i : 15 - i - 1;
    m[8 * size + col] = mod;
  }
  m[(size - 8) * size + 8] = 1;
}

/**
 * N1 (runs of 5+: 3 + excess), N2 (2×2 blocks: 3 each), N3 (1:1:3:1:1 windows: 40 each), N4 (dark
 * share: 10 per 5 %), in one pass over the rows (each row's column read alongside). Every term is
 * non-negative, so once the sum reaches `bound` (the lowest so far, which a later mask must beat
 * strictly) the rest is not counted: the answer is then ≥ bound, and the mask is not chosen.
 */
function penaltyOf(m: Uint8Array, size: number, bound: number): number {
  let penalty = 0;
  let dark = 0;
  for (let a = 0; a < size; a++) {
    // Row a (step 1) and column a (step size) together.
    let runRow = 0;
    let runCol = 0;
    let lastRow = -1;
    let lastCol = -1;
    let bitsRow = 0;
    let bitsCol = 0;
    const rowStart = a * size;
    const above = rowStart - size;
    for (let b = 0; b < size; b++) {
      const r = m[rowStart + b];
      dark += r;
      if (r === lastRow) runRow++;
      else {
        if (runRow >= 5) penalty += 3 + runRow - 5;
        lastRow = r;
        runRow = 1;
      }
      bitsRow = ((bitsRow << 1) & 0x7ff) | r;
      if (b >= 10 && (bitsRow === 0x5d0 || bitsRow === 0x05d)) penalty += 40;
      if (a > 0 && b > 0) {
        // The 2×2 block whose bottom-right module this is.
        const sum = r + m[rowStart + b - 1] + m[above + b] + m[above + b - 1];
        if (sum === 4 || sum === 0) penalty += 3;
      }
      const c = m[b * size + a];
      if (c === lastCol) runCol++;
      else {
        if (runCol >= 5) penalty += 3 + runCol - 5;
        lastCol = c;
        runCol = 1;
      }
      bitsCol = ((bitsCol << 1) & 0x7ff) | c;
      if (b >= 10 && (bitsCol === 0x5d0 || bitsCol === 0x05d)) penalty += 40;
    }
    if (runRow >= 5) penalty += 3 + runRow - 5;
    if (runCol >= 5) penalty += 3 + runCol - 5;
    if (penalty >= bound) return penalty;
  }
  return penalty + Math.abs(Math.ceil((dark * 100) / m.length / 5) - 10) * 10;
}
