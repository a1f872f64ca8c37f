import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from 'src/config/configuration';
import { PdfRenderPool, RenderInput } from './pdf-render-pool';

/**
 * Renders payment-document PDFs for the process: a batch goes to DOCUMENTS_RENDER_THREADS render
 * threads (started on the first batch, stopped with the application), one document renders inline.
 */
@Injectable()
export class PaymentDocumentRenderer implements OnModuleDestroy {
  private readonly pool: PdfRenderPool;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.pool = new PdfRenderPool(config.documents.renderThreads);
  }

  /** PDFs of the contents (or their JSON texts), in input order: one promise per document. */
  renderEach(contents: RenderInput[]): Promise<Buffer>[] {
    return this.pool.renderEach(contents);
  }

  /**
   * Starts the render threads now (the worker does, so the first chunk does not wait for them);
   * resolves when they have drawn their warm-up documents (see PdfRenderPool.warm; never rejects).
   */
  warm(): Promise<void> {
    return this.pool.warm();
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.close();
  }
}
