import QRCode from 'qrcode';

/**
 * The QR code as an opaque 8-bit grayscale PNG (no alpha channel), black on white with the quiet
 * zone, error correction M — the shared `qrPng` options, written without alpha. pdfkit embeds an
 * opaque grayscale PNG as it is; a PNG with alpha is split into an image and a soft mask
 * asynchronously, and with two or more QR codes on a page the object order (so the file's bytes)
 * then depends on timing. Frozen documents must re-render byte for byte, so they use this one.
 */
export function opaqueQrPng(payload: string, sizePx = 240): Promise<Buffer> {
  return QRCode.toBuffer(payload, {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: 4,
    width: sizePx,
    color: { dark: '#000000', light: '#ffffff' },
    rendererOpts: {
      colorType: 0,
      inputHasAlpha: true,
    } as unknown as QRCode.QRCodeToBufferOptions['rendererOpts'],
  });
}
