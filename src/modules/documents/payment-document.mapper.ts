import { DocumentRow } from './payment-documents.repository';

/** The row shape the response mappers read. */
export type DocumentRowLike = DocumentRow;
