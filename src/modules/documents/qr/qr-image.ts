import { constants, crc32, deflateSync } from 'node:zlib';
import QRCode from 'qrcode';

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
 * version on our payloads; a reader decodes the same text either way.
 */
export function opaqueQrPng(payload: string): Buffer {
  const qr = QRCode.create([{ data: Buffer.from(payload, 'utf8'), mode: 'byte' }], {
    errorCorrectionLevel: 'M',
  });
  const n = qr.modules.size;
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
      if (!qr.modules.get(my, mx)) continue;
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
