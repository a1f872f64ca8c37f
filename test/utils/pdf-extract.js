/* eslint-disable */
// Runs outside jest (pdf.js needs real dynamic import): reads a PDF on stdin and prints
// {"text": "...", "pages": n, "qr": ["payload", ...]} with every QR code found in its images.
const { PDFParse } = require('pdf-parse');
const jsQR = require('jsqr');
const { PNG } = require('pngjs');

async function main() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const parser = new PDFParse({ data: Buffer.concat(chunks) });
  const text = await parser.getText();
  const images = await parser.getImage({ imageDataUrl: false, imageBuffer: true });
  const qr = [];
  for (const page of images.pages) {
    for (const image of page.images) {
      const png = PNG.sync.read(Buffer.from(image.data));
      const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
      if (code) qr.push(code.data);
    }
  }
  await parser.destroy();
  process.stdout.write(JSON.stringify({ text: text.text, pages: text.total, qr }));
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
