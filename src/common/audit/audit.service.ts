import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from '../auth/roles';
import { prepared } from 'src/database/prepared';

export interface AuditEntry {
  actor: Pick<Principal, 'kind' | 'id' | 'name'>;
  action: string;
  entity: string;
  entityId?: string | null;
  reason?: string | null;
  requestId?: string | null;
  details?: Record<string, unknown>;
}

interface Queued {
  entry: AuditEntry;
  at: Date;
  done: (error?: unknown) => void;
}

/** Append-only audit trail (who, when, what, which record, why). */
@Injectable()
export class AuditService {
  private queue: Queued[] = [];
  private flushing = false;

  constructor(private readonly db: DataSource) {}

  /**
   * Records an entry outside any transaction, grouped with the entries of concurrent requests into
   * one multi-row INSERT (group commit): at most one such INSERT is in flight, and the entries that
   * arrive meanwhile go together in the next. The promise settles when the entry's INSERT has
   * committed (or failed), so the caller answers only after its record exists — nothing is held in
   * memory past the answer, and no latency is added when the API is idle. `at` is the call's time.
   */
  recordGrouped(entry: AuditEntry): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ entry, at: new Date(), done: (e) => (e === undefined ? resolve() : reject(e)) });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, 500);
        try {
          await this.insertMany(batch);
          for (const q of batch) q.done();
        } catch (e) {
          for (const q of batch) q.done(e ?? new Error('audit insert failed'));
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private async insertMany(batch: Queued[]): Promise<void> {
    const rows = batch.map(({ entry: e, at }) => ({
      at: at.toISOString(),
      actor_type: e.actor.kind,
      actor_id: e.actor.id,
      actor_name: e.actor.name,
      action: e.action,
      entity: e.entity,
      entity_id: e.entityId ?? null,
      reason: e.reason ?? null,
      request_id: e.requestId ?? null,
      details: e.details ?? null,
    }));
    await this.db.query(
      prepared(`INSERT INTO audit_log (at, actor_type, actor_id, actor_name, action, entity, entity_id, reason, request_id, details)
       SELECT at, actor_type, actor_id, actor_name, action, entity, entity_id, reason, request_id, details
         FROM jsonb_to_recordset($1::jsonb) AS x(at timestamptz, actor_type text, actor_id text,
              actor_name text, action text, entity text, entity_id text, reason text, request_id text, details jsonb)`),
      [JSON.stringify(rows)],
    );
  }

  async record(entry: AuditEntry, manager: EntityManager = this.db.manager): Promise<void> {
    const { sql, params } = auditInsert(entry, 1);
    await manager.query(sql, params);
  }
}

/**
 * The insert of one entry (`at` = now(), the time of the writing transaction) as a statement or a
 * data-modifying CTE of a caller's statement, its parameters numbered from `$first`.
 */
export function auditInsert(entry: AuditEntry, first: number): { sql: string; params: unknown[] } {
  const $ = Array.from({ length: 9 }, (_, i) => `$${first + i}`).join(', ');
  return {
    sql: `INSERT INTO audit_log (actor_type, actor_id, actor_name, action, entity, entity_id, reason, request_id, details)
       VALUES (${$})`,
    params: [
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
  };
}
