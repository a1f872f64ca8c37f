import QRCode from 'qrcode';

/**
 * A QR code as a PNG, black on white with the quiet zone, for pdfkit's `doc.image`. Error
 * correction M, as payment terminals and banking apps read it reliably from paper.
 */
export function qrPng(payload: string, sizePx = 300): Promise<Buffer> {
  return QRCode.toBuffer(payload, {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: 4,
    width: sizePx,
    color: { dark: '#000000', light: '#ffffff' },
  });
}
