import { parentPort, workerData } from 'node:worker_threads';
import { PaymentDocumentContent } from '../domain/payment-document.types';
import { renderPaymentDocumentPdf } from '../payment-document.render';
import { specimenContents } from './specimen';

/**
 * Body of a render thread (PdfRenderPool): receives frozen contents, answers the PDF bytes. The
 * fonts are parsed once per thread, on its first document — or, with `workerData.warmUp`, on that
 * many specimen documents drawn at start-up (the seeded font programs encoded, the drawing code
 * compiled), so the first documents of a batch render at full speed. The PDF is a pure function of
 * the content, so a thread renders the same bytes as the main thread would, warmed up or not.
 */
export interface RenderRequest {
  id: number;
  /** The content, or its JSON text. */
  content: PaymentDocumentContent | string;
}

export type RenderReply = { id: number; pdf: ArrayBuffer } | { id: number; error: string };

/** Posted once by a thread started with `warmUp` when its specimen documents are drawn (or failed). */
export interface WarmedReply {
  warmed: true;
}

async function warmUp(documents: number): Promise<void> {
  for (const content of specimenContents(documents)) await renderPaymentDocumentPdf(content);
}

const warm = Number((workerData as { warmUp?: number } | null)?.warmUp ?? 0);
if (warm > 0) {
  void warmUp(warm)
    .catch(() => undefined)
    .finally(() => parentPort?.postMessage({ warmed: true } satisfies WarmedReply));
}

parentPort?.on('message', (req: RenderRequest) => {
  const content =
    typeof req.content === 'string' ? (JSON.parse(req.content) as PaymentDocumentContent) : req.content;
  renderPaymentDocumentPdf(content).then(
    (pdf) => {
      // A fresh ArrayBuffer of exactly the file, moved (not copied) to the caller.
      const bytes = new Uint8Array(pdf.length);
      bytes.set(pdf);
      const reply: RenderReply = { id: req.id, pdf: bytes.buffer };
      parentPort!.postMessage(reply, [bytes.buffer]);
    },
    (e: unknown) => {
      const reply: RenderReply = { id: req.id, error: e instanceof Error ? e.message : String(e) };
      parentPort!.postMessage(reply);
    },
  );
});
