import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { PenaltyRulesModule } from '../penalties/rules/penalty-rules.module';
import { DocumentNoticesController } from './document-notices.controller';
import { DocumentRunsRepository } from './document-runs.repository';
import { DOCUMENT_CHUNKS_QUEUE } from './jobs/document-runs.queue';
import { PaymentDocumentInputsRepository } from './payment-document-inputs.repository';
import { PaymentDocumentIssuer } from './payment-document-issuer.service';
import { DocumentRunsController, PaymentDocumentsController } from './payment-documents.controller';
import { PaymentDocumentsRepository } from './payment-documents.repository';
import { PaymentDocumentsService } from './payment-documents.service';
import { PaymentDocumentRenderer } from './render/payment-document-renderer';

/** Shared providers of payment documents (API and worker). */
export const DOCUMENT_PROVIDERS = [
  PaymentDocumentInputsRepository,
  PaymentDocumentsRepository,
  DocumentRunsRepository,
  PaymentDocumentIssuer,
  PaymentDocumentRenderer,
];

/**
 * Payment documents (ЕПД): preview, issue with gapless numbering, frozen content and PDF, corrections,
 * downloads, and batch runs queued to the worker (DocumentsWorkerModule renders them).
 */
@Module({
  imports: [PenaltyRulesModule, BullModule.registerQueue({ name: DOCUMENT_CHUNKS_QUEUE })],
  controllers: [PaymentDocumentsController, DocumentRunsController, DocumentNoticesController],
  providers: [...DOCUMENT_PROVIDERS, PaymentDocumentsService],
  exports: [PaymentDocumentsService, PaymentDocumentIssuer],
})
export class DocumentsModule {}
