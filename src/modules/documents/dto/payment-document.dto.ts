import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsOptional,
  IsString,
  Length,
  Matches,
} from 'class-validator';
import { PageQuery } from 'src/common/http/pagination';
import { DocumentRowLike } from '../payment-document.mapper';
import { PaymentDocumentContentDto } from './payment-document-content.dto';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
const ID = /^[1-9]\d{0,17}$/;

export class PreviewPaymentDocumentQuery {
  /** Account id. */
  @Matches(ID, { message: 'accountId must be an id' })
  accountId!: string;

  /** Billing period, YYYY-MM. */
  @Matches(PERIOD, { message: 'period must be YYYY-MM' })
  period!: string;
}

export class IssuePaymentDocumentDto {
  /** Account id. */
  @Matches(ID, { message: 'accountId must be an id' })
  accountId!: string;

  /** Billing period, YYYY-MM. */
  @Matches(PERIOD, { message: 'period must be YYYY-MM' })
  period!: string;
}

export class CorrectPaymentDocumentDto {
  /** Why the document is corrected (printed on the new one). */
  @IsString()
  @Length(3, 500)
  reason!: string;
}

export class ListPaymentDocumentsQuery extends PageQuery {
  /** Only this period, YYYY-MM. */
  @IsOptional()
  @Matches(PERIOD, { message: 'period must be YYYY-MM' })
  period?: string;

  /** Only this account. */
  @IsOptional()
  @Matches(ID, { message: 'accountId must be an id' })
  accountId?: string;

  /** Only this building. */
  @IsOptional()
  @Matches(ID, { message: 'buildingId must be an id' })
  buildingId?: string;

  /** Only documents issued by this batch. */
  @IsOptional()
  @Matches(ID, { message: 'runId must be an id' })
  runId?: string;
}

export class PaymentDocumentDto {
  /** Document id. */
  id!: string;
  /** Number, gapless per organisation and year: YYYY-NNNNNN. */
  number!: string;
  /** Issuing organisation (executor). */
  organisationId!: string;
  /** Numbering year. */
  year!: number;
  /** Sequence number within the organisation and year. */
  seq!: number;
  /** Account id. */
  accountId!: string;
  /** Building id. */
  buildingId!: string;
  /** Billing period YYYY-MM. */
  period!: string;
  /** current, or superseded by a correction. */
  status!: 'current' | 'superseded';
  /** The document this one corrects. */
  supersedesId!: string | null;
  /** The correction that replaced this one. */
  supersededById!: string | null;
  /** Reason of the correction. */
  correctionReason!: string | null;
  /** Batch run that issued it. */
  runId!: string | null;
  /** Total due, roubles. */
  totalDue!: string;
  /** Due date. */
  dueDate!: string;
  /** Issue date. */
  issuedOn!: string;
  /** SHA-256 of the stored PDF (reprints are these bytes); null until it is rendered right after issue. */
  pdfSha256!: string | null;
  /** Who issued it. */
  issuedBy!: string;
  /** When it was issued. */
  issuedAt!: string;
}

export class PaymentDocumentWithContentDto extends PaymentDocumentDto {
  /** The frozen content. */
  content!: PaymentDocumentContentDto;
}

export function toPaymentDocumentResponse(r: DocumentRowLike): PaymentDocumentDto {
  return {
    id: r.id,
    number: r.number,
    organisationId: r.organisation_id,
    year: Number(r.year),
    seq: Number(r.seq),
    accountId: r.account_id,
    buildingId: r.building_id,
    period: r.period,
    status: r.status,
    supersedesId: r.supersedes_id,
    supersededById: r.superseded_by_id,
    correctionReason: r.correction_reason,
    runId: r.run_id,
    totalDue: r.total_due,
    dueDate: r.due_date,
    issuedOn: r.issued_on,
    pdfSha256: r.pdf_sha256,
    issuedBy: r.issued_by,
    issuedAt: new Date(r.issued_at).toISOString(),
  };
}

export class CreateDocumentRunDto {
  /** Billing period, YYYY-MM. */
  @Matches(PERIOD, { message: 'period must be YYYY-MM' })
  period!: string;

  /** true: every account open in the period. Exactly one of all, buildingId and accountIds. */
  @IsOptional()
  @IsBoolean()
  all?: boolean;

  /** Every account of this building. */
  @IsOptional()
  @Matches(ID, { message: 'buildingId must be an id' })
  buildingId?: string;

  /** These accounts. */
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(10000)
  @Matches(ID, { each: true, message: 'accountIds must be ids' })
  accountIds?: string[];
}

export class DocumentRunFailureDto {
  /** Account id. */
  accountId!: string;
  /** Stable code (e.g. PAYMENT_DOCUMENT_NO_CHARGES, DOCUMENT_CHUNK_FAILED). */
  code!: string;
  /** Reason. */
  message!: string;
}

export class DocumentRunChunksDto {
  /** Chunks waiting. */
  pending!: number;
  /** Chunks being issued. */
  running!: number;
  /** Chunks done. */
  done!: number;
  /** Chunks failed after all retries. */
  failed!: number;
}

export class DocumentRunDto {
  /** Run id. */
  id!: string;
  /** Billing period YYYY-MM. */
  period!: string;
  /** all, building or accounts. */
  scope!: string;
  /** Building of a building run. */
  buildingId!: string | null;
  /** queued, running, completed, completed_with_errors or failed. */
  status!: string;
  /** Accounts in the run. */
  total!: number;
  /** Accounts finished: issued + already issued + failed. */
  done!: number;
  /** Documents issued by this run. */
  issued!: number;
  /** Accounts that already had a current document for the period (idempotent re-run). */
  alreadyIssued!: number;
  /** Accounts that could not be issued (reasons in failures). */
  failed!: number;
  /** Failures with reasons. */
  failures!: DocumentRunFailureDto[];
  /** Chunks waiting, running, done and failed. */
  chunks!: DocumentRunChunksDto;
  /** Buildings of the run (each downloadable as a ZIP). */
  buildingIds!: string[];
  /** Who asked. */
  requestedBy!: string;
  /** Queue error, if the run could not be queued. */
  error!: string | null;
  /** Created. */
  createdAt!: string;
  /** Finished, or null. */
  finishedAt!: string | null;
}
