import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Role, Roles } from 'src/common/auth/roles';
import { Page, PageDto, pageOf } from 'src/common/http/pagination';
import { AuditQuery, AuditRecordDto } from './dto/audit-record.dto';

interface AuditRow {
  id: string;
  at: Date;
  actor_type: string;
  actor_id: string | null;
  actor_name: string;
  action: string;
  entity: string;
  entity_id: string | null;
  reason: string | null;
  request_id: string | null;
  details: Record<string, unknown> | null;
}

/** The audit trail, for the head of the service and auditors. */
@ApiTags('audit')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/audit-log')
export class AuditLogController {
  constructor(private readonly db: DataSource) {}

  @Roles(Role.Supervisor, Role.Auditor)
  @ApiOkResponse({ type: PageDto(AuditRecordDto) })
  @Get()
  async list(@Query() q: AuditQuery): Promise<Page<AuditRecordDto>> {
    const limit = q.limit ?? 100;
    const rows: AuditRow[] = await this.db.query(
      `SELECT * FROM audit_log
        WHERE ($1::text IS NULL OR entity = $1) AND ($2::text IS NULL OR entity_id = $2) AND id > $3
        ORDER BY id LIMIT $4`,
      [q.entity ?? null, q.entityId ?? null, q.after ?? '0', limit + 1],
    );
    return pageOf(rows.map(toAuditRecord), limit);
  }
}

function toAuditRecord(r: AuditRow): AuditRecordDto {
  return {
    id: r.id,
    at: r.at.toISOString(),
    actorType: r.actor_type,
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    reason: r.reason,
    requestId: r.request_id,
    details: r.details,
  };
}
