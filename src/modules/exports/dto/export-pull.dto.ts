import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { PullRow } from '../exports.repository';

export class ListExportPullsQuery {
  /** Page size, 1–500 (default 100). */
  @IsOptional()
  @Transform(({ value }) => (/^\d{1,3}$/.test(String(value)) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  /** Return pulls older than this id (the `nextBefore` of the previous page). */
  @IsOptional()
  @Matches(/^[1-9]\d{0,17}$/, { message: 'before must be an id' })
  before?: string;

  /** Only pulls by this principal (API key id or user id). */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'principalId must be an id' })
  principalId?: string;

  /** Only pulls of this period, YYYY-MM. */
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'period must be YYYY-MM' })
  period?: string;
}

export class ExportPullDto {
  /** Log entry id. */
  id!: string;
  /** When the pull was served (ISO 8601). */
  at!: string;
  /** api_key, user or bootstrap. */
  principalKind!: string;
  /** API key id or user id. */
  principalId!: string;
  /** API key name or user's name. */
  principalName!: string;
  /** download (whole file), manifest, page (full pull) or changes (incremental pull). */
  kind!: string;
  /** Billing period, YYYY-MM. */
  period!: string | null;
  /** csv, jsonl or xml for downloads and manifests; null for pages. */
  format!: string | null;
  /** Rows returned. */
  rows!: number;
  /** Cursor or changedSince received. */
  cursorIn!: string | null;
  /** Cursor handed back (next page, or changes cursor on the last page). */
  cursorOut!: string | null;
  /** Answered 304 Not Modified (If-None-Match matched). */
  notModified!: boolean;
  /** Personal data was included. */
  personalData!: boolean;
}

export class ExportPullsPageDto {
  /** Pulls, newest first. */
  items!: ExportPullDto[];
  /** Pass as `before` for older pulls; null on the last page. */
  nextBefore!: string | null;
}

export function toExportPull(r: PullRow): ExportPullDto {
  return {
    id: r.id,
    at: r.at.toISOString(),
    principalKind: r.principal_kind,
    principalId: r.principal_id,
    principalName: r.principal_name,
    kind: r.kind,
    period: r.period,
    format: r.format,
    rows: r.rows,
    cursorIn: r.cursor_in,
    cursorOut: r.cursor_out,
    notModified: r.not_modified,
    personalData: r.personal_data,
  };
}
