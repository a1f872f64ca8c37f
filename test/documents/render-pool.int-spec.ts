import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildPaymentDocument } from 'src/modules/documents/domain/payment-document.build';
import { anAccountInputs } from 'src/modules/documents/domain/payment-document.fixtures';
import { renderPaymentDocumentPdf } from 'src/modules/documents/payment-document.render';
import { PdfRenderPool } from 'src/modules/documents/render/pdf-render-pool';

// The compiled thread body (`npm test` builds first: pretest).
const script = join(
  __dirname,
  '..',
  '..',
  'dist',
  'src',
  'modules',
  'documents',
  'render',
  'pdf-render.thread.js',
);

describe('PdfRenderPool (render threads)', () => {
  const contents = [1, 2, 3, 4, 5].map((n) =>
    buildPaymentDocument({
      inputs: anAccountInputs(),
      period: '2026-03',
      dueDate: '2026-04-15',
      notice: 'Передавайте показания до 25 числа.',
      number: `2026-00000${n}`,
      issuedOn: '2026-04-01',
      supersedes: null,
    }),
  );

  it('renders on two threads the very bytes the main thread renders, in input order', async () => {
    expect(existsSync(script)).toBe(true);
    const pool = new PdfRenderPool(2, script);
    try {
      expect(pool.threads).toBe(2);
      const threaded = await pool.renderAll(contents);
      expect(threaded).toHaveLength(5);
      for (let i = 0; i < contents.length; i++) {
        expect(threaded[i].equals(await renderPaymentDocumentPdf(contents[i]))).toBe(true);
      }
      // Different numbers give different files: the order is the input order, not completion order.
      expect(new Set(threaded.map((b) => b.toString('base64'))).size).toBe(5);
    } finally {
      await pool.close();
    }
  });

  it('a warmed pool (specimen documents drawn first) renders the same bytes, from contents or their JSON text', async () => {
    const pool = new PdfRenderPool(2, script);
    try {
      pool.warm();
      const fromJson = await pool.renderAll(contents.map((c) => JSON.stringify(c)));
      const fromObjects = await pool.renderAll(contents);
      const each = await Promise.all(pool.renderEach(contents));
      for (let i = 0; i < contents.length; i++) {
        const inline = await renderPaymentDocumentPdf(contents[i]);
        expect(fromJson[i].equals(inline)).toBe(true);
        expect(fromObjects[i].equals(inline)).toBe(true);
        expect(each[i].equals(inline)).toBe(true);
      }
    } finally {
      await pool.close();
    }
  });

  it('warm() resolves once every thread has drawn its warm-up documents, and at once with no threads', async () => {
    const pool = new PdfRenderPool(2, script);
    try {
      let warmed = false;
      const warming = pool.warm().then(() => (warmed = true));
      // Starting two threads and drawing 12 documents each takes far longer than a turn of the loop.
      await new Promise((r) => setImmediate(r));
      expect(warmed).toBe(false);
      expect(pool.warm()).toBeInstanceOf(Promise); // a second call waits for the same threads
      await warming;
      expect(warmed).toBe(true);
      const [pdf] = await pool.renderAll([contents[0]]);
      expect(pdf.equals(await renderPaymentDocumentPdf(contents[0]))).toBe(true);
    } finally {
      await pool.close();
    }
    const inline = new PdfRenderPool(0, script);
    await expect(inline.warm()).resolves.toBeUndefined();
    await inline.close();
  });

  it('renders inline with no threads or without the compiled script', async () => {
    for (const pool of [new PdfRenderPool(0, script), new PdfRenderPool(2, join(__dirname, 'missing.js'))]) {
      expect(pool.threads).toBe(0);
      const [pdf] = await pool.renderAll([contents[0]]);
      expect(pdf.equals(await renderPaymentDocumentPdf(contents[0]))).toBe(true);
      const [fromJson] = await pool.renderAll([JSON.stringify(contents[0])]);
      expect(fromJson.equals(pdf)).toBe(true);
      await pool.close();
    }
  });
});
