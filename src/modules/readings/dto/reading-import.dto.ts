import { IsOptional, IsString, MaxLength } from 'class-validator';

export class ReadingImportQuery {
  /** Original file name, kept with the import record. */
  @IsOptional()
  @IsString()
  @MaxLength(255)
  fileName?: string;
}

export class ReadingImportLineResultDto {
  /** Line number in the file (the header is line 1). */
  line!: number;
  /** Meter the line was matched to; null when it names no known meter. */
  meterId!: string | null;
  /** Zone given on the line. */
  zone!: string;
  /** accepted (stored now), unchanged (already stored with the same value) or rejected. */
  status!: 'accepted' | 'unchanged' | 'rejected';
  /** Error code of a rejected line (same codes as POST /meters/{id}/readings). */
  code?: string;
  /** Why the line was rejected. */
  message?: string;
}

export class ReadingImportResponseDto {
  /** Id of the stored import record. */
  importId!: string;
  /** Data lines in the file (header and empty lines not counted). */
  lines!: number;
  /** Lines stored now. */
  accepted!: number;
  /** Lines already stored with the same values (a re-imported file is all unchanged). */
  unchanged!: number;
  /** Lines refused; nothing of their submission was stored. */
  rejected!: number;
  /** One result per data line, in file order. */
  results!: ReadingImportLineResultDto[];
}

export class ReadingImportJobDto {
  /** Id of the import job (GET /readings/import-jobs/{id}). */
  jobId!: string;
  /** Original file name. */
  fileName!: string | null;
  /** SHA-256 of the file, hex. */
  sha256!: string;
  /** queued, running, completed or failed (after the last retry; the lines done so far stay stored). */
  status!: 'queued' | 'running' | 'completed' | 'failed';
  /** Data lines in the file. */
  total!: number;
  /** Lines decided so far (stored, unchanged or rejected). */
  done!: number;
  /** Lines stored so far. */
  accepted!: number;
  /** Lines found already stored with the same values so far. */
  unchanged!: number;
  /** Lines rejected so far. */
  rejected!: number;
  /** Attempts made by the worker. */
  attempts!: number;
  /** The import record with per-line results (GET /readings/imports/{id}) once completed, else null. */
  importId!: string | null;
  /** Error of the last failed attempt, or null. */
  error!: string | null;
  /** Who sent the file. */
  createdBy!: string;
  /** When the file was received (ISO 8601). */
  createdAt!: string;
  /** When the job finished (ISO 8601), or null. */
  finishedAt!: string | null;
}
