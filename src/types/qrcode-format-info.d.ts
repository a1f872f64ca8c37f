/** The `qrcode` package's format-information encoder (lib/core/format-info.js; untyped upstream). */
declare module 'qrcode/lib/core/format-info' {
  /** The 15 format bits of an error correction level and a mask pattern: BCH(15,5), masked. */
  export function getEncodedBits(errorCorrectionLevel: { bit: number }, mask: number): number;
}
