import { Module } from '@nestjs/common';
import { PenaltyRulesModule } from '../penalties/rules/penalty-rules.module';
import { DOCUMENT_PROVIDERS } from './documents.module';
import { DocumentChunkProcessor } from './jobs/document-chunk.processor';

/** Worker side of payment documents: the batch chunk processor (PDF rendering off the API process). */
@Module({
  imports: [PenaltyRulesModule],
  providers: [...DOCUMENT_PROVIDERS, DocumentChunkProcessor],
})
export class DocumentsWorkerModule {}
