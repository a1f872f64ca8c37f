import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from 'src/common/http/pagination';

export class AuditQuery extends PageQuery {
  /** Filter by entity (e.g. accounts, meters). */
  @IsOptional()
  @IsString()
  @MaxLength(50)
  entity?: string;

  /** Filter by entity id. */
  @IsOptional()
  @IsString()
  @MaxLength(50)
  entityId?: string;
}

export class AuditRecordDto {
  /** Record id (ascending in time). */
  id!: string;
  /** When it happened (ISO timestamp). */
  at!: string;
  /** user, api_key, bootstrap or anonymous. */
  actorType!: string;
  /** Id of the user or API key. */
  actorId!: string | null;
  /** Name of the actor (user full name, key name, or the login tried). */
  actorName!: string;
  /** HTTP method and route, e.g. "POST /api/v1/meters/:id/readings". */
  action!: string;
  /** Entity kind (first path segment, e.g. meters). */
  entity!: string;
  /** Id of the record created or changed. */
  entityId!: string | null;
  /** Reason given in the body or the X-Reason header. */
  reason!: string | null;
  /** Request id of the structured log line. */
  requestId!: string | null;
  /** Outcome (ok or the error code), path parameters and the names of the fields sent. */
  details!: Record<string, unknown> | null;
}
