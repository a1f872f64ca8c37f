import { crc32, deflateSync } from 'node:zlib';
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
 */
export function opaqueQrPng(payload: string): Buffer {
  const qr = QRCode.create(payload, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const side = (n + 2 * QUIET) * SCALE;
  const stride = side + 1; // one filter byte (0 = none) per row
  const raw = Buffer.alloc(stride * side, 0xff);
  for (let y = 0; y < side; y++) raw[y * stride] = 0;
  for (let my = 0; my < n; my++) {
    for (let mx = 0; mx < n; mx++) {
      if (!qr.modules.get(my, mx)) continue;
      for (let dy = 0; dy < SCALE; dy++) {
        const row = ((my + QUIET) * SCALE + dy) * stride + 1 + (mx + QUIET) * SCALE;
        raw.fill(0, row, row + SCALE);
      }
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
    chunk('IDAT', deflateSync(raw, { level: 6 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}
