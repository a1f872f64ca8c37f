import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export interface PdfContent {
  /** All text, pages joined. */
  text: string;
  pages: number;
  /** Decoded payload of every QR code drawn as an image, in page order. */
  qr: string[];
}

/**
 * Decodes a PDF the way a reader would: its text (pdf.js) and its QR codes (jsQR over the
 * embedded images). Runs in a child process because pdf.js needs native dynamic import.
 */
export function readPdf(pdf: Buffer): PdfContent {
  const out = execFileSync(process.execPath, [join(__dirname, 'pdf-extract.js')], {
    input: pdf,
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out.toString('utf8')) as PdfContent;
}
