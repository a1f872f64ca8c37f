/** Queue, job name, payload and job-id builder of batch issue (BullMQ rejects ':' in ids). */
export const DOCUMENT_CHUNKS_QUEUE = 'document-chunks';
export const DOCUMENT_CHUNK_JOB = 'document-run.chunk';

export interface DocumentChunkJobData {
  runId: string;
  chunkId: string;
}

export const documentChunkJobId = (runId: string, chunkId: string): string =>
  `docrun-${runId}-chunk-${chunkId}`;
