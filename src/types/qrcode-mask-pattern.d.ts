/** The `qrcode` package's mask penalty rules (lib/core/mask-pattern.js; untyped upstream), for tests. */
declare module 'qrcode/lib/core/mask-pattern' {
  /** A module matrix as `QRCode.create` gives it (`modules`). */
  type BitMatrix = { size: number; data: Uint8Array };
  export function getPenaltyN1(data: BitMatrix): number;
  export function getPenaltyN2(data: BitMatrix): number;
  export function getPenaltyN3(data: BitMatrix): number;
  export function getPenaltyN4(data: BitMatrix): number;
}
