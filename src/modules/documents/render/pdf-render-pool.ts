import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PaymentDocumentContent } from '../domain/payment-document.types';
import { renderPaymentDocumentPdf } from '../payment-document.render';
import type { RenderReply, RenderRequest, WarmedReply } from './pdf-render.thread';

/**
 * A document to render: its content, or the content's JSON text — which passes to a thread as one
 * string (a copy) instead of a structured clone of the object, and is parsed there.
 */
export type RenderInput = PaymentDocumentContent | string;

/** The content of a render input. */
export const contentOf = (c: RenderInput): PaymentDocumentContent =>
  typeof c === 'string' ? (JSON.parse(c) as PaymentDocumentContent) : c;

/** Specimen documents a thread draws when the pool is warmed (see pdf-render.thread). */
const WARM_UP_DOCUMENTS = 12;
/** Documents handed to one thread at a time (see dispatch). */
const THREAD_DEPTH = 4;

interface Slot {
  worker: Worker;
  busy: number;
  /** Settles when the thread has drawn its warm-up documents, failed or exited (threads started warm only). */
  warmed?: Promise<void>;
}

/**
 * A small pool of render threads (node:worker_threads) so a process renders PDFs on several cores.
 * Threads start on the first batch and live until close(); each takes the next document when it
 * answers the previous one, so a slow document does not hold back the others. With size 0, or
 * where the compiled thread script is missing (ts-jest runs the sources), PDFs render inline in the
 * calling thread — the same bytes either way, since the PDF is a pure function of the content.
 */
export class PdfRenderPool {
  private slots: Slot[] = [];
  private readonly pending = new Map<number, { resolve: (b: Buffer) => void; reject: (e: Error) => void }>();
  private readonly queue: RenderRequest[] = [];
  private nextId = 1;

  /** `script`: the compiled thread body (tests pass the built one from dist). */
  constructor(
    private readonly size: number,
    private readonly script = join(__dirname, 'pdf-render.thread.js'),
  ) {}

  /**
   * Starts the threads ahead of the first batch, each drawing WARM_UP_DOCUMENTS specimen documents
   * (module loading, font parsing and compiling off the path of the first real documents). Resolves
   * when every thread has drawn them (or failed, or exited: never rejects) — at once when rendering
   * is inline or the threads were started by a batch; calling it again while they warm returns the
   * same wait.
   */
  warm(): Promise<void> {
    if (this.threads > 0 && this.slots.length === 0) this.start(WARM_UP_DOCUMENTS);
    return Promise.all(this.slots.map((s) => s.warmed)).then(() => undefined);
  }

  /** Threads this pool renders on (0: inline). */
  get threads(): number {
    return this.size > 0 && existsSync(this.script) ? this.size : 0;
  }

  /**
   * Renders the documents (each a content, or its JSON text), in input order. One document renders
   * inline (no hand-off to a thread).
   */
  renderAll(contents: RenderInput[]): Promise<Buffer[]> {
    return Promise.all(this.renderEach(contents));
  }

  /**
   * renderAll with one promise per document, each settling when its PDF is done (on the threads,
   * in input order of dispatch); inline, one after another (a failure fails the ones after it).
   */
  renderEach(contents: RenderInput[]): Promise<Buffer>[] {
    if (this.threads === 0 || contents.length < 2) {
      let previous: Promise<unknown> = Promise.resolve();
      return contents.map((c) => {
        const pdf = previous.then(() => renderPaymentDocumentPdf(contentOf(c)));
        previous = pdf;
        return pdf;
      });
    }
    return contents.map((c) => this.submit(c));
  }

  async close(): Promise<void> {
    const slots = this.slots;
    this.slots = [];
    await Promise.all(slots.map((s) => s.worker.terminate()));
    for (const p of this.pending.values()) p.reject(new Error('render pool closed'));
    this.pending.clear();
    this.queue.length = 0;
  }

  private submit(content: RenderInput): Promise<Buffer> {
    if (this.slots.length === 0) this.start();
    const id = this.nextId++;
    const result = new Promise<Buffer>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.queue.push({ id, content });
    this.dispatch();
    return result;
  }

  private start(warmUp = 0): void {
    for (let i = 0; i < this.threads; i++) {
      const slot: Slot = { worker: new Worker(this.script, { workerData: { warmUp } }), busy: 0 };
      if (warmUp > 0) {
        slot.warmed = new Promise<void>((resolve) => {
          slot.worker.on('message', (r: RenderReply | WarmedReply) => 'warmed' in r && resolve());
          slot.worker.once('error', () => resolve());
          slot.worker.once('exit', () => resolve());
        });
      }
      slot.worker.on('message', (r: RenderReply | WarmedReply) => {
        if ('warmed' in r) return;
        slot.busy--;
        const p = this.pending.get(r.id);
        this.pending.delete(r.id);
        if (p) {
          if ('error' in r) p.reject(new Error(`PDF rendering failed: ${r.error}`));
          else p.resolve(Buffer.from(r.pdf));
        }
        this.dispatch();
      });
      slot.worker.on('error', (e) => this.fail(slot, e));
      slot.worker.on('exit', (code) => {
        if (this.slots.includes(slot)) this.fail(slot, new Error(`render thread exited with code ${code}`));
      });
      slot.worker.unref();
      this.slots.push(slot);
    }
  }

  /** A thread died: every document in flight fails (the chunk is retried) and the pool restarts on next use. */
  private fail(slot: Slot, e: Error): void {
    if (!this.slots.includes(slot)) return;
    const others = this.slots.filter((s) => s !== slot);
    this.slots = [];
    void Promise.all(others.map((s) => s.worker.terminate()));
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
    this.queue.length = 0;
  }

  /**
   * Keeps every thread at most THREAD_DEPTH documents deep (one rendering, the others waiting in its
   * port): deep enough that a thread does not run dry while the main thread is busy for a while
   * (building a chunk's contents, parsing a large result), shallow enough that the last documents
   * of a batch spread over all threads.
   */
  private dispatch(): void {
    for (const slot of [...this.slots].sort((a, b) => a.busy - b.busy)) {
      while (slot.busy < THREAD_DEPTH && this.queue.length > 0) {
        const req = this.queue.shift()!;
        slot.busy++;
        slot.worker.postMessage(req);
      }
    }
  }
}
