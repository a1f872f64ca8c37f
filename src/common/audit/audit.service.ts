import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from '../auth/roles';

export interface AuditEntry {
  actor: Pick<Principal, 'kind' | 'id' | 'name'>;
  action: string;
  entity: string;
  entityId?: string | null;
  reason?: string | null;
  requestId?: string | null;
  details?: Record<string, unknown>;
}

/** Append-only audit trail (who, when, what, which record, why). */
@Injectable()
export class AuditService {
  constructor(private readonly db: DataSource) {}

  async record(entry: AuditEntry, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.query(
      `INSERT INTO audit_log (actor_type, actor_id, actor_name, action, entity, entity_id, reason, request_id, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        entry.actor.kind,
        entry.actor.id,
        entry.actor.name,
        entry.action,
        entry.entity,
        entry.entityId ?? null,
        entry.reason ?? null,
        entry.requestId ?? null,
        entry.details ? JSON.stringify(entry.details) : null,
      ],
    );
  }
}
